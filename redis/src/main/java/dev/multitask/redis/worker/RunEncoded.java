package dev.multitask.redis.worker;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.codec.Codec;
import dev.multitask.engine.pool.ChunkTask;
import dev.multitask.pool.InitializerFailedException;
import dev.multitask.redis.ClusterTask;
import dev.multitask.redis.tasks.Envelope;
import java.io.Serial;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster task as the worker hands it to one of its child JVMs: the envelope's body, decoded and
 * run in the child (never in the worker, which so does not need the classes a task's decoding
 * loads, and survives a task that crashes its JVM). Returns the value encoded.
 *
 * <p>A pool item carries its pool's initializer: the child runs it before the first item of that
 * pool it runs, in the thread that then runs the pool's items, and not again once it returned. An
 * initializer that throws fails the item with an {@link InitializerFailedException}; the next item
 * of the pool tries it again.
 */
final class RunEncoded implements Task<byte[]> {
  @Serial private static final long serialVersionUID = 1L;

  /** The pools whose initializer ran in this (child) JVM. */
  private static final Set<String> INITIALIZED = ConcurrentHashMap.newKeySet();

  private final byte kind;
  private final String id;
  private final int runs;
  private final String pool;
  private final byte[] init;
  private final byte[] body;

  RunEncoded(byte kind, String id, int runs, String pool, byte[] init, byte[] body) {
    this.kind = kind;
    this.id = id;
    this.runs = runs;
    this.pool = pool;
    this.init = init;
    this.body = body;
  }

  @Override
  public byte[] call() throws Exception {
    ClusterTask.Access.enter(id, runs);
    try {
      if (init.length > 0 && !INITIALIZED.contains(pool)) {
        initialize();
      }
      Object value =
          kind == Envelope.CHUNK
              ? ChunkTask.decode(body).call()
              : ((Task<?>) Codec.decode(body)).call();
      return Codec.encode(value);
    } finally {
      ClusterTask.Access.enter(null, 0);
    }
  }

  private void initialize() {
    try {
      ((Action) Codec.decode(init)).run();
    } catch (Exception e) {
      throw new InitializerFailedException(ProcessHandle.current().pid(), e);
    }
    INITIALIZED.add(pool);
  }
}
