package dev.multitask.process.shm;

import dev.multitask.process.sync.RemoteWaits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The segments this test JVM has left in the default directory: must be none after each test class.
 */
public final class ShmLeaks {
  private ShmLeaks() {}

  public static List<String> ours() throws IOException {
    String prefix = "multitask-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(SegmentFiles.directory())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .filter(
              n ->
                  !n.endsWith(
                      RemoteWaits.TABLE_SUFFIX)) // the per-process wait table lives until exit
          .sorted()
          .toList();
    }
  }
}
