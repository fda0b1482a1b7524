package dev.multitask.redis.worker;

import dev.multitask.Task;
import dev.multitask.codec.Codec;
import dev.multitask.engine.pool.ChunkTask;
import dev.multitask.redis.ClusterTask;
import dev.multitask.redis.tasks.Envelope;
import java.io.Serial;

/**
 * A cluster task as the worker hands it to one of its child JVMs: the envelope's body, decoded and
 * run in the child (never in the worker, which so does not need the classes a task's decoding
 * loads, and survives a task that crashes its JVM). Returns the value encoded.
 */
final class RunEncoded implements Task<byte[]> {
  @Serial private static final long serialVersionUID = 1L;

  private final byte kind;
  private final String id;
  private final int runs;
  private final byte[] body;

  RunEncoded(byte kind, String id, int runs, byte[] body) {
    this.kind = kind;
    this.id = id;
    this.runs = runs;
    this.body = body;
  }

  @Override
  public byte[] call() throws Exception {
    ClusterTask.Access.enter(id, runs);
    try {
      Object value =
          kind == Envelope.CHUNK
              ? ChunkTask.decode(body).call()
              : ((Task<?>) Codec.decode(body)).call();
      return Codec.encode(value);
    } finally {
      ClusterTask.Access.enter(null, 0);
    }
  }
}
