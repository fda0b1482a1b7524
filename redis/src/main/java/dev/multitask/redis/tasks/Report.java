package dev.multitask.redis.tasks;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;

/**
 * What a worker tells a context about one task: that it began (a job's pid), or how it ended.
 *
 * <pre>byte type, utf id, long pid, utf worker, int exitCode, int runs, utf message, bytes payload
 * </pre>
 *
 * @param type {@link #STARTED}, {@link #VALUE} or {@link #FAILURE}
 * @param id the task id
 * @param pid the child JVM that runs or ran it, on the worker's host
 * @param worker the worker's name
 * @param exitCode a job's exit code (0 for pool items)
 * @param runs how many times the task began, this run included (above 1: redelivered)
 * @param message for a failure without a cause (a job killed by a signal), what happened
 * @param payload the value ({@link dev.multitask.codec.Codec}) or the failure's cause ({@link
 *     dev.multitask.codec.ThrowableCodec}); empty when there is none
 */
public record Report(
    byte type,
    String id,
    long pid,
    String worker,
    int exitCode,
    int runs,
    String message,
    byte[] payload) {
  /** The task began; for a job, the pid is its child JVM. */
  public static final byte STARTED = 1;

  /** The task ended with a value. */
  public static final byte VALUE = 2;

  /** The task ended with a failure. */
  public static final byte FAILURE = 3;

  /** The report's bytes. */
  public byte[] encode() {
    BytesOut out = new BytesOut(payload.length + 64);
    out.writeByte(type)
        .writeString(id)
        .writeLong(pid)
        .writeString(worker)
        .writeInt(exitCode)
        .writeInt(runs)
        .writeString(message)
        .writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * Reads what {@link #encode()} wrote.
   *
   * @param bytes the bytes
   * @return the report
   */
  public static Report decode(byte[] bytes) {
    BytesIn in = new BytesIn(bytes);
    byte type = (byte) in.readByte();
    return new Report(
        type,
        in.readString(),
        in.readLong(),
        in.readString(),
        in.readInt(),
        in.readInt(),
        in.readString(),
        in.readBytes());
  }
}
