package dev.multitask.shared;

import java.util.NoSuchElementException;
import java.util.SequencedSet;
import java.util.function.UnaryOperator;

/**
 * Named attributes shared by every job that holds the namespace, as Python's {@code
 * Manager().Namespace()}: {@code ns.name = 'Bob'} is {@code ns.set("name", "Bob")}, {@code ns.name}
 * is {@code ns.get("name")}, {@code del ns.name} is {@code ns.remove("name")}, {@code hasattr(ns,
 * 'name')} is {@code ns.has("name")}. Made by {@link Manager#namespace()}.
 *
 * <p>Attributes whose names start with {@code _} belong to this object alone, as a Python proxy's
 * own attributes: they are not shared with other processes and {@link #names()} and {@link
 * #toString()} leave them out. Every other attribute is an entry of a {@link SharedMap} and behaves
 * as one: each call is atomic, a container made by a manager stays shared, a plain value read out
 * in another process is a copy, and {@code null} values are rejected.
 *
 * <p>Who may call it, memory consistency and lifetime: as for {@link SharedMap}.
 */
public interface Namespace {
  /**
   * The value of an attribute: Python's {@code ns.name}.
   *
   * @param name the attribute's name
   * @param <T> the type the caller expects (unchecked, as for a cast)
   * @return its value
   * @throws NoSuchElementException if there is no such attribute (Python's AttributeError)
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalStateException if the manager is closed
   */
  <T> T get(String name);

  /**
   * The value of an attribute, or {@code fallback} if there is none: Python's {@code getattr(ns,
   * name, fallback)}.
   *
   * @param name the attribute's name
   * @param fallback what to return if it is absent (may be null)
   * @param <T> the type the caller expects (unchecked, as for a cast)
   * @return its value or {@code fallback}
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalStateException if the manager is closed
   */
  <T> T get(String name, T fallback);

  /**
   * Sets an attribute: Python's {@code ns.name = value}.
   *
   * @param name the attribute's name, not empty
   * @param value its value, not null
   * @throws NullPointerException if {@code name} or {@code value} is null
   * @throws IllegalArgumentException if {@code name} is empty, or for processes the value cannot be
   *     serialized
   * @throws IllegalStateException if the manager is closed
   */
  void set(String name, Object value);

  /**
   * Whether the attribute exists: Python's {@code hasattr(ns, name)}.
   *
   * @param name the attribute's name
   * @return whether it is set
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalStateException if the manager is closed
   */
  boolean has(String name);

  /**
   * Removes an attribute: Python's {@code del ns.name}, which does nothing here when it is absent.
   *
   * @param name the attribute's name
   * @return whether it was there
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalStateException if the manager is closed
   */
  boolean remove(String name);

  /**
   * Replaces an attribute's value by what {@code fn} makes of it, atomically, and returns the new
   * value: {@code ns.update("count", (Long n) -> n == null ? 1 : n + 1)}. The function runs in the
   * calling job, under the namespace's lock (see {@link SharedMap#compute}).
   *
   * @param name the attribute's name
   * @param fn from the value (null if absent) to the new value (null removes the attribute)
   * @param <T> the attribute's type (unchecked, as for a cast)
   * @return the new value, or null if removed
   * @throws NullPointerException if {@code name} or {@code fn} is null
   * @throws IllegalStateException if {@code fn} calls back into this namespace, or the manager is
   *     closed
   */
  <T> T update(String name, UnaryOperator<T> fn);

  /**
   * The names of the shared attributes, in the order they were first set (a snapshot).
   *
   * @return the names; those starting with {@code _} are not among them
   * @throws IllegalStateException if the manager is closed
   */
  SequencedSet<String> names();

  /**
   * The shared attributes as Python prints them: {@code Namespace(name='Bob', job='Builder')}.
   *
   * @return the description
   */
  @Override
  String toString();
}
