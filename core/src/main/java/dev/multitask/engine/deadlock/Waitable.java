package dev.multitask.engine.deadlock;

/** A lock as the wait-for graph sees it: an edge from its holder. */
public interface Waitable {
  /** The thread holding the lock now, or {@code null} if it is free (a snapshot). */
  Holder holder();

  /** A name for messages: the kind of lock and where it lives. */
  String describe();
}
