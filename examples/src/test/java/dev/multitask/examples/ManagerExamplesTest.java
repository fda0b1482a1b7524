package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The tutorials' Manager examples, each run in a fresh JVM. */
class ManagerExamplesTest {
  @Test
  void managerDict_hundredProcessesDecrementToZero() {
    // a hundred JVMs, most of them cold: minutes on a busy 2-core machine, seconds on a quiet one
    ExampleRun run = ExampleRun.within(Duration.ofMinutes(4), "manager-dict").assertSucceeded();
    assertEquals(List.of("{key=0}"), run.lines(), run.output());
  }

  @Test
  void managerDictList_allTenPidsInTheDictAndTheList() {
    ExampleRun run = ExampleRun.of("manager-dict-list").assertSucceeded();
    Set<Long> workers = new HashSet<>();
    for (long[] line : run.numbers("^(\\d) worker: \\[(\\d+)")) {
      workers.add(line[0]);
    }
    assertEquals(Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), workers, run.output());

    Matcher results =
        Pattern.compile("^Results: \\{(.*)\\}$").matcher(run.lines().get(run.lines().size() - 2));
    assertTrue(results.find(), run.output());
    Set<Long> keys = new HashSet<>();
    Set<Long> dictPids = new HashSet<>();
    for (String entry : results.group(1).split(", ")) {
      String[] kv = entry.split("=");
      keys.add(Long.parseLong(kv[0]));
      dictPids.add(Long.parseLong(kv[1]));
    }
    assertEquals(workers, keys, "one entry per worker");
    Matcher list = Pattern.compile("^List: \\[(.*)\\]$").matcher(run.lines().getLast());
    assertTrue(list.find(), run.output());
    Set<Long> listPids =
        Stream.of(list.group(1).split(", ")).map(Long::parseLong).collect(Collectors.toSet());
    assertEquals(10, dictPids.size(), "ten different processes\n" + run.output());
    assertEquals(dictPids, listPids, "the same ten pids in the dict and the list\n" + run.output());
    assertTrue(!dictPids.contains(ProcessHandle.current().pid()));
  }
}
