package dev.multitask.process;

import dev.multitask.engine.MainThread;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops daemon process jobs when the program's code ends, as Python's main process terminates its
 * daemonic children before joining the others: when the {@code main} thread ends, and at JVM
 * shutdown. (Every child also exits by itself when this JVM dies: its lifeline breaks.)
 */
final class DaemonJobs {
  private static final Set<ProcessJob<?>> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean watching;

  private DaemonJobs() {}

  static void track(ProcessJob<?> job) {
    if (!job.isDaemon()) {
      return;
    }
    LIVE.add(job);
    if (!watching) {
      startWatching();
    }
  }

  static void untrack(ProcessJob<?> job) {
    LIVE.remove(job);
  }

  private static synchronized void startWatching() {
    if (watching) {
      return;
    }
    watching = true;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(DaemonJobs::terminateAll, "multitask-daemon-jobs-exit"));
    Thread main = MainThread.find();
    if (main != null) {
      Thread.ofPlatform()
          .daemon(true)
          .name("multitask-main-watch")
          .start(
              () -> {
                try {
                  main.join();
                  terminateAll();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
  }

  private static void terminateAll() {
    for (ProcessJob<?> job : new ArrayList<>(LIVE)) {
      job.terminate();
    }
  }
}
