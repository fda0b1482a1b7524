package dev.multitask.process.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removing a directory and what is in it, quietly: scratch space of trainings and run directories.
 */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Removes {@code dir} (or a file) and what is in it, as far as it can; a file another process
   * removes meanwhile is no failure.
   *
   * @param dir what to remove
   */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // what is left is swept at the next start
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // the directory went meanwhile (nothing left to do), or cannot be read: what is left is
      // swept at the next start
    }
  }
}
