package dev.multitask.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster over TLS with a password, end to end: a {@code redis-server} of the test's own that
 * speaks only TLS, with a certificate for 127.0.0.1 signed by a throwaway certificate authority,
 * and clients in child JVMs ({@link TlsClientMain}), because a JVM's trust store is read from its
 * system properties ({@code javax.net.ssl.trustStore}) when its default SSL context is made. Also
 * the errors a user meets: no trust store for the server's authority, a certificate for another
 * host, a wrong or missing password, a {@code redis://} URL for the TLS port.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterTlsTest {
  /** How long a child JVM may take: a failure must come well before it, not after a hang. */
  private static final long CHILD_WAIT_SECONDS = 60;

  private static final String PASSWORD = "tls-" + randomHex();
  private static final String STORE_PASSWORD = "store-" + randomHex();

  private static Path dir;
  private static Path trustStore;
  private static LocalRedis server;

  @BeforeAll
  static void startServer() throws Exception {
    dir = Files.createTempDirectory("multitask-tls-");
    makeCertificates(dir);
    trustStore = dir.resolve("trust.p12");
    writeTrustStore(dir.resolve("ca.crt"), trustStore);
    server =
        LocalRedis.startWithTls(
            dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt"), PASSWORD);
  }

  @AfterAll
  static void stopServer() throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (dir != null) {
        delete(dir);
      }
    }
  }

  @Test
  void primitives_overTlsWithPasswordAndTrustStore_work() throws Exception {
    assertTrue(server.url().startsWith("rediss://:" + PASSWORD + "@127.0.0.1:"), server.url());
    Child child = runClient(server.url(), trustStoreOptions());
    assertEquals(0, child.exit(), child.toString());
    assertEquals(
        List.of(
            "connected",
            "queue took: hello over TLS",
            "lock locked: true",
            "lock locked after unlock: false",
            "sharedLong: 42"),
        child.out(),
        child.toString());
  }

  /**
   * A job runs in a child JVM of a worker, and reaches the queue it was handed from there: over TLS
   * too, with the trust store the worker was started with.
   */
  @Test
  void job_onWorkerStartedWithTrustStore_reachesQueueFromItsChildJvm() throws Exception {
    List<String> command =
        new ArrayList<>(LocalCluster.workerCommand(server.url(), "tls-worker", 1));
    command.addAll(1, trustStoreOptions());
    Path log = Files.createTempFile(dir, "worker-", ".log");
    Process worker =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    try {
      Child child = runClient(server.url(), trustStoreOptions(), "job");
      String context = child + "\nworker:\n" + Files.readString(log);
      assertEquals(0, child.exit(), context);
      assertEquals(
          List.of("job returned", "queue took: hello from a job"),
          child.out().subList(child.out().size() - 2, child.out().size()),
          context);
    } finally {
      worker.getOutputStream().close(); // its lifeline: it stops, and its child JVMs with it
      if (!worker.waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
        worker.waitFor();
      }
    }
  }

  @Test
  void primitives_insecureTlsWithoutTrustStore_work() throws Exception {
    Child child = runClient(server.url(), List.of("-Dmultitask.redis.insecureTls=true"));
    assertEquals(0, child.exit(), child.toString());
    assertEquals("sharedLong: 42", child.out().getLast(), child.toString());
  }

  @Test
  void connect_withoutTrustStore_failsNamingServerAndTrustStore() throws Exception {
    Child child = runClient(server.url(), List.of());
    String error = child.failure();
    assertTrue(error.contains("cannot connect to " + tlsServer()), error);
    assertTrue(error.contains("does not trust the server's TLS certificate"), error);
    assertTrue(error.contains("-Djavax.net.ssl.trustStore=FILE"), error);
    assertFalse(child.err().contains(PASSWORD), "the password is printed: " + child.err());
  }

  @Test
  void connect_certificateForAnotherHost_failsNamingServerAndCertificate() throws Exception {
    String url = "rediss://:" + PASSWORD + "@localhost:" + server.port();
    Child child = runClient(url, trustStoreOptions());
    String error = child.failure();
    assertTrue(error.contains("cannot connect to rediss://***@localhost:" + server.port()), error);
    assertTrue(error.contains("does not trust the server's TLS certificate"), error);
    assertTrue(error.contains("must name the URL's host"), error);
    assertFalse(child.err().contains(PASSWORD), "the password is printed: " + child.err());
  }

  @Test
  void connect_withWrongPassword_failsNamingServerWithoutPassword() throws Exception {
    String wrong = "wrong-" + randomHex();
    Child child =
        runClient("rediss://:" + wrong + "@127.0.0.1:" + server.port(), trustStoreOptions());
    String error = child.failure();
    assertTrue(error.contains("cannot connect to " + tlsServer()), error);
    assertTrue(error.contains("the server refused the password"), error);
    assertFalse(child.err().contains(wrong), "the password is printed: " + child.err());
  }

  @Test
  void connect_withoutPassword_failsSayingOneIsRequired() throws Exception {
    Child child = runClient("rediss://127.0.0.1:" + server.port(), trustStoreOptions());
    String error = child.failure();
    assertTrue(error.contains("cannot connect to rediss://127.0.0.1:" + server.port()), error);
    assertTrue(error.contains("the server requires a password"), error);
  }

  /**
   * The server closes a plain connection to its TLS port: the error points at the scheme, at once
   * (a retry cannot help), not after the connection's patience of 15 s.
   */
  @Test
  void connect_plainUrlToTlsPort_failsAtOnceSuggestingRediss() throws Exception {
    String url = "redis://:" + PASSWORD + "@127.0.0.1:" + server.port();
    Child child = runClient(url, trustStoreOptions());
    String error = child.failure();
    assertTrue(error.contains("cannot connect to redis://***@127.0.0.1:" + server.port()), error);
    assertTrue(error.contains("the server speaks TLS on that port: use rediss://"), error);
    assertTrue(child.millis() < 10_000, "retried a port that speaks TLS: " + child);
    assertFalse(child.err().contains(PASSWORD), "the password is printed: " + child.err());
  }

  /** The server as errors name it: without the password. */
  private static String tlsServer() {
    return "rediss://***@127.0.0.1:" + server.port();
  }

  private static List<String> trustStoreOptions() {
    return List.of(
        "-Djavax.net.ssl.trustStore=" + trustStore,
        "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  /** What a child JVM printed, how it ended, and how long it took. */
  private record Child(int exit, List<String> out, String err, long millis) {
    /**
     * The first line of what the JVM printed for the exception that ended {@code main}, after
     * checking that it failed before it connected.
     */
    String failure() {
      assertNotEquals(0, exit, toString());
      assertFalse(out.contains("connected"), toString());
      return err.lines()
          .filter(l -> l.startsWith("Exception in thread \"main\""))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no exception from main: " + this));
    }

    @Override
    public String toString() {
      return "exit " + exit + " after " + millis + " ms, out " + out + ", err:\n" + err;
    }
  }

  /**
   * Runs {@link TlsClientMain} with {@code url} in a child JVM with {@code options}, waiting at
   * most {@link #CHILD_WAIT_SECONDS}; its output goes to files, so that it never blocks on a full
   * pipe.
   */
  private static Child runClient(String url, List<String> options, String... more)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(options);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), TlsClientMain.class.getName(), url));
    command.addAll(List.of(more));
    Path out = Files.createTempFile(dir, "client-", ".out");
    Path err = Files.createTempFile(dir, "client-", ".err");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    try {
      if (!process.waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)) {
        fail(
            "the client did not end within "
                + CHILD_WAIT_SECONDS
                + " s: out "
                + Files.readAllLines(out)
                + ", err:\n"
                + Files.readString(err));
      }
    } finally {
      process.destroyForcibly();
      process.waitFor();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Child child =
        new Child(process.exitValue(), Files.readAllLines(out), Files.readString(err), millis);
    System.out.println(
        "ClusterTlsTest: "
            + url.replaceFirst(":[^:@/]*@", ":***@")
            + " "
            + options.stream().map(o -> o.replaceFirst("=.*", "")).toList()
            + ": "
            + child);
    return child;
  }

  /**
   * Makes {@code ca.crt}, a self-signed certificate authority, and {@code server.crt} with {@code
   * server.key}, signed by it for IP address 127.0.0.1, with {@code openssl}.
   */
  private static void makeCertificates(Path dir) throws Exception {
    List<String> ec = List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
    List<String> ca = new ArrayList<>(List.of("openssl", "req", "-x509", "-new", "-nodes"));
    ca.addAll(ec);
    ca.addAll(
        List.of(
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "2",
            "-subj",
            "/CN=multitask test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign"));
    openssl(dir, ca);
    List<String> request = new ArrayList<>(List.of("openssl", "req", "-new", "-nodes"));
    request.addAll(ec);
    request.addAll(
        List.of("-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"));
    openssl(dir, request);
    Files.writeString(
        dir.resolve("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    openssl(
        dir,
        List.of(
            "openssl",
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "0x" + randomHex(),
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.crt"));
  }

  private static void openssl(Path dir, List<String> command) throws Exception {
    Path log = dir.resolve("openssl.log");
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "openssl is needed to make the test's certificates: install it (apt-get install"
              + " openssl)",
          e);
    }
    if (!p.waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor();
      fail("openssl did not end: " + command);
    }
    assertEquals(0, p.exitValue(), command + ": " + Files.readString(log));
  }

  /** Writes a PKCS12 trust store holding the certificate in {@code caFile}. */
  private static void writeTrustStore(Path caFile, Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      keys.setCertificateEntry(
          "multitask-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    try (OutputStream out = Files.newOutputStream(store)) {
      keys.store(out, STORE_PASSWORD.toCharArray());
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String randomHex() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
