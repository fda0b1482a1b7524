package dev.multitask.cpython;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multitask.Action;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/_test_multiprocessing.py}, classes {@code _TestValue} and {@code
 * _TestArray} (processes only, as in CPython): shared values a child JVM changes. Python's type
 * codes map to {@code long} and {@code double} values ({@code 'i'}, {@code 'h'}, {@code 'q'},
 * {@code 'c'} are all {@code sharedLong}); {@code lock=False}, {@code RawValue} and {@code
 * RawArray} are the {@code lock=false} forms, whose {@code lock()} is refused (Python's missing
 * {@code get_lock}). Not ported: {@code get_obj()} (there is no ctypes object behind a value),
 * {@code Value(t, v, lock=someLock)} (a value's lock is its own), bad type codes.
 */
abstract class TestMpSharedValues extends PortPart {
  private void checkValues(boolean raw) throws Exception {
    SharedLong i = ctx().sharedLong(4343, !raw);
    SharedDouble d = ctx().sharedDouble(3.625, !raw);
    SharedLong h = ctx().sharedLong(-232, !raw);
    SharedLong q = ctx().sharedLong(1L << 33, !raw);
    SharedLong c = ctx().sharedLong('x', !raw);
    assertEquals(4343, i.get());
    assertEquals(3.625, d.get());
    assertEquals(-232, h.get());
    assertEquals(1L << 33, q.get());
    assertEquals('x', c.get());
    Action child =
        () -> {
          i.set(24234);
          d.set(-4.25);
          h.set(234);
          q.set(1L << 34);
          c.set('y');
        };
    ctx().job(child).daemon(true).start().join();
    assertEquals(24234, i.get());
    assertEquals(-4.25, d.get());
    assertEquals(234, h.get());
    assertEquals(1L << 34, q.get());
    assertEquals('y', c.get());
  }

  /** _TestValue.test_value. */
  @Test
  void values_setByAChild_areSeenHere() throws Exception {
    checkValues(false);
  }

  /** _TestValue.test_rawvalue. */
  @Test
  void rawValues_setByAChild_areSeenHere() throws Exception {
    checkValues(true);
  }

  /** _TestValue.test_getobj_getlock: a value has a lock unless made without one. */
  @Test
  void lock_ofAValue_onlyWithOne() {
    assertNotNull(ctx().sharedLong(5).lock());
    assertNotNull(ctx().sharedLong(5, true).lock());
    assertThrows(UnsupportedOperationException.class, () -> ctx().sharedLong(5, false).lock());
  }

  /** Python's {@code f}: the running sums of {@code seq}, in place. */
  static Action prefixSums(SharedLongArray seq) {
    return () -> {
      for (int i = 1; i < seq.length(); i++) {
        seq.set(i, seq.get(i) + seq.get(i - 1));
      }
    };
  }

  private void checkArray(boolean raw) throws Exception {
    long[] seq = {680, 626, 934, 821, 150, 233, 548, 982, 714, 831};
    SharedLongArray arr = ctx().sharedLongArray(seq.length, !raw);
    for (int i = 0; i < seq.length; i++) {
      arr.set(i, seq[i]);
    }
    assertEquals(seq.length, arr.length());
    assertEquals(seq[3], arr.get(3));
    assertArrayEquals(Arrays.copyOfRange(seq, 2, 7), Arrays.copyOfRange(arr.toArray(), 2, 7));
    for (int i = 4; i < 8; i++) {
      seq[i] = i - 3;
      arr.set(i, i - 3);
    }
    assertArrayEquals(seq, arr.toArray());
    for (int i = 1; i < seq.length; i++) {
      seq[i] += seq[i - 1];
    }
    ctx().job(prefixSums(arr)).daemon(true).start().join();
    assertArrayEquals(seq, arr.toArray());
  }

  /** _TestArray.test_array. */
  @Test
  void array_changedByAChild_isSeenHere() throws Exception {
    checkArray(false);
  }

  /** _TestArray.test_rawarray. */
  @Test
  void rawArray_changedByAChild_isSeenHere() throws Exception {
    checkArray(true);
  }

  /** _TestArray.test_array_from_size: zero-filled, three times over. */
  @Test
  void array_new_isZeroFilled() {
    for (int round = 0; round < 3; round++) {
      SharedLongArray arr = ctx().sharedLongArray(10);
      assertEquals(10, arr.length());
      assertArrayEquals(new long[10], arr.toArray());
      for (int i = 0; i < 10; i++) {
        arr.set(i, i);
      }
      assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, arr.toArray());
    }
  }

  /** _TestArray.test_getobj_getlock_obj. */
  @Test
  void lock_ofAnArray_onlyWithOne() {
    assertNotNull(ctx().sharedLongArray(10).lock());
    assertThrows(
        UnsupportedOperationException.class, () -> ctx().sharedLongArray(10, false).lock());
    assertThrows(
        UnsupportedOperationException.class, () -> ctx().sharedDoubleArray(10, false).lock());
  }
}
