package dev.multitask.bench.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the parent JVM holds, sampled from {@code /proc}: mappings of multitask segments, segment
 * files, open descriptors, threads and live child processes. The soak samples every few seconds and
 * checks that the figures stay bounded.
 *
 * <p>Segment files are counted in {@code $MULTITASK_SHM_DIR} when it is set (the soak's own
 * directory: every file there is the soak's or its children's), else only this JVM's own ({@code
 * /dev/shm/multitask-<pid>-*}), since other programs may use {@code /dev/shm} too. A process's
 * deadlock wait table ({@code multitask-<pid>-00000000000000f0}), which lives as long as the
 * process, is not counted.
 */
record Resources(long mappings, long files, long fds, long threads, long children) {
  /** The name's end of a process's deadlock wait table, which lives as long as the process. */
  private static final String WAIT_TABLE = "-00000000000000f0";

  private static final String SELF = Long.toString(ProcessHandle.current().pid());

  static Path shmDir() {
    String dir = System.getenv("MULTITASK_SHM_DIR");
    return dir == null || dir.isBlank() ? Path.of("/dev/shm") : Path.of(dir);
  }

  private static boolean ownDir() {
    String dir = System.getenv("MULTITASK_SHM_DIR");
    return dir != null && !dir.isBlank();
  }

  static Resources sample() {
    return new Resources(
        countMappings(), countFiles(), countFds(), countThreads(), countChildren());
  }

  /** Lines of {@code /proc/self/maps} that map a multitask segment. */
  static long countMappings() {
    String marker = shmDir().toString() + "/multitask-";
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.filter(l -> l.contains(marker) && !l.contains(WAIT_TABLE)).count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The distinct multitask segment files this JVM maps, for a report of what is left. */
  static List<String> mappedFiles() {
    String marker = shmDir().toString() + "/multitask-";
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines
          .filter(l -> l.contains(marker) && !l.contains(WAIT_TABLE))
          .map(l -> l.substring(l.indexOf(marker) + shmDir().toString().length() + 1))
          .distinct()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The multitask segment files in the directory (as counted), for a report of what is left. */
  static List<String> fileNames() {
    String prefix = ownDir() ? "multitask-" : "multitask-" + SELF + "-";
    try (Stream<Path> files = Files.list(shmDir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && !n.endsWith(WAIT_TABLE))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The kernel's boot time in seconds ({@code btime} of {@code /proc/stat}), or -1. It moves when
   * the wall clock is stepped; each JVM reads it once, to turn a process's start (in ticks since
   * boot) into an instant, so JVMs started on either side of a move disagree on every process's
   * start time by the move. The soak watches it, since process locks tell a live owner from a
   * reused pid by that start time.
   */
  static long bootTime() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
      return lines
          .filter(l -> l.startsWith("btime "))
          .mapToLong(l -> Long.parseLong(l.substring(6).trim()))
          .findFirst()
          .orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long countFiles() {
    String prefix = ownDir() ? "multitask-" : "multitask-" + SELF + "-";
    try (Stream<Path> files = Files.list(shmDir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && !n.endsWith(WAIT_TABLE))
          .count();
    } catch (IOException e) {
      return -1;
    }
  }

  static long countFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }

  static long countThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  static long countChildren() {
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
  }

  /** The children's pids, for a report of the ones left. */
  static List<Long> childPids() {
    List<Long> pids = new ArrayList<>();
    ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .forEach(c -> pids.add(c.pid()));
    return pids;
  }

  Resources max(Resources o) {
    return new Resources(
        Math.max(mappings, o.mappings),
        Math.max(files, o.files),
        Math.max(fds, o.fds),
        Math.max(threads, o.threads),
        Math.max(children, o.children));
  }

  static Resources zero() {
    return new Resources(0, 0, 0, 0, 0);
  }

  @Override
  public String toString() {
    return "maps="
        + mappings
        + " files="
        + files
        + " fds="
        + fds
        + " threads="
        + threads
        + " children="
        + children;
  }
}
