package dev.multitask.codec;

import java.io.ObjectInputFilter;

/** Deserialization filters for the codec's tests. */
final class Filters {
  private Filters() {}

  /** A filter that rejects {@code type} and leaves every other class undecided. */
  static ObjectInputFilter refusing(Class<?> type) {
    return info ->
        info.serialClass() == type
            ? ObjectInputFilter.Status.REJECTED
            : ObjectInputFilter.Status.UNDECIDED;
  }
}
