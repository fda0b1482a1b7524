package dev.multitask.engine.pool;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A read-only view of part of an array: a map's chunk of its input, read once into an array when
 * the call begins. Its {@link #toArray()} is an array copy, which the encoders of every backend
 * start from ({@code Codec.encodeArray}), where a sublist of the caller's list might walk an
 * iterator.
 */
final class ArraySlice extends AbstractList<Object> implements RandomAccess {
  private final Object[] array;
  private final int from;
  private final int to;

  ArraySlice(Object[] array, int from, int to) {
    Objects.checkFromToIndex(from, to, array.length);
    this.array = array;
    this.from = from;
    this.to = to;
  }

  @Override
  public Object get(int index) {
    return array[from + Objects.checkIndex(index, to - from)];
  }

  @Override
  public int size() {
    return to - from;
  }

  @Override
  public Object[] toArray() {
    return Arrays.copyOfRange(array, from, to);
  }
}
