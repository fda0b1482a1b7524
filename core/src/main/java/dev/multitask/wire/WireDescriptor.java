package dev.multitask.wire;

/**
 * The control channel's protocol between a parent and its worker JVMs (and the manager server's TCP
 * connections): the frames, their kinds and flags, the order they come in. Constants only.
 *
 * <pre>
 *   transport: two pipes the worker inherits (fds 3 and 4; the usual one), or a Unix-domain socket
 *              in the parent's 0700 run directory (when the JVM has no native access), or TCP
 *              (the manager server)
 *
 *   frame:     0        4       5
 *              +--------+-------+---------------------------------------------+
 *              | length | kind  | payload: length - 1 bytes, big-endian numbers |
 *              +--------+-------+---------------------------------------------+
 *              length counts kind and payload; at most HANDSHAKE_MAX before the handshake,
 *              MAX_FRAME after it (a larger one fails that job only, and its worker is killed)
 *
 *   start-up:  parent → worker, on the worker's standard input (never the command line):
 *              the bootstrap (process.Bootstrap: magic 'MTW6', length, the worker's id, its
 *              32-byte key, pids, the classes and lambdas to preload, ...); then the lifeline:
 *              end-of-file, or RETIRE ('R') and end-of-file, ends the worker
 *
 *   handshake, on pipes (the parent speaks first; Handshake draws the MACs):
 *              parent → worker  CHALLENGE  parentNonce, MAC
 *              parent → worker  RUN        (a cold worker's job may follow at once, if small)
 *              worker → parent  PROOF      MAC over parentNonce
 *   handshake, on a socket or TCP (the worker speaks first):
 *              worker → parent  HELLO      workerId, childNonce
 *              parent → worker  CHALLENGE  parentNonce, MAC
 *              worker → parent  PROOF      MAC
 *
 *   jobs and tasks, after the proof checks out (nothing is deserialized before it):
 *              parent → worker  RUN            long id, byte flags, str name, body
 *                                              (the encoded task; a map chunk with MAP_CHUNK:
 *                                              int length, then the chunk's own encoding; a
 *                                              pool's lambda task with LAMBDA_SHAPE: its shape's
 *                                              id, the shape the first time, its captured values)
 *              worker → parent  RESULT         long id, the encoded result
 *              worker → parent  FAILURE        long id, the encoded exception, with its stack
 *              worker → parent  OUT_OF_MEMORY  long id, long maxHeapBytes (before its FAILURE)
 *              worker → parent  TRACE          the events the worker recorded (RUN had TRACED),
 *                                              before the task's RESULT or FAILURE and the job's DONE
 *              worker → parent  DONE           long id, int exitCode (a job ended; EXIT_AFTER)
 *              worker → parent  EXITING        int code (the worker is leaving of its own accord)
 * </pre>
 *
 * <p><b>The rules that make it safe:</b> the parent reads only fixed-size handshake frames, and
 * deserializes nothing, until the worker has proven that it holds the key; a worker that fails the
 * proof is killed, even when its job's frame already waits in its pipe. Every frame of a job
 * carries its id, so a late frame of an earlier job is never taken for the current one's. A worker
 * writes its frames from one thread at a time (the channel's lock), so frames never interleave.
 */
public final class WireDescriptor {
  /** Worker → parent, socket transports: {@code long workerId, 32-byte childNonce}. */
  public static final byte HELLO = 1;

  /** Parent → worker: {@code 32-byte parentNonce, 32-byte MAC}. */
  public static final byte CHALLENGE = 2;

  /** Worker → parent: {@code 32-byte MAC}. */
  public static final byte PROOF = 3;

  /** Parent → worker: {@code long id, byte flags, str name, body}. */
  public static final byte RUN = 10;

  /** Worker → parent: {@code long id, encoded result}. */
  public static final byte RESULT = 11;

  /** Worker → parent: {@code long id, encoded exception}. */
  public static final byte FAILURE = 12;

  /** Worker → parent: {@code int code}; the worker leaves of its own accord. */
  public static final byte EXITING = 13;

  /** Worker → parent: {@code long id, int exitCode}; the job ended (its worker exits after it). */
  public static final byte DONE = 14;

  /**
   * Worker → parent: {@code long id, long maxHeapBytes}; the worker ran out of memory, sent before
   * the job's FAILURE, if any, and the worker then ends without beginning another task.
   */
  public static final byte OUT_OF_MEMORY = 15;

  /**
   * Worker → parent: the trace events the worker recorded since its last TRACE frame, in {@code
   * process.TraceFrames}' form; sent only while its tasks carry {@link #TRACED}, ahead of the
   * task's reply, so that a parent that sees the reply has the events too.
   */
  public static final byte TRACE = 16;

  /** RUN flag: the worker exits after this task (a job; not a pool task). */
  public static final int EXIT_AFTER = 1;

  /** RUN flag: a daemon job. */
  public static final int DAEMON = 2;

  /** RUN flag: a pool task: a failure is reported, not printed. */
  public static final int POOL_TASK = 4;

  /**
   * RUN flag: a map chunk in {@code ChunkTask.encode()}'s form, its results unboxed where they can
   * be.
   */
  public static final int MAP_CHUNK = 8;

  /**
   * RUN flag: the body is an {@code Action}, sent without its task wrapper, which the worker puts
   * back.
   */
  public static final int ACTION = 16;

  /**
   * RUN flag: the parent is recording a trace; the worker records its events while it runs the task
   * and sends them in a TRACE frame.
   */
  public static final int TRACED = 32;

  /**
   * RUN flag (with POOL_TASK): the body is a lambda split by {@code codec.LambdaShapes}: {@code
   * long shapeId, int shapeLength, shapeLength bytes of shape, the captured values}; a shape length
   * of -1 means the worker was sent that shape before on this channel (both sides keep the first
   * {@code LambdaShapes.LIMIT} shapes sent).
   */
  public static final int LAMBDA_SHAPE = 64;

  /** Frames before authentication are small and fixed; anything larger is an attack or a bug. */
  public static final int HANDSHAKE_MAX = 256;

  /**
   * The largest frame either side reads after the handshake (kind and payload): the channel carries
   * tasks and their results, and bulk data is better sent through a queue or {@code SharedMemory},
   * which move it through shared memory instead of a pipe. A reader allocates a large frame's body
   * only as its bytes arrive, so a length that a peer states costs nothing until it is sent.
   */
  public static final int MAX_FRAME = 256 << 20;

  private WireDescriptor() {}
}
