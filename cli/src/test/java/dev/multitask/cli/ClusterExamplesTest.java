package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.redis.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code multitask examples NAME --cluster URL} for the three examples that run unchanged on a
 * cluster, each in a fresh JVM as a user runs it, against a {@code redis-server} of the test's own
 * and three local worker JVMs. What the jobs print goes to the workers' output; the checks read
 * what each example's main prints.
 */
class ClusterExamplesTest {
  private static LocalCluster cluster;

  @BeforeAll
  static void startTheCluster() throws InterruptedException {
    cluster = LocalCluster.start(3, 2);
    assertTrue(cluster.awaitWorkers(Duration.ofMinutes(2)), "the workers joined " + cluster);
  }

  @AfterAll
  static void stopTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void producerConsumer_onTheCluster_consumesEachProductOnce() {
    String out = run("producer-consumer");
    assertTrue(out.contains("consumed 30 products, each once"), out);
    assertFalse(out.contains("produced product"), "the producers ran on the workers\n" + out);
  }

  @Test
  void poolFourFive_onTheCluster_runsFiveTasksFourAtATime() {
    String out = run("pool-four-five");
    assertFalse(out.contains("child process:"), "the tasks ran on the workers\n" + out);
    Matcher m = Pattern.compile("total took ([\\d.]+) s").matcher(out);
    assertTrue(m.find(), out);
    // four 2 s tasks at once, then the fifth: at least two rounds
    assertTrue(Double.parseDouble(m.group(1)) >= 3.9, out);
    Matcher ran = Pattern.compile("5 tasks ran in (\\d+) worker processes").matcher(out);
    assertTrue(ran.find(), out);
    int pids = Integer.parseInt(ran.group(1));
    assertTrue(2 <= pids && pids <= 5, "the workers' child JVMs ran them: " + out);
  }

  @Test
  void ticketLock_onTheCluster_sellsExactlyThree() {
    String out = run("ticket-lock");
    assertFalse(out.contains("bought a ticket"), "the buyers ran on the workers\n" + out);
    assertTrue(out.contains("tickets at the start: 3, sold: 3, left in the file: 0"), out);
  }

  @Test
  void examples_onTheCluster_refuseOneThatDoesNotRunThere() {
    CliRun run = CliRun.of("examples", "process-join", "--cluster", cluster.url());
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("does not run on a cluster"), run.toString());
  }

  /** Runs {@code multitask examples NAME --cluster URL} in a fresh JVM; returns its output. */
  private static String run(String name) {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "examples",
            name,
            "--cluster",
            cluster.url());
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("example " + name + " on the cluster hung");
      }
      String text = out.get(30, TimeUnit.SECONDS);
      System.out.println("---- examples " + name + " --cluster -> " + p.exitValue() + "\n" + text);
      assertEquals(0, p.exitValue(), text);
      return text;
    } catch (Exception e) {
      throw new AssertionError("example " + name + " on the cluster failed to run", e);
    }
  }
}
