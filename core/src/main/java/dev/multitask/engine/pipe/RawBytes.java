package dev.multitask.engine.pipe;

import java.io.Serial;
import java.io.Serializable;

/**
 * Bytes sent with {@code sendBytes}, as they travel through a pipe's queue: kept apart from objects
 * so that {@code recv} can tell them from a {@code byte[]} message.
 *
 * @param bytes a private copy of what was sent; the receiver that takes this record owns it
 */
record RawBytes(byte[] bytes) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** Copies {@code bytes}, so that the sender may reuse its array. */
  RawBytes {
    bytes = bytes.clone();
  }

  @Override
  public String toString() {
    return "RawBytes[" + bytes.length + " bytes]";
  }
}
