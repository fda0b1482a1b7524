package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.JobFailedException;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker that runs task after task over its control channel, as pools will use it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerSessionTest {

  @Test
  void session_runsTasksOneAfterAnotherInOneWorker() throws Exception {
    try (WorkerSession session = WorkerSession.open(ProcessOptions.defaults())) {
      Task<Long> pid = () -> ProcessHandle.current().pid();
      long first = session.call(pid);
      assertEquals(session.pid(), first);
      assertNotEquals(ProcessHandle.current().pid(), first);
      for (int i = 0; i < 100; i++) {
        int n = i;
        assertEquals(n * n, session.call(() -> n * n));
      }
      assertEquals(first, session.call(pid), "the same worker ran every task");
    }
  }

  @Test
  void session_taskThrows_failsThatTaskAndKeepsServing() throws Exception {
    try (WorkerSession session = WorkerSession.open(ProcessOptions.defaults())) {
      JobFailedException e =
          assertThrows(
              JobFailedException.class,
              () ->
                  session.call(
                      () -> {
                        throw new IllegalArgumentException("bad item 7");
                      }));
      IllegalArgumentException cause =
          assertInstanceOf(IllegalArgumentException.class, e.getCause());
      assertEquals("bad item 7", cause.getMessage());
      assertEquals("still here", session.call(() -> "still here"));
    }
  }

  @Test
  void session_workerDies_failsTheRunningTask() throws Exception {
    try (WorkerSession session = WorkerSession.open(ProcessOptions.defaults())) {
      long pid = session.pid();
      Thread killer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(300);
                    } catch (InterruptedException e) {
                      return;
                    }
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                  });
      JobFailedException e =
          assertThrows(
              JobFailedException.class,
              () ->
                  session.call(
                      () -> {
                        Thread.sleep(30_000);
                        return "never";
                      }));
      killer.join();
      assertTrue(e.getMessage().contains("-9"), e.getMessage());
    }
  }
}
