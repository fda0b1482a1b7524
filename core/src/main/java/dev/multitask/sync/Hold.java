package dev.multitask.sync;

/**
 * A lock or permit held until {@link #close()}: the handle of try-with-resources, as Python's
 * {@code with lock:}. Closing twice releases once.
 */
public interface Hold extends AutoCloseable {
  /** Releases what this hold holds; a second call does nothing. */
  @Override
  void close();
}
