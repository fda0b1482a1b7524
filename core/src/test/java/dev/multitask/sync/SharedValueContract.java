package dev.multitask.sync;

import static dev.multitask.sync.SyncTesting.startAll;
import static dev.multitask.sync.SyncTesting.startTogether;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Task;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@link SharedLong}, {@link SharedDouble}, shared array and {@link SharedMemory} contract; run
 * over every backend by {@link SyncContract}. Job bodies capture only shared values, strings and
 * numbers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SharedValueContract {
  /** The context of the running test, new for each test. */
  abstract Context ctx();

  /**
   * How many updates each job makes in the many-jobs cases, given what a local backend does: {@code
   * local} unless a backend overrides it (the cluster's every update is a round trip to Redis). The
   * jobs begin together ({@link SyncTesting#startTogether}), so every update contends.
   */
  int perJob(int local) {
    return local;
  }

  // ---- bodies ----

  static Task<Long> adding(SharedLong counter, int times) {
    return () -> {
      for (int i = 0; i < times; i++) {
        counter.addAndGet(1);
      }
      return counter.get();
    };
  }

  /** Adds 1 to every element of {@code array} {@code times} times. */
  static Task<Long> addingToEach(SharedLongArray array, int times) {
    return () -> {
      for (int i = 0; i < times; i++) {
        for (int e = 0; e < array.length(); e++) {
          array.addAndGet(e, 1);
        }
      }
      return 0L;
    };
  }

  // ---- SharedLong ----

  @Test
  void addAndGet_fromManyJobs_losesNoAddition() throws Exception {
    SharedLong counter = ctx().sharedLong(0);

    int times = perJob(10_000);
    for (Job<Long> job : startTogether(ctx(), 4, adding(counter, times))) {
      job.result();
    }

    assertEquals(4 * times, counter.get());
    assertEquals(4 * times, counter.getAndAdd(5), "getAndAdd returns the old value");
    assertEquals(4 * times + 5, counter.get());
  }

  @Test
  void sharedLong_compareAndSet_setsOnlyOnMatch() {
    SharedLong value = ctx().sharedLong(5);

    assertFalse(value.compareAndSet(4, 6));
    assertEquals(5, value.get());
    assertTrue(value.compareAndSet(5, 6));
    assertEquals(6, value.get());
    assertEquals(-1, value.addAndGet(-7));
  }

  @Test
  void sharedLong_setByJob_isSeen() throws Exception {
    SharedLong value = ctx().sharedLong(Long.MIN_VALUE);
    assertEquals(Long.MIN_VALUE, value.get());

    ctx().start(() -> value.set(42)).result();

    assertEquals(42, value.get());
  }

  @Test
  void sharedLong_ownLock_excludesOtherJobs() throws Exception {
    SharedLong counter = ctx().sharedLong(0);
    assertSame(counter.lock(), counter.lock(), "one lock per value, as Value.get_lock()");

    int times = perJob(1_000);
    for (Job<Long> job :
        startTogether(ctx(), 4, LockContract.incrementingUnder(counter.lock(), counter, times))) {
      job.result();
    }

    assertEquals(4 * times, counter.get());
    counter.lock().lock();
    assertFalse(
        ctx().start(() -> counter.lock().tryLock()).result(), "a job sees the value's lock held");
    counter.lock().unlock();
  }

  // ---- SharedDouble ----

  @Test
  void sharedDouble_addedToByManyJobs_isExact() throws Exception {
    SharedDouble sum = ctx().sharedDouble(0.0);

    int times = perJob(1_000);
    for (Job<Double> job :
        startTogether(
            ctx(),
            4,
            () -> {
              for (int i = 0; i < times; i++) {
                sum.addAndGet(0.5); // exact in binary: any lost update shows
              }
              return sum.get();
            })) {
      job.result();
    }

    assertEquals(4 * times * 0.5, sum.get());
    assertEquals(4 * times * 0.5 + 1.5, sum.addAndGet(1.5));
    sum.set(-3.25);
    assertEquals(-3.25, sum.get());
  }

  @Test
  void sharedDouble_compareAndSet_comparesBits() {
    SharedDouble value = ctx().sharedDouble(0.0);

    assertFalse(value.compareAndSet(-0.0, 1.0), "0.0 and -0.0 have different bits");
    assertTrue(value.compareAndSet(0.0, Double.NaN));
    assertTrue(Double.isNaN(value.get()));
    assertTrue(value.compareAndSet(Double.NaN, 2.0), "the same NaN bits match");
    assertEquals(2.0, value.get());
  }

  /**
   * Python's {@code Value(..., lock=False)}, {@code RawValue}, {@code Array(..., lock=False)} and
   * {@code RawArray}: no {@code lock()}, and every operation still atomic, across jobs too.
   */
  @Test
  void sharedValues_withoutALock_refuseLockAndStayAtomic() throws Exception {
    SharedLong counter = ctx().sharedLong(5, false);
    SharedDouble sum = ctx().sharedDouble(0.5, false);
    SharedLongArray longs = ctx().sharedLongArray(2, false);
    SharedDoubleArray doubles = ctx().sharedDoubleArray(2, false);
    for (Executable lock :
        new Executable[] {counter::lock, sum::lock, longs::lock, doubles::lock}) {
      assertThrows(UnsupportedOperationException.class, lock);
    }
    Task<Long> adding =
        () -> {
          for (int i = 0; i < 1_000; i++) {
            counter.addAndGet(1);
            longs.addAndGet(1, 1);
          }
          sum.addAndGet(0.25);
          doubles.addAndGet(0, 1.5);
          return counter.get();
        };
    for (Job<Long> job : startAll(ctx(), 3, adding)) {
      job.result();
    }
    assertEquals(3_005, counter.get());
    assertEquals(1.25, sum.get());
    assertArrayEquals(new long[] {0, 3_000}, longs.toArray());
    assertArrayEquals(new double[] {4.5, 0.0}, doubles.toArray());
    assertTrue(counter.compareAndSet(3_005, 1));
    assertTrue(ctx().sharedLong(1, true).lock() != null, "lock=true is sharedLong(v)");
  }

  // ---- arrays ----

  @Test
  void sharedLongArray_updatesElements() throws Exception {
    SharedLongArray array = ctx().sharedLongArray(3);
    assertEquals(3, array.length());
    assertArrayEquals(new long[] {0, 0, 0}, array.toArray(), "zero-filled");

    array.set(0, 7);
    assertEquals(7, array.get(0));
    assertEquals(10, array.addAndGet(0, 3));
    assertFalse(array.compareAndSet(1, 5, 6));
    assertTrue(array.compareAndSet(1, 0, 6));
    int times = perJob(1_000);
    for (Job<Long> job : startTogether(ctx(), 4, addingToEach(array, times))) {
      job.result();
    }

    assertArrayEquals(new long[] {4L * times + 10, 4L * times + 6, 4L * times}, array.toArray());
  }

  @Test
  void sharedDoubleArray_updatesElements() throws Exception {
    SharedDoubleArray array = ctx().sharedDoubleArray(2);
    assertArrayEquals(new double[] {0.0, 0.0}, array.toArray(), "zero-filled");

    array.set(1, 1.25);
    ctx().start(() -> array.addAndGet(0, 0.5)).result();

    assertEquals(0.5, array.get(0));
    assertEquals(3.75, array.addAndGet(1, 2.5));
    assertArrayEquals(new double[] {0.5, 3.75}, array.toArray());
  }

  @Test
  void sharedArray_indexOutOfBounds_isRejectedNamingIndexAndLength() {
    SharedLongArray longs = ctx().sharedLongArray(3);
    SharedDoubleArray doubles = ctx().sharedDoubleArray(3);

    assertOutOfBounds(() -> longs.get(5), "5");
    assertOutOfBounds(() -> longs.set(-1, 1), "-1");
    assertOutOfBounds(() -> longs.addAndGet(3, 1), "3");
    assertOutOfBounds(() -> longs.compareAndSet(7, 0, 1), "7");
    assertOutOfBounds(() -> doubles.get(-1), "-1");
    assertOutOfBounds(() -> doubles.set(5, 1.0), "5");
    assertOutOfBounds(() -> doubles.addAndGet(9, 1.0), "9");
    assertArrayEquals(new long[] {0, 0, 0}, longs.toArray(), "a refused write writes nothing");
  }

  private static void assertOutOfBounds(Executable access, String index) {
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, access);
    assertTrue(
        e.getMessage().contains(index) && e.getMessage().contains("3"),
        "the message names index " + index + " and length 3: " + e.getMessage());
  }

  @Test
  void sharedArray_ofLengthZero_isEmptyAndNegativeLengthIsRejected() {
    assertEquals(0, ctx().sharedLongArray(0).length());
    assertArrayEquals(new double[0], ctx().sharedDoubleArray(0).toArray());
    assertThrows(IndexOutOfBoundsException.class, () -> ctx().sharedLongArray(0).get(0));
    assertThrows(IllegalArgumentException.class, () -> ctx().sharedLongArray(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx().sharedDoubleArray(-1));
  }

  // ---- SharedMemory ----

  @Test
  void sharedMemory_bytesWrittenByJob_areSeen() throws Exception {
    SharedMemory memory = ctx().sharedMemory(64);
    assertEquals(64, memory.byteSize());
    assertEquals(0, memory.segment().get(ValueLayout.JAVA_LONG, 56), "zero-filled");

    ctx().start(() -> memory.segment().set(ValueLayout.JAVA_LONG, 8, 42L)).result();

    assertEquals(42L, memory.segment().get(ValueLayout.JAVA_LONG, 8));
  }

  @Test
  void sharedMemory_attachedByName_isTheSameMemory() throws Exception {
    SharedMemory memory = ctx().sharedMemory(16);
    String name = memory.name();

    ctx()
        .start(
            () -> {
              try (SharedMemory attached =
                  SharedMemory.attach(name)) { // its close leaves the creator's object usable
                attached.segment().set(ValueLayout.JAVA_INT, 0, 7);
              }
            })
        .result();

    assertEquals(7, memory.segment().get(ValueLayout.JAVA_INT, 0));
    assertThrows(IllegalArgumentException.class, () -> SharedMemory.attach("../" + name));
  }

  @Test
  void sharedMemory_contextCloses_isUnlinked() {
    SharedMemory memory = ctx().sharedMemory(8);
    String name = memory.name();
    memory.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);

    ctx().close();

    assertEquals(
        1, memory.segment().get(ValueLayout.JAVA_BYTE, 0), "the mapping outlives the name");
    memory.close();
    assertThrows(IllegalStateException.class, memory::segment);
    assertThrows(IllegalStateException.class, () -> SharedMemory.attach(name), "the name is gone");
  }

  @Test
  void sharedMemory_ofZeroBytes_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> ctx().sharedMemory(0));
  }
}
