package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code multitask trace}: the traced command runs as it would alone, and the files appear. */
class TraceCommandTest {
  @Test
  void trace_examplePoolRun_writesJsonAndHtml(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("out");
    CliRun alone = CliRun.of("examples", "processpool-map");
    CliRun traced =
        CliRun.of("trace", "--out", dir.toString(), "--", "examples", "processpool-map");
    assertEquals(Main.OK, traced.exitCode(), traced.toString());
    assertEquals(
        alone.outLines().size(), traced.outLines().size(), "the example prints what it prints");
    String json = Files.readString(dir.resolve("trace.json"));
    assertTrue(json.contains("\"cat\":\"task\""), "the pool's tasks: " + json);
    assertTrue(Files.readString(dir.resolve("trace.html")).contains(json.strip()));
    assertTrue(traced.err().contains("written to " + dir.resolve("trace.json")), traced.err());
    assertTrue(traced.err().contains("trace.html in a browser"), traced.err());
  }

  @Test
  void trace_commandOptionsWithoutDoubleDash_belongToTheTracedCommand(@TempDir Path tmp) {
    CliRun run =
        CliRun.of("trace", "--out", tmp.toString(), "sched", "--example", "silberschatz-fcfs");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("average waiting time: 17.00"), run.toString());
    assertTrue(Files.exists(tmp.resolve("trace.html")));
  }

  @Test
  void trace_tracedCommandFails_exitsWithItsCode(@TempDir Path tmp) {
    CliRun run = CliRun.of("trace", "--out", tmp.toString(), "--", "examples", "no-such-example");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("no example named 'no-such-example'"), run.toString());
  }

  @Test
  void trace_withoutCommandOrOut_isAUsageError(@TempDir Path tmp) {
    CliRun noCommand = CliRun.of("trace", "--out", tmp.toString());
    assertEquals(Main.USAGE, noCommand.exitCode(), noCommand.toString());
    CliRun noOut = CliRun.of("trace", "--", "sched", "--example", "silberschatz-fcfs");
    assertEquals(Main.USAGE, noOut.exitCode(), noOut.toString());
    assertTrue(noOut.err().contains("--out"), noOut.toString());
    assertFalse(Files.exists(tmp.resolve("trace.json")));
  }

  @Test
  void trace_ofItself_isAUsageError(@TempDir Path tmp) {
    CliRun run = CliRun.of("trace", "--out", tmp.toString(), "--", "trace", "--out", "x", "tour");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("not itself"), run.toString());
  }
}
