package dev.multitask.engine.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: the list {@code map} returns behaves as an {@code ArrayList} of the results, packed or
 * not.
 */
class MapResultsTest {

  /** 0..6 in chunks of 3: packed ints, boxed objects, a short packed-long tail. */
  private static MapResults sevenResults() {
    MapResults results = new MapResults(7, 3);
    results.put(0, new int[] {0, 1, 2});
    results.put(1, new Object[] {3, "four", null});
    results.put(2, new long[] {6L});
    return results;
  }

  private static final List<Object> SEVEN = java.util.Arrays.asList(0, 1, 2, 3, "four", null, 6L);

  @Test
  void get_readsEverySegmentKind_inOrder_andEqualsTheArrayList() {
    MapResults results = sevenResults();

    assertEquals(SEVEN, results);
    assertEquals(results, new ArrayList<>(SEVEN));
    assertEquals(new ArrayList<>(SEVEN).hashCode(), results.hashCode());
    assertEquals(7, results.size());
    assertThrows(IndexOutOfBoundsException.class, () -> results.get(7));
    assertThrows(IndexOutOfBoundsException.class, () -> results.get(-1));
  }

  @Test
  void iterator_walksEverySegmentKind_inOrder() {
    List<Object> walked = new ArrayList<>();
    for (Object r : sevenResults()) {
      walked.add(r);
    }
    assertEquals(SEVEN, walked);
    Iterator<Object> it = sevenResults().iterator();
    for (int i = 0; i < 7; i++) {
      it.next();
    }
    assertThrows(java.util.NoSuchElementException.class, it::next);
  }

  @Test
  void iterator_seesASetMadeWhileItWalks_evenOneThatBoxesItsSegment() {
    MapResults results = sevenResults();
    List<Object> walked = new ArrayList<>();
    Iterator<Object> it = results.iterator();
    walked.add(it.next()); // 0, in the packed first segment
    results.set(1, 11); // stays packed
    results.set(2, "two"); // boxes the segment the iterator is in
    while (it.hasNext()) {
      walked.add(it.next());
    }
    assertEquals(java.util.Arrays.asList(0, 11, "two", 3, "four", null, 6L), walked);
  }

  @Test
  void put_segmentOfTheWrongLength_isRefused() {
    MapResults results = new MapResults(5, 3);
    assertThrows(IllegalStateException.class, () -> results.put(0, new int[2]));
    assertThrows(
        IllegalStateException.class, () -> results.put(1, new double[3]), "the last chunk holds 2");
  }

  @Test
  void set_ofTheSegmentsType_staysPacked_otherwiseBoxesOnlyThatSegment() {
    MapResults results = sevenResults();

    assertEquals(1, results.set(1, 10));
    assertEquals(2, results.set(2, "two"));
    assertEquals(6L, results.set(6, 7L));

    assertEquals(java.util.Arrays.asList(0, 10, "two", 3, "four", null, 7L), results);
  }

  @Test
  void addAndRemove_changeTheSize_afterwardsItBehavesAsAnArrayList() {
    MapResults results = sevenResults();
    Iterator<Object> before = results.iterator();
    before.next();

    results.add(99);
    results.remove(0);
    results.add(1, "inserted");
    List<Object> expected = new ArrayList<>(SEVEN);
    expected.add(99);
    expected.remove(0);
    expected.add(1, "inserted");

    assertEquals(expected, results);
    assertThrows(
        ConcurrentModificationException.class,
        before::next,
        "iterators are fail-fast, as ArrayList's");
    results.subList(0, 3).clear();
    expected.subList(0, 3).clear();
    assertEquals(expected, results);
    results.clear();
    assertTrue(results.isEmpty());
  }

  @Test
  void serializes_asAnArrayList() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sevenResults());
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Object read = in.readObject();
      assertInstanceOf(ArrayList.class, read);
      assertEquals(SEVEN, read);
    }
  }
}
