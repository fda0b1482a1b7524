package dev.multitask.process;

import dev.multitask.pool.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The largest process pool this machine takes: {@link PoolOptions#PROCESS_WORKERS_PER_CPU} worker
 * JVMs per CPU, and no more than one per {@link PoolOptions#MEMORY_PER_PROCESS_WORKER_MIB} MiB of
 * the memory this process may use (the machine's, or its control group's limit when lower). A pool
 * starts all its workers at once, and an idle worker JVM holds some 55 MiB resident.
 */
final class PoolLimit {
  private PoolLimit() {}

  /**
   * Refuses a pool of more workers than this machine takes.
   *
   * @throws IllegalArgumentException naming {@code workers}, the limit and where it comes from
   */
  static void check(int workers) {
    int cpus = Runtime.getRuntime().availableProcessors();
    long perCpu = (long) PoolOptions.PROCESS_WORKERS_PER_CPU * cpus;
    long memoryMib = memoryMib();
    long byMemory =
        memoryMib > 0
            ? Math.max(1, memoryMib / PoolOptions.MEMORY_PER_PROCESS_WORKER_MIB)
            : Long.MAX_VALUE;
    long max = Math.min(perCpu, byMemory);
    if (workers > max) {
      throw new IllegalArgumentException(
          "a process pool of "
              + workers
              + " workers would start "
              + workers
              + " JVMs at once; this machine takes at most "
              + max
              + " ("
              + PoolOptions.PROCESS_WORKERS_PER_CPU
              + " per CPU for "
              + cpus
              + " CPUs"
              + (memoryMib > 0
                  ? ", and one per "
                      + PoolOptions.MEMORY_PER_PROCESS_WORKER_MIB
                      + " MiB of its "
                      + memoryMib
                      + " MiB of memory"
                  : "")
              + "): use fewer workers, or Multitask.threads()"
              + " or coroutines() for work that mostly waits");
    }
  }

  /**
   * The memory this process may use, in MiB: the least of the machine's and its control group's
   * limit; 0 if unknown.
   */
  static long memoryMib() {
    long machine = memInfoTotalKib() / 1024;
    long group = cgroupLimitBytes() >> 20;
    if (machine > 0 && group > 0) {
      return Math.min(machine, group);
    }
    return Math.max(machine, group);
  }

  private static long memInfoTotalKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.substring("MemTotal:".length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: no memory bound
    }
    return 0;
  }

  private static long cgroupLimitBytes() {
    for (String file :
        new String[] {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
      try {
        String value = Files.readString(Path.of(file)).trim();
        if (!value.equals("max")) {
          long bytes = Long.parseLong(value);
          if (bytes > 0 && bytes < Long.MAX_VALUE / 2) { // v1 says "no limit" with a huge number
            return bytes;
          }
        }
      } catch (IOException | RuntimeException e) {
        // no such control group file: look at the next
      }
    }
    return 0;
  }
}
