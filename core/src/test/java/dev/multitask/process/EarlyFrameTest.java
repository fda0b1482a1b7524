package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ProcessOptions;
import dev.multitask.process.os.NativeAccess;
import dev.multitask.process.startup.LaunchSpec;
import dev.multitask.process.startup.Preload;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.WireDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker started for a waiting job gets the job's frame right behind the parent's challenge,
 * before it has proven its key ({@link Worker#sendEarly}). One that then fails the proof must not
 * be left to run the job: the parent kills it. A stand-in {@code java} starts {@link
 * ProofFailingWorker}, which reads the early frame, sends a wrong proof and waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EarlyFrameTest {
  @TempDir Path dir;

  @Test
  void worker_failingItsProofAfterTakingAnEarlyFrame_isKilled() throws Exception {
    assertTrue(
        NativeAccess.enabled(), "the tests run with native access, so workers get control pipes");
    LaunchSpec real = LaunchSpec.of(ProcessOptions.defaults());
    Path java = dir.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\nexec \"$MULTITASK_REAL_JAVA\" -cp \"$MULTITASK_TEST_CP\" "
            + ProofFailingWorker.class.getName()
            + "\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    Path marker = dir.resolve("marker");
    LaunchSpec fake =
        new LaunchSpec(
            java.toString(),
            real.classPath(),
            "",
            List.of(),
            Map.of(
                "MULTITASK_REAL_JAVA",
                real.java(),
                "MULTITASK_TEST_CP",
                real.classPath(),
                "MULTITASK_TEST_MARKER",
                marker.toString()),
            null);

    Worker worker = Worker.start(fake, false, Preload.NONE, List.of());
    try {
      assertTrue(
          worker.sendEarly(FrameChannel.begin(WireDescriptor.RUN, 16).writeLong(7), frame -> {}),
          "a worker started for a job takes a small frame early");

      assertEquals(
          -9,
          worker.ended().get(30, TimeUnit.SECONDS),
          "killed by the parent, not left to exit (or run the job)");
      assertEquals(
          WireDescriptor.CHALLENGE + " " + WireDescriptor.RUN + " 7",
          Files.readString(marker),
          "the worker had the job's frame when it failed its proof");
      ExecutionException notReady =
          assertThrows(ExecutionException.class, () -> worker.ready().get());
      assertTrue(
          notReady.getCause().getMessage().contains("exited with code -9 before it was ready"),
          notReady.getCause().getMessage());
    } finally {
      ProcessHandle.of(worker.pid())
          .ifPresent(ProcessHandle::destroyForcibly); // should the test fail
    }
  }
}
