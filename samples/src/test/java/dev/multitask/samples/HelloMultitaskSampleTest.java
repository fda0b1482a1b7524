package dev.multitask.samples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multitask.Multitask;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds {@code samples/hello-multitask}, a project outside this build, as a user's project is
 * built: against the {@code multitask-core} artifact installed in a local repository. The artifact
 * is this build's core jar (on this test's class path) with its POM and the parent POM, installed
 * into a fresh local repository whose tail is this build's own (for Maven's plugins and JUnit, read
 * only); Maven runs offline with {@code ./mvnw -f} on a copy of the sample, which runs the sample's
 * own test; then the packaged program runs with {@code java} on the class path, with and without
 * the native-access flag. Nothing is left behind: every file is under a temporary directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloMultitaskSampleTest {
  private static final String PROGRAM_OUTPUT =
      """
      job: ran in another process: true
      queue: hello from a child
      pool: [1, 4, 9, 16, 25]
      """;

  /** Generous: the machines that build this are often loaded; a quiet one needs ~15 s. */
  private static final long MAVEN_TIMEOUT_MINUTES = 10;

  private static final long PROGRAM_TIMEOUT_MINUTES = 3;

  private final Path root = Path.of(System.getProperty("multitask.root")).normalize();
  private final String version = System.getProperty("multitask.version");

  @TempDir static Path tmp;

  private Path sample;
  private Path coreJar;
  private Run build;

  @BeforeAll
  void buildTheSample() throws Exception {
    Path repo = tmp.resolve("repo");
    coreJar = installCore(repo);
    sample = tmp.resolve("hello-multitask");
    copyTree(root.resolve("samples/hello-multitask"), sample);
    build =
        run(
            MAVEN_TIMEOUT_MINUTES,
            Map.of("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow", "MAVEN_ARGS", ""),
            root.resolve("mvnw").toString(),
            "-o",
            "-B",
            "-f",
            sample.resolve("pom.xml").toString(),
            "-Dmaven.repo.local=" + repo,
            "-Dmaven.repo.local.tail=" + System.getProperty("multitask.localRepository"),
            "verify");
  }

  @Test
  void samplePom_pinsTheVersionsOfThisBuild() throws IOException {
    String pom = Files.readString(root.resolve("samples/hello-multitask/pom.xml"));
    List<Executable> checks = new ArrayList<>();
    for (String pin : System.getProperty("multitask.pins").split(",")) {
      String artifact = pin.substring(0, pin.indexOf('='));
      String wanted = pin.substring(pin.indexOf('=') + 1);
      Matcher m =
          Pattern.compile(
                  "<artifactId>"
                      + Pattern.quote(artifact)
                      + "</artifactId>\\s*<version>([^<]*)</version>")
              .matcher(pom);
      String pinned = m.find() ? m.group(1) : "nothing";
      checks.add(
          () ->
              assertEquals(
                  wanted,
                  pinned,
                  "samples/hello-multitask/pom.xml pins "
                      + artifact
                      + " to "
                      + pinned
                      + " but this build uses "
                      + wanted
                      + ": pin the same, as the sample's build may use only what this one fetched"));
    }
    assertAll(checks);
  }

  @Test
  void mavenBuild_offlineAgainstTheInstalledArtifact_passesTheSamplesTest() {
    assertAll(
        () -> assertEquals(0, build.exitCode(), () -> "the sample's Maven build failed:\n" + build),
        () -> assertTrue(build.out().contains(PROGRAM_OUTPUT), () -> "output:\n" + build),
        () ->
            assertTrue(
                build.out().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"),
                () -> "output:\n" + build));
  }

  @Test
  void program_onTheClassPathWithNativeAccess_runsAJobAQueueAndAPool() throws Exception {
    Run program = runProgram("--enable-native-access=ALL-UNNAMED");
    assertAll(
        () -> assertEquals(0, program.exitCode(), program::toString),
        () -> assertEquals(PROGRAM_OUTPUT, program.out(), program::toString),
        () -> assertFalse(program.err().contains("WARNING"), program::toString));
  }

  @Test
  void program_withoutNativeAccess_runsTheSameAndPrintsNoWarning() throws Exception {
    Run program = runProgram();
    assertAll(
        () -> assertEquals(0, program.exitCode(), program::toString),
        () -> assertEquals(PROGRAM_OUTPUT, program.out(), program::toString),
        () -> assertFalse(program.err().contains("WARNING"), program::toString));
  }

  private Run runProgram(String... flags) throws Exception {
    Path jar = sample.resolve("target/hello-multitask-1.0.0.jar");
    assertTrue(Files.isRegularFile(jar), () -> "the sample's build made no jar:\n" + build);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(flags));
    // no ahead-of-time cache: its training would outlive the program in the background
    cmd.addAll(
        List.of("-Dmultitask.aot=false", "-cp", jar + File.pathSeparator + coreJar, "hello.Hello"));
    return run(PROGRAM_TIMEOUT_MINUTES, Map.of(), cmd.toArray(String[]::new));
  }

  /**
   * Installs core's jar, its POM and the parent POM in the local repository's layout, as {@code mvn
   * install} does; by hand, because the install plugin is not among what a {@code verify} of this
   * build has fetched.
   */
  private Path installCore(Path repo) throws Exception {
    Path built =
        Path.of(Multitask.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path core = repo.resolve("dev/multitask/multitask-core/" + version);
    Path parent = repo.resolve("dev/multitask/multitask-parent/" + version);
    Files.createDirectories(core);
    Files.createDirectories(parent);
    Path jar = core.resolve("multitask-core-" + version + ".jar");
    if (Files.isDirectory(built)) {
      jar(built, jar); // a build that stopped before the package phase: core's classes directory
    } else {
      Files.copy(built, jar);
    }
    Files.copy(root.resolve("core/pom.xml"), core.resolve("multitask-core-" + version + ".pom"));
    Files.copy(root.resolve("pom.xml"), parent.resolve("multitask-parent-" + version + ".pom"));
    return jar;
  }

  private static void jar(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path rel = from.relativize(f);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("target")) {
          continue; // a build of the sample made by hand in the source tree
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** Runs a command in {@link #tmp} with its output in files, killing it if it overruns. */
  private Run run(long timeoutMinutes, Map<String, String> env, String... cmd) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(tmp.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      fail(
          String.join(" ", cmd)
              + " did not end within "
              + timeoutMinutes
              + " minutes:\n"
              + Files.readString(out)
              + Files.readString(err));
    }
    Run r =
        new Run(
            String.join(" ", cmd),
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    System.out.println(r);
    return r;
  }

  /** A finished command. */
  private record Run(String command, int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "---- "
          + command
          + " -> "
          + exitCode
          + "\n"
          + out
          + (err.isEmpty() ? "" : "---- err\n" + err);
    }
  }
}
