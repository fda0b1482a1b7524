package dev.multitask.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A {@code redis-server} of this JVM's own, on a free loopback port, in a fresh directory: for
 * tests, the tour and benchmarks. The server runs under a small shell that holds a pipe from this
 * JVM, so it is stopped when this JVM exits, however it exits; {@link #close()} stops it and
 * deletes its directory.
 *
 * <p>With {@link #startWithAof(String)} the server appends every write to a file (fsync before each
 * reply), so {@link #restart()}, and even {@link #kill()} then {@link #restart()}, bring it back on
 * the same port with the data it had.
 *
 * <p>With {@link #startWithTls} the server speaks only TLS, on its one port: {@link #url()} is a
 * {@code rediss://} URL, and clients must trust the authority that signed the server's certificate.
 *
 * <p>Thread-safe. {@link #start()} blocks until the server accepts connections (at most 30 s).
 */
public final class LocalRedis implements AutoCloseable {
  private static final Duration READY_WAIT = Duration.ofSeconds(30);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final boolean aof;
  private final String password;

  /** An address of this host the server listens on besides 127.0.0.1, or null. */
  private final String address;

  /** The server's TLS files, or null when it speaks plain TCP. */
  private final TlsFiles tls;

  private Process shell;
  private long serverPid;

  private LocalRedis(
      Path dir, int port, boolean aof, String password, String address, TlsFiles tls) {
    this.dir = dir;
    this.port = port;
    this.aof = aof;
    this.password = password;
    this.address = address;
    this.tls = tls;
  }

  /**
   * Where {@code redis-server} is on this machine, looked for on the {@code PATH} and in {@code
   * /usr/bin}, {@code /usr/sbin} and {@code /usr/local/bin}.
   *
   * @return its path, or empty when it is not installed
   */
  public static Optional<Path> executable() {
    List<Path> places = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          places.add(Path.of(dir));
        }
      }
    }
    places.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin")));
    return places.stream()
        .map(d -> d.resolve("redis-server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts a server without persistence or password.
   *
   * @return the running server
   * @throws IllegalStateException if {@code redis-server} is not installed or does not start
   */
  public static LocalRedis start() {
    return start(false, null, null, null);
  }

  /**
   * Starts a server that appends every write to a file (fsync before each reply), so that {@link
   * #restart()} keeps the data.
   *
   * @param password the password clients must give, or null for none
   * @return the running server
   * @throws IllegalStateException if {@code redis-server} is not installed or does not start
   */
  public static LocalRedis startWithAof(String password) {
    return start(true, password, null, null);
  }

  /**
   * Starts a server that requires {@code password}.
   *
   * @param password the password clients must give
   * @return the running server
   * @throws IllegalArgumentException if the password is empty or has white space
   */
  public static LocalRedis startWithPassword(String password) {
    checkPassword(password);
    return start(false, password, null, null);
  }

  /**
   * Starts a server without persistence that requires {@code password} and speaks only TLS: no
   * plain port ({@code --port 0}), and clients need no certificate of their own ({@code
   * --tls-auth-clients no}). {@link #url()} is {@code rediss://:PASSWORD@127.0.0.1:PORT}; a JVM
   * that connects with it must trust {@code ca}, e.g. through {@code -Djavax.net.ssl.trustStore}.
   * The files stay where they are: the caller deletes them after {@link #close()}.
   *
   * @param cert the server's certificate (PEM), valid for 127.0.0.1
   * @param key the certificate's private key (PEM, not encrypted)
   * @param ca the certificate (PEM) of the authority that signed {@code cert}
   * @param password the password clients must give
   * @return the running server
   * @throws IllegalArgumentException if a file is not readable, or the password is empty or has
   *     white space
   * @throws IllegalStateException if {@code redis-server} is not installed, does not start (it is
   *     built without TLS, or refuses the files: its log is in the message), or {@code ca} is not a
   *     certificate
   */
  public static LocalRedis startWithTls(Path cert, Path key, Path ca, String password) {
    for (Path file : new Path[] {cert, key, ca}) {
      if (file == null || !Files.isReadable(file)) {
        throw new IllegalArgumentException(
            "the TLS files must be readable: cert=" + cert + ", key=" + key + ", ca=" + ca);
      }
    }
    checkPassword(password);
    return start(false, password, null, new TlsFiles(cert, key, ca, readyCheckSockets(ca)));
  }

  /**
   * Starts a server without persistence that requires {@code password} and listens on {@code
   * address} as well as on 127.0.0.1: for tests whose clients reach it from another network
   * namespace, through a virtual interface of this host that has {@code address}. {@link #url()}
   * names {@code address}. (Redis refuses clients from other hosts when it has no password.)
   *
   * @param address an IPv4 address of one of this host's interfaces, e.g. {@code 10.200.0.1}
   * @param password the password clients must give
   * @return the running server
   * @throws IllegalArgumentException if the address is not a dotted IPv4 address, or the password
   *     is empty or has white space
   * @throws IllegalStateException if {@code redis-server} is not installed or does not start (the
   *     address is not this host's)
   */
  public static LocalRedis startOn(String address, String password) {
    if (address == null || !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException(
          "address must be a dotted IPv4 address of this host: address=" + address);
    }
    checkPassword(password);
    return start(false, password, address, null);
  }

  private static void checkPassword(String password) {
    if (password == null
        || password.isEmpty()
        || password.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "password must be non-empty without white space: password is "
              + (password == null ? "null" : password.length() + " characters")); // not echoed
    }
  }

  private static LocalRedis start(boolean aof, String password, String address, TlsFiles tls) {
    if (executable().isEmpty()) {
      throw new IllegalStateException(
          "redis-server is not installed: install it (Debian: apt-get install redis-server)");
    }
    try {
      Path dir = Files.createTempDirectory("multitask-redis-");
      LocalRedis redis = new LocalRedis(dir, freePort(), aof, password, address, tls);
      try {
        redis.launch();
      } catch (RuntimeException e) {
        try {
          redis.close(); // else its directory would stay behind
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a directory for redis-server", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * The URL clients connect with.
   *
   * @return {@code redis://[:password@]127.0.0.1:PORT} ({@code rediss://} for {@link
   *     #startWithTls}), or the address given to {@link #startOn}
   */
  public String url() {
    return (tls == null ? "redis://" : "rediss://")
        + (password == null ? "" : ":" + password + "@")
        + (address == null ? "127.0.0.1" : address)
        + ":"
        + port;
  }

  /**
   * The port the server listens on, on 127.0.0.1 (its TLS port for {@link #startWithTls}).
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The server's process id, while it runs.
   *
   * @return the pid
   */
  public synchronized long pid() {
    return serverPid;
  }

  private synchronized void launch() {
    List<String> args =
        new ArrayList<>(
            List.of(
                executable().orElseThrow().toString(),
                "--port",
                tls == null ? Integer.toString(port) : "0",
                "--bind",
                address == null ? "127.0.0.1" : "127.0.0.1 " + address,
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--daemonize",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString(),
                "--appendonly",
                aof ? "yes" : "no",
                // with an append-only file every write is on disk before its reply: a restart loses
                // nothing
                "--appendfsync",
                aof ? "always" : "everysec"));
    if (password != null) {
      args.addAll(List.of("--requirepass", password));
    }
    if (tls != null) {
      args.addAll(
          List.of(
              "--tls-port",
              Integer.toString(port),
              "--tls-cert-file",
              tls.cert().toString(),
              "--tls-key-file",
              tls.key().toString(),
              "--tls-ca-cert-file",
              tls.ca().toString(),
              "--tls-auth-clients",
              "no"));
    }
    // the shell prints the server's pid, then waits for end-of-file on its stdin: our pipe, closed
    // by the kernel when this JVM dies, so no server outlives its tests
    List<String> command =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                "-c",
                "\"$@\" & pid=$!; echo $pid; cat >/dev/null; kill $pid 2>/dev/null; wait $pid",
                "sh"));
    command.addAll(args);
    try {
      shell = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      var reader =
          new BufferedReader(
              new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
      String line = reader.readLine();
      if (line == null) {
        throw new IllegalStateException("redis-server did not start: " + log());
      }
      serverPid = Long.parseLong(line.trim());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start redis-server", e);
    }
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)) {
        throw new IllegalStateException("redis-server exited at start: " + log());
      }
      if (answersPing()) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException(
        "redis-server did not accept connections within "
            + READY_WAIT.toSeconds()
            + " s on port "
            + port
            + ": "
            + log());
  }

  private boolean answersPing() {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      plain.setSoTimeout(2000);
      Socket socket =
          tls == null ? plain : tls.sockets().createSocket(plain, "127.0.0.1", port, true);
      OutputStream out = socket.getOutputStream();
      String auth = password == null ? "" : "AUTH " + password + "\r\n";
      out.write((auth + "PING\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String reply = in.readLine();
      if (password != null && reply != null) {
        reply = in.readLine();
      }
      // while it loads its append-only file, the server answers -LOADING
      return "+PONG".equals(reply);
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  private String log() {
    try {
      Path log = dir.resolve("redis.log");
      if (!Files.exists(log)) {
        return "(no log)";
      }
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Kills the server with SIGKILL and waits until it is gone: clients see their connections drop.
   * Writes of the last second may be lost, as after a crash.
   */
  public synchronized void kill() {
    ProcessHandle.of(serverPid)
        .ifPresent(
            p -> {
              p.destroyForcibly();
              awaitExit(p, STOP_WAIT);
            });
    stopShell();
  }

  /**
   * Stops the server if it runs (SIGTERM: it writes what it holds and exits) and starts it again on
   * the same port and directory; with an append-only file it comes back with its data. Clients see
   * their connections drop for the time of the restart.
   */
  public synchronized void restart() {
    ProcessHandle.of(serverPid)
        .ifPresent(
            p -> {
              p.destroy();
              if (!awaitExit(p, STOP_WAIT)) {
                p.destroyForcibly();
                awaitExit(p, STOP_WAIT);
              }
            });
    stopShell();
    launch();
  }

  /**
   * Waits until {@code p} (the shell's child, not ours) has exited, by polling: {@code
   * ProcessHandle.onExit()} completes in the common fork-join pool, which a caller's blocked tasks
   * may hold for as long as the server is away.
   */
  private static boolean awaitExit(ProcessHandle p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (p.isAlive()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      sleep(10);
    }
    return true;
  }

  private void stopShell() {
    if (shell != null) {
      try {
        shell.getOutputStream().close(); // the shell's cat ends; it kills and reaps the server
      } catch (IOException e) {
        // already closed: the shell is gone or going
      }
      try {
        if (!shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          shell.destroyForcibly();
        }
      } catch (InterruptedException e) {
        shell.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      shell = null;
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public synchronized void close() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  @Override
  public String toString() {
    return "LocalRedis[127.0.0.1:"
        + port
        + (aof ? ", aof" : "")
        + (tls != null ? ", tls" : "")
        + ", pid="
        + serverPid
        + "]";
  }

  /**
   * A TLS server's certificate, key and certificate authority (PEM files), and the sockets of the
   * readiness check, which trust that authority alone.
   */
  private record TlsFiles(Path cert, Path key, Path ca, SSLSocketFactory sockets) {}

  private static SSLSocketFactory readyCheckSockets(Path ca) {
    try (var in = Files.newInputStream(ca)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("not a PEM certificate: ca=" + ca + " (" + e + ")", e);
    }
  }
}
