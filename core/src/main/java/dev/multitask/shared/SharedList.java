package dev.multitask.shared;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A list shared by every job that holds it, as the list of Python's {@code Manager().list()}: made
 * by {@link Manager#list()}. Python's {@code append} is {@link #add}, {@code extend} and {@code +=}
 * are {@link #addAll}, {@code pop()} is {@link #removeLast()}, {@code pop(i)} is {@link
 * #remove(int)}, {@code *=} is {@link #repeat}, {@code l[:]} is {@link #snapshot()}.
 *
 * <p><b>Who may call it:</b> any thread of any job that holds it; for processes the list lives in
 * shared memory, and a task that captures it, or a message that carries it, gives the child the
 * same list. Each method is atomic: {@code addAll}, {@code removeIf}, {@code replaceAll}, {@code
 * sort}, {@code clear}, {@code repeat} and {@code removeFirst/Last} included.
 *
 * <p><b>Read-modify-write where the data lives.</b> {@link #update(int, UnaryOperator)}, {@link
 * #replaceAll}, {@link #removeIf} and {@link #sort} run their function under the list's own lock,
 * in the calling job, so {@code l.update(0, n -> n + 1)} needs no lock of yours, even across
 * processes. The function should be short and must not use this list (a call back into it throws
 * {@link IllegalStateException}); if it throws, the list is left as it was.
 *
 * <p><b>Elements.</b> As for {@link SharedMap}: a container made by a manager stays shared when
 * stored here, a plain element read out of a process list is a copy, and {@code null} elements are
 * rejected. Elements are serialized by the caller for processes; {@code indexOf}, {@code contains}
 * and {@code remove(Object)} compare with {@code equals}.
 *
 * <p>Iterators walk a snapshot taken when the iteration starts and do not support changes (as
 * {@link java.util.concurrent.CopyOnWriteArrayList}'s); {@code subList} is a view that reads and
 * writes through the list, one element at a time.
 *
 * <p>Memory consistency effects: actions of a job before it stores an element happen-before the
 * actions after a read that returns it, in any process.
 *
 * <p>Lifetime: the list lives until its manager closes; any call afterwards, or after the manager's
 * process has ended, throws {@link IllegalStateException} at once. Limits: at most {@link
 * Integer#MAX_VALUE} elements.
 *
 * @param <E> the element type
 */
public interface SharedList<E> extends List<E> {
  /**
   * Replaces element {@code index} by what {@code fn} makes of it, under the list's lock, and
   * returns the new element: {@code counts.update(i, n -> n + 1)} is atomic across processes.
   *
   * @param index the index, {@code 0 <= index < size()}
   * @param fn from the element to its replacement (not null); runs in the calling job
   * @return the new element
   * @throws IndexOutOfBoundsException if the index is out of range
   * @throws NullPointerException if {@code fn} is null or returns null
   * @throws IllegalStateException if {@code fn} calls back into this list, or the manager is closed
   */
  E update(int index, UnaryOperator<E> fn);

  /**
   * Repeats the contents in place, atomically: Python's {@code l *= times}. {@code times == 0}
   * empties the list, {@code 1} leaves it as it is.
   *
   * @param times how many copies of the contents the list holds afterwards, {@code >= 0}
   * @throws IllegalArgumentException if {@code times < 0}, or the result would hold more than
   *     {@link Integer#MAX_VALUE} elements
   * @throws IllegalStateException if the manager is closed
   */
  void repeat(int times);

  /**
   * A copy of the whole list, taken in one atomic step: Python's {@code l[:]} or {@code l.copy()}.
   * The copy is a plain list of this process, yours to change.
   *
   * @return a new list with the same elements
   * @throws IllegalStateException if the manager is closed
   */
  List<E> snapshot();
}
