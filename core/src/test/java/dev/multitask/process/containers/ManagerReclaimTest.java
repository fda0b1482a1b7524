package dev.multitask.process.containers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.process.sync.RemoteWaits;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A closed manager leaves nothing mapped in the process that made it: a program that makes and
 * closes managers in one long-lived context keeps a flat number of mappings, where each closed
 * container once kept its control segment mapped for the life of the JVM (the JVM aborts at {@code
 * vm.max_map_count}, ~65 000 mappings).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerReclaimTest {
  private static final int MANAGERS = 200;
  private static final int SLACK = 16;

  private static long mappings() throws IOException {
    String dir = System.getenv().getOrDefault("MULTITASK_SHM_DIR", "/dev/shm");
    String prefix = (dir.isBlank() ? "/dev/shm" : dir) + "/multitask-";
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.filter(l -> l.contains(prefix) && !l.contains(RemoteWaits.TABLE_SUFFIX)).count();
    }
  }

  @Test
  void close_manyManagersInOneContext_leavesMappingsFlat() throws IOException {
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      long before = mappings();
      for (int i = 0; i < MANAGERS; i++) {
        SharedMap<String, Long> d;
        SharedList<Long> l;
        try (Manager m = ctx.manager()) {
          d = m.dict();
          l = m.list();
          d.put("k", (long) i);
          l.add((long) i);
        }
        SharedMap<String, Long> closedMap = d;
        SharedList<Long> closedList = l;
        // still held, yet closed: calls fail with the manager's message, not on unmapped memory
        IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> closedMap.get("k"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, closedList::size);
      }
      long after = mappings();
      assertTrue(
          after <= before + SLACK,
          "mappings went from "
              + before
              + " to "
              + after
              + " over "
              + MANAGERS
              + " closed managers");
    }
  }
}
