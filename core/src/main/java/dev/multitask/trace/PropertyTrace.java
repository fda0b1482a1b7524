package dev.multitask.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code -Dmultitask.trace=DIR}: a trace of the whole program, started when the recorder is first
 * used (the library's first job, pool, lock wait or event loop) and written into DIR when the JVM
 * exits, by a shutdown hook. Worker JVMs never start one of their own: their parent asks for their
 * events.
 */
final class PropertyTrace {
  private static final String WORKER_MAIN = "dev.multitask.process.WorkerMain";

  private PropertyTrace() {}

  /** Called once, as the recorder is initialized. */
  static void startIfAsked() {
    String dir = System.getProperty(Trace.PROPERTY);
    if (dir == null
        || dir.isBlank()
        || System.getProperty("sun.java.command", "").contains(WORKER_MAIN)) {
      return;
    }
    Path out;
    try {
      out = Path.of(dir);
    } catch (RuntimeException e) {
      System.err.println(
          "multitask: -D"
              + Trace.PROPERTY
              + "="
              + dir
              + " is not a directory path ("
              + e.getMessage()
              + "); not tracing");
      return;
    }
    Trace trace = Trace.start();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(new Writer(trace, out), "multitask-trace-writer"));
  }

  /** The shutdown hook's body. */
  private record Writer(Trace trace, Path out) implements Runnable {
    @Override
    public void run() {
      try {
        Recording recording = trace.stop();
        Path html = recording.writeTo(out);
        System.err.println(
            "multitask: trace of "
                + recording.events().size()
                + " events written to "
                + out.resolve(Recording.JSON_FILE)
                + " and "
                + html
                + " (open it in a browser)");
      } catch (IOException | RuntimeException e) {
        System.err.println("multitask: could not write the trace into " + out + ": " + e);
      }
    }
  }
}
