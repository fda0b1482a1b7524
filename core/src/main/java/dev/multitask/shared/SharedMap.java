package dev.multitask.shared;

import java.util.SequencedMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A map shared by every job that holds it, as the dict of Python's {@code Manager().dict()}: made
 * by {@link Manager#dict()}, a {@link ConcurrentMap} in insertion order (a {@link SequencedMap}, as
 * Python's dict), so {@link #pollLastEntry()} is Python's {@code popitem()}.
 *
 * <p><b>Who may call it:</b> any thread of any job that holds it. For processes, the map lives in
 * shared memory: a task that captures it, or a message that carries it, gives the child the same
 * map, not a copy. Each single-key operation is atomic, and so is each operation on the whole map
 * ({@link #putAll}, {@link #clear}, {@link #snapshot}).
 *
 * <p><b>Read-modify-write where the data lives.</b> {@link #compute}, {@link #computeIfAbsent},
 * {@link #computeIfPresent}, {@link #merge} and {@link #replaceAll} run their function under the
 * map's own lock, in the calling job, and write the result before anyone else can read or write the
 * map: {@code d.merge("key", -1L, Long::sum)} needs no lock of yours, even across processes. So the
 * function should be short and must not use this map (a call back into it throws {@link
 * IllegalStateException}); if it throws, the map is left as it was.
 *
 * <p><b>Values.</b> A container made by a manager ({@link SharedMap}, {@link SharedList}, {@link
 * Namespace}) stored here stays shared: a list inside a map is the same list for everyone who reads
 * it out, so {@code d.get("k").add(x)} changes the list every job sees (Python's {@code
 * d['k'].append(x)} silently changes a copy, cpython gh-91192). A plain value read out of a process
 * map is a copy: change it and {@code put} it back, or change it in place with {@code compute}. On
 * threads and coroutines a value read out is the object itself.
 *
 * <p>For processes, keys and values are serialized by the caller (an unserializable one fails in
 * the call that passes it, naming the field path), and two keys are the same key when their
 * serialized forms are equal, which for strings, numbers, booleans, characters, enums and records
 * of those is exactly {@code equals}. {@code null} keys and values are rejected, as by every {@code
 * ConcurrentMap}.
 *
 * <p>Views and iterators ({@link #keySet}, {@link #values}, {@link #entrySet}, {@link #reversed})
 * iterate over a snapshot taken when the iteration starts, in insertion order; they never throw
 * {@link java.util.ConcurrentModificationException}, and their {@code remove} removes the key from
 * the map. {@code size()}, {@code isEmpty()} and {@code containsKey} are exact at the moment of the
 * call.
 *
 * <p>Memory consistency effects: as for {@link ConcurrentMap}, actions of a job before it puts a
 * value happen-before the actions after a {@code get} that returns it, in any process.
 *
 * <p>Lifetime: the map lives until its manager closes; any call afterwards, or after the manager's
 * process has ended, throws {@link IllegalStateException} at once.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SharedMap<K, V> extends ConcurrentMap<K, V>, SequencedMap<K, V> {
  /**
   * A copy of the whole map, taken in one atomic step, in insertion order: Python's {@code
   * d.copy()}. The copy is a plain map of this process, yours to change.
   *
   * @return a new map with the same entries
   * @throws IllegalStateException if the manager is closed
   */
  SequencedMap<K, V> snapshot();

  /**
   * Computes a value under the map's lock: see the class comment. The function runs in the calling
   * job and must not use this map.
   *
   * @param key the key
   * @param remapping from the key and its value (null if absent) to the new value (null removes)
   * @return the new value, or null if none
   * @throws IllegalStateException if the function calls back into this map, or the manager is
   *     closed
   */
  @Override
  V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping);

  /**
   * Merges a value under the map's lock: {@code d.merge("hits", 1L, Long::sum)} counts without a
   * lock of yours, even across processes.
   *
   * @param key the key
   * @param value the value to put if the key is absent, and to merge with if it is present
   * @param remapping from the old value and {@code value} to the new value (null removes)
   * @return the new value, or null if removed
   * @throws IllegalStateException if the function calls back into this map, or the manager is
   *     closed
   */
  @Override
  V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping);

  /**
   * Puts the value {@code mapping} computes if the key is absent, under the map's lock: the
   * function runs at most once for the key, whichever job calls first.
   *
   * @param key the key
   * @param mapping from the key to the value to put (null puts nothing)
   * @return the value now present, or null if none
   * @throws IllegalStateException if the function calls back into this map, or the manager is
   *     closed
   */
  @Override
  V computeIfAbsent(K key, Function<? super K, ? extends V> mapping);
}
