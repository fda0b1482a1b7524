package dev.multitask.process.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The classes of multitask's own that a worker loads to attach and use the shared objects a job
 * captures (locks, events, semaphores, barriers, shared values, queues, shared memory), listed in
 * {@link #RESOURCE}. A cold worker's cache is trained with them when a job class names one of
 * multitask's shared-object types: a class the cache lacks is read from the class path's jar, and a
 * fresh JVM's first read of a jar reads its whole directory (~30 ms of a cold job for the bench's
 * 28 MB jar, measured), where each class in the cache costs every worker ~25 µs.
 */
final class SharedObjectClasses {
  static final String RESOURCE = "/dev/multitask/process/startup/shared-object-classes.txt";

  /** The listed names; empty if the list cannot be read (training is an optimisation). */
  static final List<String> NAMES = read();

  /** Packages whose types, named by a job's class, say that its jobs capture shared objects. */
  private static final List<String> API =
      List.of("dev.multitask.sync.", "dev.multitask.shared.", "dev.multitask.ipc.");

  private SharedObjectClasses() {}

  /** Whether a class naming {@code name} may capture a shared object. */
  static boolean isSharedObjectType(String name) {
    for (String prefix : API) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> read() {
    try (InputStream in = SharedObjectClasses.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
