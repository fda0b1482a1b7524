package dev.multitask.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

/** The {@link SharedMap} contract; run over every backend by {@link ManagerContractTest}. */
abstract class SharedMapContract {
  /** The run of the backend under test. */
  abstract ContainerContract run();

  private SharedMap<String, Long> longs() {
    return run().manager().dict();
  }

  @Test
  void put_byParentThenJob_isSeenByBoth() throws Exception {
    SharedMap<String, Long> d = longs();
    d.put("parent", 1L);

    Long seen =
        run()
            .ctx()
            .start(
                () -> {
                  d.put("job", 2L);
                  return d.get("parent");
                })
            .result();

    assertEquals(1L, seen);
    assertEquals(2L, d.get("job"));
    assertEquals(Map.of("parent", 1L, "job", 2L), d);
  }

  @Test
  void get_absentKey_returnsNull() {
    SharedMap<String, Long> d = longs();
    assertNull(d.get("nothing"));
    assertFalse(d.containsKey("nothing"));
    assertTrue(d.isEmpty());
  }

  @Test
  void put_existingKey_returnsOldValueAndKeepsItsPlace() {
    SharedMap<String, Long> d = longs();
    d.put("a", 1L);
    d.put("b", 2L);

    assertEquals(1L, d.put("a", 10L));

    assertEquals(
        List.of("a", "b"),
        new ArrayList<>(d.keySet()),
        "an update keeps the key's place, as in Python");
    assertEquals(List.of(10L, 2L), new ArrayList<>(d.values()));
  }

  @Test
  void iteration_followsInsertionOrder() {
    SharedMap<Integer, String> d = run().manager().dict();
    List<Integer> keys = List.of(5, 3, 9, 1, 7, 2);
    for (int k : keys) {
      d.put(k, "v" + k);
    }
    d.remove(9);
    d.put(9, "again");

    assertEquals(List.of(5, 3, 1, 7, 2, 9), new ArrayList<>(d.keySet()));
    assertEquals("{5=v5, 3=v3, 1=v1, 7=v7, 2=v2, 9=again}", d.toString());
  }

  @Test
  void remove_returnsValueAndConditionalRemoveComparesValues() {
    SharedMap<String, Long> d = longs();
    d.put("a", 1L);
    d.put("b", 2L);

    assertEquals(1L, d.remove("a"));
    assertNull(d.remove("a"));
    assertFalse(d.remove("b", 3L));
    assertTrue(d.remove("b", 2L));
    assertTrue(d.isEmpty());
  }

  @Test
  void putIfAbsentAndReplace_areConditional() {
    SharedMap<String, Long> d = longs();
    assertNull(d.putIfAbsent("a", 1L));
    assertEquals(1L, d.putIfAbsent("a", 2L));
    assertFalse(d.replace("a", 5L, 6L));
    assertTrue(d.replace("a", 1L, 6L));
    assertEquals(6L, d.replace("a", 7L));
    assertNull(d.replace("b", 7L));
    assertEquals(Map.of("a", 7L), d);
  }

  @Test
  void merge_fromManyJobs_losesNoUpdate() throws Exception {
    SharedMap<String, Long> d = longs();
    int times = run().perJob(2_000);
    List<Job<Void>> jobs =
        run()
            .startTogether(
                4,
                () -> {
                  for (int i = 0; i < times; i++) {
                    d.merge("hits", 1L, Long::sum);
                  }
                });
    for (Job<Void> job : jobs) {
      job.result();
    }

    assertEquals(4L * times, d.get("hits"));
  }

  @Test
  void compute_functionThrows_leavesMapAsItWas() {
    SharedMap<String, Long> d = longs();
    d.put("a", 1L);

    assertThrows(ArithmeticException.class, () -> d.compute("a", (k, v) -> Math.floorDiv(v, 0L)));
    assertThrows(
        ArithmeticException.class, () -> d.computeIfAbsent("b", k -> Math.floorDiv(1L, 0L)));

    assertEquals(Map.of("a", 1L), d);
  }

  @Test
  void compute_callingBackIntoTheMap_throwsIllegalStateAndLeavesMapAsItWas() {
    SharedMap<String, Long> d = longs();
    d.put("a", 1L);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> d.compute("a", (k, v) -> d.get("a")));

    assertTrue(e.getMessage().contains("recursive"), e.getMessage());
    assertEquals(Map.of("a", 1L), d, "the map is usable and unchanged");
  }

  @Test
  void computeFamily_nullResultRemovesAndAbsentKeysFollowTheirRules() {
    SharedMap<String, Long> d = longs();
    assertEquals(1L, d.computeIfAbsent("a", k -> 1L));
    assertEquals(1L, d.computeIfAbsent("a", k -> 2L), "present: the function is not used");
    assertNull(d.computeIfAbsent("b", k -> null), "a null result puts nothing");
    assertNull(d.computeIfPresent("b", (k, v) -> 3L));
    assertEquals(11L, d.computeIfPresent("a", (k, v) -> v + 10));
    assertNull(d.compute("a", (k, v) -> null));
    assertEquals(5L, d.merge("c", 5L, Long::sum));
    assertNull(d.merge("c", 5L, (a, b) -> null));
    assertTrue(d.isEmpty());
  }

  @Test
  void nestedContainers_storedInTheMap_areSharedNotCopied() throws Exception {
    SharedMap<String, Object> d = run().manager().dict();
    d.put("list", run().manager().list());
    d.put("dict", run().manager().dict());

    run()
        .ctx()
        .start(
            () -> {
              @SuppressWarnings("unchecked")
              SharedList<String> list = (SharedList<String>) d.get("list");
              list.add("added in a job");
              @SuppressWarnings("unchecked")
              SharedMap<String, Long> inner = (SharedMap<String, Long>) d.get("dict");
              inner.put("x", 1L);
            })
        .result();

    assertEquals(
        List.of("added in a job"),
        d.get("list"),
        "Python's d['list'].append(x) would change a copy");
    assertEquals(Map.of("x", 1L), d.get("dict"));
    assertSame(d.get("list"), d.get("list"), "one object per container in a JVM");
  }

  @Test
  void plainValueReadOut_isACopyBetweenProcessesOnly() {
    SharedMap<String, ArrayList<String>> d = run().manager().dict();
    d.put("k", new ArrayList<>(List.of("a")));

    d.get("k").add("b");

    if (run().processes()) {
      assertEquals(List.of("a"), d.get("k"), "a plain value read out of a process map is a copy");
      assertNotSame(d.get("k"), d.get("k"));
    } else {
      assertEquals(
          List.of("a", "b"), d.get("k"), "on threads a value read out is the object itself");
    }
    d.compute(
        "k",
        (k, v) -> {
          v.add("c");
          return v;
        });
    assertTrue(d.get("k").contains("c"), "compute changes the value where it lives");
  }

  @Test
  void nulls_areRejected() {
    SharedMap<String, Long> d = longs();
    assertThrows(NullPointerException.class, () -> d.put(null, 1L));
    assertThrows(NullPointerException.class, () -> d.put("a", null));
    assertThrows(NullPointerException.class, () -> d.get(null));
    assertThrows(NullPointerException.class, () -> d.merge("a", null, Long::sum));
    assertTrue(d.isEmpty());
  }

  @Test
  void pollLastEntry_isPythonsPopitemAndPollFirstEntryTheOldest() {
    SharedMap<String, Long> d = longs();
    d.put("a", 1L);
    d.put("b", 2L);
    d.put("c", 3L);

    assertEquals(Map.entry("c", 3L), d.pollLastEntry());
    assertEquals(Map.entry("a", 1L), d.pollFirstEntry());
    assertEquals(Map.entry("b", 2L), d.firstEntry());
    assertEquals(Map.entry("b", 2L), d.lastEntry());
    assertEquals(Map.entry("b", 2L), d.pollLastEntry());
    assertNull(d.pollLastEntry());
    assertNull(d.firstEntry());
  }

  @Test
  void reversed_iteratesNewestFirstAndWritesThrough() {
    SharedMap<String, Long> d = longs();
    d.put("foo", 5L);
    d.put("bar", 6L);

    SequencedMap<String, Long> reversed = d.reversed();

    assertEquals(List.of("bar", "foo"), new ArrayList<>(reversed.keySet()));
    reversed.put("baz", 7L);
    assertEquals(7L, d.get("baz"));
    assertSame(d, reversed.reversed());
  }

  @Test
  void snapshot_isAnIndependentCopyInOrder() {
    SharedMap<String, Long> d = longs();
    d.put("b", 2L);
    d.put("a", 1L);

    SequencedMap<String, Long> copy = d.snapshot();
    copy.put("c", 3L);

    assertEquals(List.of("b", "a", "c"), new ArrayList<>(copy.keySet()));
    assertEquals(2, d.size());
  }

  @Test
  void views_removeFromTheMapAndIterateASnapshot() {
    SharedMap<String, Long> d = longs();
    for (long i = 0; i < 5; i++) {
      d.put("k" + i, i);
    }
    Iterator<String> keys = d.keySet().iterator();
    d.clear(); // the iteration goes on over its snapshot, without ConcurrentModificationException
    int seen = 0;
    while (keys.hasNext()) {
      keys.next();
      seen++;
    }
    assertEquals(5, seen);

    d.put("a", 1L);
    d.put("b", 2L);
    assertTrue(d.keySet().remove("a"));
    Map.Entry<String, Long> entry = d.entrySet().iterator().next();
    entry.setValue(20L);
    assertEquals(20L, d.get("b"), "an entry's setValue writes through");
    Iterator<Long> values = d.values().iterator();
    values.next();
    values.remove();
    assertTrue(d.isEmpty());
  }

  @Test
  void equalsAndHashCode_followTheMapContract() {
    SharedMap<String, Long> d = longs();
    d.put("a", 1L);
    d.put("b", 2L);
    Map<String, Long> plain = new HashMap<>(Map.of("b", 2L, "a", 1L));

    assertEquals(plain, d);
    assertEquals(d, plain);
    assertEquals(plain.hashCode(), d.hashCode());
  }

  @Test
  void manyEntries_growAndShrinkWithoutLosingAny() throws Exception {
    SharedMap<Integer, String> d = run().manager().dict();
    Map<Integer, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 5_000; i++) {
      d.put(i, "value " + i);
      expected.put(i, "value " + i);
    }
    for (int i = 0; i < 5_000; i += 3) {
      d.remove(i);
      expected.remove(i);
    }
    for (int i = 1; i < 5_000; i += 3) {
      d.put(i, "longer value number " + i + " ".repeat(i % 200)); // some outgrow their slots
      expected.put(i, "longer value number " + i + " ".repeat(i % 200));
    }

    assertEquals(expected.size(), d.size());
    assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(d.entrySet()));
    Integer childSize = run().ctx().start(() -> d.size()).result();
    assertEquals(expected.size(), childSize, "a job sees the grown map");
  }

  @Test
  void largeValue_roundTrips() {
    SharedMap<String, byte[]> d = run().manager().dict();
    byte[] big = new byte[3 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    d.put("big", big);
    d.put("small", new byte[] {1});

    assertTrue(java.util.Arrays.equals(big, d.get("big")));
    assertEquals(1, d.get("small")[0]);
  }

  @Test
  void putAllAndReplaceAll_changeEveryEntryAtOnce() {
    SharedMap<String, Long> d = longs();
    d.putAll(Map.of("a", 1L, "b", 2L));
    d.replaceAll((k, v) -> v * 10);
    assertEquals(Map.of("a", 10L, "b", 20L), d);

    assertThrows(
        ArithmeticException.class,
        () -> d.replaceAll((k, v) -> k.equals("b") ? Math.floorDiv(v, 0L) : v + 1));
    assertEquals(
        Map.of("a", 10L, "b", 20L), d, "a function that throws leaves every entry as it was");

    d.clear();
    assertTrue(d.isEmpty());
    assertEquals(0, d.size());
  }

  @Test
  void containsValue_comparesWithEquals() {
    SharedMap<String, List<Integer>> d = run().manager().dict();
    d.put("a", List.of(1, 2));
    assertTrue(d.containsValue(List.of(1, 2)));
    assertFalse(d.containsValue(List.of(2, 1)));
  }
}
