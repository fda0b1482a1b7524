package dev.multitask.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dmultitask.trace=DIR} traces a program that knows nothing of tracing, and writes the
 * trace into DIR as the program exits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PropertyTraceTest {
  @Test
  void property_onAnyProgram_writesItsTraceAtExit(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("trace");
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-D" + Trace.PROPERTY + "=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                PropertyTraceMain.class.getName())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the program did not end");
    } finally {
      p.destroyForcibly().waitFor();
    }
    String said = Files.readString(out) + "\n---- stderr ----\n" + Files.readString(err);
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.contains("multitask: trace of "), said);
    long child = Long.parseLong(Files.readString(out).strip().replace("child ", ""));

    String json = Files.readString(dir.resolve(Recording.JSON_FILE));
    assertEquals(List.of(), TraceEventSchema.problems(json));
    List<?> events = (List<?>) ((Map<?, ?>) Json.parse(json)).get("traceEvents");
    boolean childJob = false;
    boolean threadJob = false;
    for (Object o : events) {
      Map<?, ?> e = (Map<?, ?>) o;
      if ("job".equals(e.get("cat"))) {
        childJob |= "child-job".equals(e.get("name")) && e.get("pid").equals(child);
        threadJob |= "thread-job".equals(e.get("name")) && e.get("pid").equals(p.pid());
      }
    }
    assertTrue(childJob && threadJob, "both jobs in " + json);
    assertTrue(Files.readString(dir.resolve(Recording.HTML_FILE)).contains("child-job"));
  }
}
