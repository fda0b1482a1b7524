package dev.multitask.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ipc.Queue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The manager cases of CPython's {@code Lib/test/_test_multiprocessing.py}, written again for
 * multitask: {@code _TestContainers} (in this process) and {@code TestSyncManagerTypes} (whose
 * checks run in a worker job, as there), with Python's operators spelled as this API spells them
 * ({@code extend}: {@code addAll}, {@code *=}: {@code repeat}, {@code pop(0)}: {@code remove(0)},
 * {@code popitem}: {@code pollLastEntry}, {@code l[:]}: {@code snapshot}). Run over every backend
 * by {@link ManagerContractTest}.
 */
abstract class CpythonManagerPorts {
  /** The run of the backend under test. */
  abstract ContainerContract run();

  private Manager m() {
    return run().manager();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** Python's {@code list * n}: a plain list. */
  private static <E> List<E> times(List<E> list, int n) {
    List<E> repeated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      repeated.addAll(list);
    }
    return repeated;
  }

  // ---- _TestContainers ----

  @Test
  void testList_extendTimesEqualsAndListsOfLists() {
    SharedList<Object> a = m().list(range(10));
    assertEquals(range(10), a.snapshot());
    SharedList<Integer> b = m().list();
    assertEquals(List.of(), b.snapshot());

    b.addAll(range(5));
    assertEquals(range(5), b.snapshot());
    assertEquals(2, b.get(2));
    assertEquals(List.of(2, 3, 4), b.subList(2, Math.min(10, b.size())));

    b.repeat(2);
    assertEquals(List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4), b.snapshot());
    List<Integer> plus = new ArrayList<>(b);
    plus.addAll(List.of(5, 6));
    assertEquals(List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6), plus);
    assertEquals(range(10), a.snapshot());

    SharedList<SharedList<?>> e = m().list(List.of(a, b));
    assertEquals(
        List.of(range(10), List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4)),
        e.stream().map(SharedList::snapshot).toList());

    SharedList<SharedList<Object>> f = m().list(List.of(a));
    a.add("hello");
    List<Object> expected = new ArrayList<>(range(10));
    expected.add("hello");
    assertEquals(expected, f.get(0).snapshot());
  }

  @Test
  void testListProxyInList_innerListsAreSharedAndSeparate() {
    SharedList<SharedList<Integer>> a =
        m().list(List.of(m().list(range(3)), m().list(range(3)), m().list(range(3))));
    assertEquals(times(List.of(range(3)), 3), a.stream().map(SharedList::snapshot).toList());

    a.get(0).set(a.get(0).size() - 1, 55);
    assertEquals(List.of(0, 1, 55), a.get(0).snapshot());
    for (int i = 1; i < 3; i++) {
      assertEquals(List.of(0, 1, 2), a.get(i).snapshot());
    }

    assertEquals(2, a.get(1).removeLast());
    assertEquals(2, a.get(1).size());
    for (int i = 0; i < 3; i += 2) {
      assertEquals(3, a.get(i).size());
    }

    SharedList<Object> b = m().list();
    b.add(b); // a list that holds itself: a handle, no endless copy
    assertEquals(1, b.size());
  }

  @Test
  void testDict_copyKeysValuesItems() {
    SharedMap<Integer, String> d = m().dict();
    List<Integer> indices = IntStream.range(65, 70).boxed().toList();
    for (int i : indices) {
      d.put(i, Character.toString(i));
    }
    Map<Integer, String> expected = new LinkedHashMap<>();
    indices.forEach(i -> expected.put(i, Character.toString(i)));
    assertEquals(expected, d.snapshot());
    assertEquals(indices, d.keySet().stream().sorted().toList());
    assertEquals(
        indices.stream().map(Character::toString).toList(), d.values().stream().sorted().toList());
    assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(d.entrySet()));
  }

  @Test
  void testDictProxyNested_innerDictsAreSharedThroughEveryPath() {
    SharedMap<String, Integer> pets = m().dict(orderedMap("ferrets", 2, "hamsters", 4));
    SharedMap<String, Integer> supplies = m().dict(orderedMap("water", 10, "feed", 3));
    SharedMap<String, SharedMap<String, Integer>> d =
        m().dict(orderedMap("pets", pets, "supplies", supplies));

    assertEquals(10, supplies.get("water"));
    assertEquals(10, d.get("supplies").get("water"));

    d.get("supplies").put("blankets", 5);
    assertEquals(5, supplies.get("blankets"));
    assertEquals(5, d.get("supplies").get("blankets"));

    d.get("supplies").put("water", 7);
    assertEquals(7, supplies.get("water"));
    assertEquals(7, d.get("supplies").get("water"));

    assertEquals(2, d.get("pets").get("ferrets"));
    d.get("supplies").put("blankets", 11);
    assertEquals(11, d.get("supplies").get("blankets"));

    SharedMap<String, Integer> pets2 = d.get("pets");
    SharedMap<String, Integer> supplies2 = d.get("supplies");
    supplies2.put("water", 7);
    assertEquals(7, supplies2.get("water"));
    assertEquals(7, d.get("supplies").get("water"));

    d.clear();
    assertEquals(0, d.size());
    assertEquals(7, supplies2.get("water"));
    assertEquals(4, pets2.get("hamsters"));

    SharedList<SharedMap<String, Integer>> l = m().list(List.of(pets2, supplies2));
    l.get(0).put("marmots", 1);
    assertEquals(1, pets2.get("marmots"));
    assertEquals(1, l.get(0).get("marmots"));

    SharedList<Object> outer = m().list(List.of(List.of(88, 99), l));
    assertInstanceOf(List.class, outer.get(0));
    assertFalse(outer.get(0) instanceof SharedList, "a plain list stays a plain list (a copy)");
    @SuppressWarnings("unchecked")
    SharedList<SharedMap<String, Integer>> last =
        (SharedList<SharedMap<String, Integer>>) outer.getLast();
    assertEquals(3, last.getLast().get("feed"));
  }

  @Test
  void testNamespace_underscoreAttributesAreHidden() {
    Namespace n = m().namespace();
    n.set("name", "Bob");
    n.set("job", "Builder");
    n.set("_hidden", "hidden");
    assertEquals(List.of("Bob", "Builder"), List.of(n.<String>get("name"), n.<String>get("job")));
    n.remove("job");
    assertEquals("Namespace(name='Bob')", n.toString());
    assertTrue(n.has("name"));
    assertFalse(n.has("job"));
  }

  // ---- TestSyncManagerTypes: the parent makes the object, a worker job checks and changes it ----

  @Test
  void syncManagerTypesList_workerExtendsRepeatsSortsAndPopsZero() throws Exception {
    SharedList<Integer> o = m().list();
    o.add(5);
    run().ctx().start(() -> checkListInWorker(o)).result();
    assertEquals(0, o.size());
  }

  private static void checkListInWorker(SharedList<Integer> obj) {
    assertEquals(5, obj.get(0));
    assertEquals(1, Collections.frequency(obj, 5));
    assertEquals(0, obj.indexOf(5));
    obj.addAll(List.of(7)); // obj += [7]
    assertEquals(List.of(5, 7), obj.snapshot());
    obj.repeat(2); // obj *= 2
    assertEquals(List.of(5, 7, 5, 7), obj.snapshot());
    List<Integer> doubled = times(obj.snapshot(), 2); // obj * 2: a plain list
    assertEquals(List.of(5, 7, 5, 7, 5, 7, 5, 7), doubled);
    List<Integer> copied = obj.snapshot(); // obj.copy()
    assertEquals(List.of(5, 7, 5, 7), copied);
    List<Integer> both = new ArrayList<>(doubled);
    both.addAll(copied);
    obj.addAll(both); // obj.extend(double_obj + copied_obj)
    obj.sort(null);
    Collections.reverse(obj);
    for (Integer x : obj) {
      assertTrue(x == 5 || x == 7);
    }
    assertEquals(16, obj.size());
    assertEquals(7, obj.remove(0)); // obj.pop(0)
    obj.clear();
    assertEquals(0, obj.size());
  }

  @Test
  void syncManagerTypesDict_workerMergesReversesAndPopsItems() throws Exception {
    SharedMap<String, Integer> o = m().dict();
    o.put("foo", 5);
    run().ctx().start(() -> checkDictInWorker(o)).result();
    assertEquals(0, o.size());
  }

  private static void checkDictInWorker(SharedMap<String, Integer> obj) {
    assertEquals(1, obj.size());
    assertEquals(5, obj.get("foo"));
    assertEquals(5, obj.getOrDefault("foo", 0));
    assertEquals(List.of(Map.entry("foo", 5)), new ArrayList<>(obj.entrySet()));
    assertEquals(List.of("foo"), new ArrayList<>(obj.keySet()));
    assertEquals(List.of(5), new ArrayList<>(obj.values()));
    assertEquals(Map.of("foo", 5), obj.snapshot());
    obj.putAll(Map.of("bar", 6)); // obj |= {'bar': 6}
    assertEquals(Map.of("foo", 5, "bar", 6), obj.snapshot());
    assertEquals(List.of("bar", "foo"), new ArrayList<>(obj.reversed().keySet()));
    Map<String, Integer> left = orderedMap("bar", 7, "baz", 7); // {'bar': 7, 'baz': 7} | obj
    left.putAll(obj);
    assertEquals(Map.of("foo", 5, "bar", 6, "baz", 7), left);
    Map<String, Integer> right = obj.snapshot(); // obj | {'bar': 7, 'baz': 7}
    right.putAll(orderedMap("bar", 7, "baz", 7));
    assertEquals(Map.of("foo", 5, "bar", 7, "baz", 7), right);
    assertEquals(Map.entry("bar", 6), obj.pollLastEntry()); // obj.popitem()
    obj.putIfAbsent("bar", 0); // obj.setdefault('bar', 0)
    obj.putAll(Map.of("bar", 7)); // obj.update({'bar': 7})
    assertEquals(7, obj.remove("bar")); // obj.pop('bar')
    obj.clear();
    assertEquals(0, obj.size());
  }

  @Test
  void syncManagerTypesNamespace_workerSeesTheAttributes() throws Exception {
    Namespace o = m().namespace();
    o.set("x", 0);
    o.set("y", 1);
    run()
        .ctx()
        .start(
            () -> {
              assertEquals(0, o.<Integer>get("x"));
              assertEquals(1, o.<Integer>get("y"));
            })
        .result();
  }

  @Test
  void syncManagerTypesQueue_boundedQueueOfTwoCrossesToAWorker() throws Exception {
    Queue<Integer> o = m().queue(2);
    o.put(5);
    o.put(6);
    run()
        .ctx()
        .start(
            () -> {
              assertEquals(2, o.size());
              assertEquals(0, o.remainingCapacity()); // full()
              assertFalse(o.isEmpty());
              assertEquals(5, o.take());
              assertFalse(o.isEmpty());
              assertEquals(6, o.take());
              assertTrue(o.isEmpty());
            })
        .result();
    assertTrue(o.isEmpty());
    assertTrue(o.remainingCapacity() > 0);
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Map<K, V> orderedMap(Object... keysAndValues) {
    Map<K, V> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
    }
    return map;
  }
}
