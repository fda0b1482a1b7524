package dev.multitask.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The {@link SharedList} contract; run over every backend by {@link ManagerContractTest}. */
abstract class SharedListContract {
  /** The run of the backend under test. */
  abstract ContainerContract run();

  private SharedList<Integer> ints(Integer... elements) {
    return run().manager().list(List.of(elements));
  }

  @Test
  void add_inAJob_isSeenByTheParent() throws Exception {
    SharedList<Integer> l = ints(1);

    Integer first =
        run()
            .ctx()
            .start(
                () -> {
                  l.add(2);
                  return l.get(0);
                })
            .result();

    assertEquals(1, first);
    assertEquals(List.of(1, 2), l);
  }

  @Test
  void positionalOperations_followTheListContract() {
    SharedList<Integer> l = ints(0, 1, 2, 3);

    assertEquals(1, l.set(1, 10));
    l.add(0, -1);
    l.add(l.size(), 4);
    assertEquals(2, l.remove(3));
    assertTrue(l.remove(Integer.valueOf(10)));
    assertFalse(l.remove(Integer.valueOf(99)));

    assertEquals(List.of(-1, 0, 3, 4), l);
    assertEquals(2, l.indexOf(3));
    assertTrue(l.contains(4));
    assertEquals(4, l.size());
  }

  @Test
  void indexesOutOfRange_throwIndexOutOfBounds() {
    SharedList<Integer> l = ints(1);
    assertThrows(IndexOutOfBoundsException.class, () -> l.get(1));
    assertThrows(IndexOutOfBoundsException.class, () -> l.get(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> l.set(1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> l.add(2, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> l.remove(1));
    assertThrows(IndexOutOfBoundsException.class, () -> l.update(1, x -> x));
    assertThrows(NullPointerException.class, () -> l.add(null));
    assertEquals(List.of(1), l);
  }

  @Test
  void update_fromManyJobs_losesNoUpdate() throws Exception {
    SharedList<Long> counts = run().manager().list(List.of(0L, 0L));
    int times = run().perJob(1_000); // even: half to each element
    List<Job<Void>> jobs =
        run()
            .startTogether(
                4,
                () -> {
                  for (int i = 0; i < times; i++) {
                    counts.update(i % 2, n -> n + 1);
                  }
                });
    for (Job<Void> job : jobs) {
      job.result();
    }

    assertEquals(List.of(2L * times, 2L * times), counts);
  }

  @Test
  void addAll_fromManyJobs_keepsEachBatchTogether() throws Exception {
    SharedList<Integer> l = ints();
    List<Job<Void>> jobs = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      int base = j * 100;
      jobs.add(
          run()
              .ctx()
              .start(
                  () -> {
                    for (int batch = 0; batch < 20; batch++) {
                      l.addAll(List.of(base + batch, base + batch, base + batch));
                    }
                  }));
    }
    for (Job<Void> job : jobs) {
      job.result();
    }

    List<Integer> all = l.snapshot();
    assertEquals(180, all.size());
    for (int i = 0; i < all.size(); i += 3) {
      assertEquals(all.get(i), all.get(i + 2), "a batch is added in one step: " + all);
    }
  }

  @Test
  void removeFirstAndLast_arePythonsPopZeroAndPop() {
    SharedList<Integer> l = ints(1, 2, 3);
    assertEquals(1, l.removeFirst());
    assertEquals(3, l.removeLast());
    assertEquals(2, l.removeLast());
    assertThrows(NoSuchElementException.class, l::removeLast);
    assertThrows(NoSuchElementException.class, l::removeFirst);
  }

  @Test
  void repeat_isPythonsTimesEquals() {
    SharedList<Integer> l = ints(1, 2);
    l.repeat(3);
    assertEquals(List.of(1, 2, 1, 2, 1, 2), l);
    l.set(0, 9);
    assertEquals(List.of(9, 2, 1, 2, 1, 2), l, "the copies are elements of their own");
    l.repeat(1);
    assertEquals(6, l.size());
    assertThrows(IllegalArgumentException.class, () -> l.repeat(-1));
    l.repeat(0);
    assertTrue(l.isEmpty());
  }

  @Test
  void sortReplaceAllRemoveIf_areAtomicAndAllOrNothing() {
    SharedList<Integer> l = ints(3, 1, 2);
    l.sort(null);
    assertEquals(List.of(1, 2, 3), l);
    l.sort(Comparator.reverseOrder());
    assertEquals(List.of(3, 2, 1), l);
    l.replaceAll(x -> x * 10);
    assertEquals(List.of(30, 20, 10), l);
    assertTrue(l.removeIf(x -> x > 15));
    assertEquals(List.of(10), l);

    l.addAll(List.of(20, 30));
    assertThrows(
        ArithmeticException.class, () -> l.replaceAll(x -> x == 30 ? Math.floorDiv(x, 0) : x + 1));
    assertThrows(ArithmeticException.class, () -> l.removeIf(x -> x / (x - 20) > 0));
    assertThrows(ArithmeticException.class, () -> l.sort((a, b) -> Math.floorDiv(a, 0)));
    assertEquals(List.of(10, 20, 30), l, "a function that throws leaves the list as it was");
  }

  @Test
  void update_callingBackIntoTheList_throwsIllegalState() {
    SharedList<Integer> l = ints(1);
    assertThrows(IllegalStateException.class, () -> l.update(0, x -> l.size()));
    assertEquals(List.of(1), l);
  }

  @Test
  void iterator_walksASnapshotAndRefusesChanges() {
    SharedList<Integer> l = ints(1, 2, 3);
    Iterator<Integer> it = l.iterator();
    l.clear();
    List<Integer> seen = new ArrayList<>();
    it.forEachRemaining(seen::add);
    assertEquals(List.of(1, 2, 3), seen);
    assertThrows(
        UnsupportedOperationException.class,
        () -> {
          Iterator<Integer> again = ints(1).iterator();
          again.next();
          again.remove();
        });
  }

  @Test
  void subList_readsAndWritesThrough() {
    SharedList<Integer> l = ints(0, 1, 2, 3, 4);
    List<Integer> middle = l.subList(1, 4);
    assertEquals(List.of(1, 2, 3), middle);
    middle.set(0, 10);
    assertEquals(10, l.get(1));
  }

  @Test
  void nestedContainers_inTheList_areShared() throws Exception {
    SharedList<SharedList<Integer>> outer = run().manager().list();
    outer.add(run().manager().list());

    run().ctx().start(() -> outer.get(0).add(7)).result();

    assertEquals(List.of(7), outer.get(0));
    assertSame(outer.get(0), outer.get(0));
  }

  @Test
  void manyElements_growAndShrink() throws Exception {
    SharedList<String> l = run().manager().list();
    for (int i = 0; i < 3_000; i++) {
      l.add("element " + i);
    }
    for (int i = 0; i < 100; i++) {
      l.removeFirst();
    }
    l.addAll(0, List.of("x", "y"));

    List<String> expected = new ArrayList<>(List.of("x", "y"));
    IntStream.range(100, 3_000).forEach(i -> expected.add("element " + i));
    assertEquals(expected, l.snapshot());
    Integer childSize = run().ctx().start(() -> l.size()).result();
    assertEquals(expected.size(), childSize);
  }

  @Test
  void equalsAndHashCode_followTheListContract() {
    SharedList<Integer> l = ints(1, 2);
    assertEquals(List.of(1, 2), l);
    assertEquals(l, List.of(1, 2));
    assertEquals(List.of(1, 2).hashCode(), l.hashCode());
    assertEquals("[1, 2]", l.toString());
  }
}
