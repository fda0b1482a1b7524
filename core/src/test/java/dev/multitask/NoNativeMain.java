package dev.multitask;

import dev.multitask.process.os.NativeAccess;
import java.nio.file.Path;

/**
 * A parent program for {@link ProcessJobTest#withoutNativeAccess_exitCodesAreReported}: started
 * with {@code -Dmultitask.noNative=true}, it runs jobs that end in each way and prints one {@code
 * RESULT key=value} line per outcome.
 *
 * <p>Usage: {@code NoNativeMain <scratch directory>}
 */
public final class NoNativeMain {
  private NoNativeMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    report("native", NativeAccess.enabled());
    try (Context ctx = Multitask.processes()) {
      report("result", ctx.start(() -> 6 * 7).result());
      report("kill", stopped(ctx, dir.resolve("kill-started").toString(), true));
      report("terminate", stopped(ctx, dir.resolve("terminate-started").toString(), false));
      report("exit3", exitCode(ctx.start((Action) () -> System.exit(3))));
      report("exit137", exitCode(ctx.start((Action) () -> System.exit(137))));
      report("halt137", exitCode(ctx.start((Action) () -> Runtime.getRuntime().halt(137))));
    }
  }

  private static int stopped(Context ctx, String started, boolean kill)
      throws InterruptedException {
    Job<String> job = ctx.start(JobContract.sleepAfterTouching(started));
    Gates.awaitStarted(job, started);
    if (kill) {
      job.kill();
    } else {
      job.terminate();
    }
    return exitCode(job);
  }

  private static int exitCode(Job<?> job) throws InterruptedException {
    job.join();
    return job.exitCode().orElseThrow();
  }

  private static void report(String key, Object value) {
    System.out.println("RESULT " + key + "=" + value);
  }
}
