package dev.multitask.redis.tasks;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;

/**
 * One unit of work as it waits in Redis: a pool item or a job, with its id and its context. The
 * envelope's bytes are unique (they hold the id), so a worker acknowledges exactly the one it took
 * ({@code LREM}).
 *
 * <pre>
 * byte kind, utf id, utf ctx, utf name, long deadlineMillis (0 none), utf pool, bytes init,
 * bytes body, byte daemon
 * </pre>
 *
 * <p>The task scripts read the id where this layout puts it ({@code TaskScripts}: the kind byte,
 * then the id's 4-byte big-endian length and its UTF-8 bytes): the kind and the id stay first.
 *
 * @param kind {@link #TASK}, {@link #CHUNK} or {@link #JOB}
 * @param id the task id: unique, the same on every delivery
 * @param ctx the id of the context that sent it
 * @param name the job's name, or the item's label
 * @param deadlineMillis for a pool item, how long it may run; 0 for no limit
 * @param pool for a pool item, the pool's id (its initializer runs once per child JVM); "" for a
 *     job
 * @param init for a pool item, the pool's encoded initializer; empty for none
 * @param body the encoded task ({@link dev.multitask.codec.Codec}), or a map chunk's encoding
 * @param daemon for a job, whether it is a daemon (its child JVM says so); false for a pool item
 */
public record Envelope(
    byte kind,
    String id,
    String ctx,
    String name,
    long deadlineMillis,
    String pool,
    byte[] init,
    byte[] body,
    boolean daemon) {
  /** A pool item whose body is a {@code Task}. */
  public static final byte TASK = 1;

  /** A map chunk ({@code ChunkTask.encode()}). */
  public static final byte CHUNK = 2;

  /** A job: runs in a child JVM of its own. */
  public static final byte JOB = 3;

  /** The envelope's bytes. */
  public byte[] encode() {
    BytesOut out = new BytesOut(body.length + init.length + 96);
    out.writeByte(kind)
        .writeString(id)
        .writeString(ctx)
        .writeString(name)
        .writeLong(deadlineMillis)
        .writeString(pool)
        .writeBytes(init)
        .writeBytes(body)
        .writeByte(daemon ? 1 : 0);
    return out.toByteArray();
  }

  /**
   * Reads what {@link #encode()} wrote.
   *
   * @param bytes the bytes
   * @return the envelope
   */
  public static Envelope decode(byte[] bytes) {
    BytesIn in = new BytesIn(bytes);
    byte kind = (byte) in.readByte();
    return new Envelope(
        kind,
        in.readString(),
        in.readString(),
        in.readString(),
        in.readLong(),
        in.readString(),
        in.readBytes(),
        in.readBytes(),
        in.readByte() == 1);
  }
}
