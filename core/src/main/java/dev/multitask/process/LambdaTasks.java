package dev.multitask.process;

import dev.multitask.Task;
import dev.multitask.codec.BytesIn;
import dev.multitask.codec.LambdaShapes;

/**
 * A pool worker's side of the lambda shapes its parent sends ({@link LambdaShapes}): the RUN frames
 * with the {@code LAMBDA_SHAPE} flag. One receiver per worker JVM, as a worker has one parent; used
 * by the serving thread only. Loaded with the first such task, never on a cold job's way.
 */
final class LambdaTasks {
  private static final LambdaShapes.Receiver SHAPES = new LambdaShapes.Receiver();

  private LambdaTasks() {}

  /** The task in {@code body}: {@code long shapeId, int shapeLength, shape, captured values}. */
  static Task<?> decode(byte[] body) {
    BytesIn in = new BytesIn(body);
    long shapeId = in.readLong();
    int shapeLength = in.readInt();
    byte[] shape = null;
    if (shapeLength >= 0) {
      if (shapeLength > in.remaining()) {
        throw new IllegalArgumentException(
            "not a multitask encoding: a lambda shape of " + shapeLength + " bytes");
      }
      shape = new byte[shapeLength];
      in.read(shape, 0, shapeLength);
    }
    return (Task<?>) SHAPES.decode(shapeId, shape, in);
  }
}
