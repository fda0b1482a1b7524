package dev.multitask.redis.tasks;

import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.Scripts;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The task system's operations, for contexts (submit, cancel, heartbeat) and workers (acknowledge,
 * post, reap). See {@link TaskKeys} for the keys and {@link TaskScripts} for the atomic steps.
 * Thread-safe; every call survives a reconnect ({@link Redis}).
 */
public final class Tasks {
  private final Redis redis;

  /**
   * The operations on {@code redis}.
   *
   * @param redis the server's client
   */
  public Tasks(Redis redis) {
    this.redis = redis;
  }

  /**
   * Queues an envelope: jobs on {@link TaskKeys#JOBS}, pool items on {@link TaskKeys#TASKS}.
   *
   * @param e the envelope
   * @return its bytes, with which it can be cancelled
   */
  public byte[] submit(Envelope e) {
    byte[] raw = e.encode();
    String pending = e.kind() == Envelope.JOB ? TaskKeys.JOBS : TaskKeys.TASKS;
    redis.call(c -> c.rpush(pending, raw));
    return raw;
  }

  /**
   * Cancels a queued envelope: removes it if no worker took it yet (true), else marks its id so a
   * worker that takes it later skips it (false).
   *
   * @param e the envelope
   * @param raw its bytes
   * @return whether it was still pending and is now gone
   */
  public boolean cancelPending(Envelope e, byte[] raw) {
    String pending = e.kind() == Envelope.JOB ? TaskKeys.JOBS : TaskKeys.TASKS;
    return redis
            .scripts()
            .integer(TaskScripts.CANCEL, List.of(pending, TaskKeys.CANCELLED), raw, e.id())
        == 1;
  }

  /**
   * Asks worker {@code worker} to stop task {@code id}.
   *
   * @param worker the worker that runs it
   * @param id the task
   * @param kill SIGKILL (true) or SIGTERM (false) for a job; a pool item is killed either way
   */
  public void stop(String worker, String id, boolean kill) {
    byte[] command = ((kill ? "kill " : "term ") + id).getBytes(StandardCharsets.UTF_8);
    redis.call(
        c -> {
          c.rpush(TaskKeys.control(worker), command);
          c.expire(TaskKeys.control(worker), 3600);
          return null;
        });
  }

  /** Whether {@code id} was cancelled before it began; forgets the mark. */
  public boolean wasCancelled(String id) {
    return redis.call(c -> c.srem(TaskKeys.CANCELLED, id.getBytes(StandardCharsets.UTF_8))) > 0;
  }

  /**
   * An envelope a worker took into one of its in-flight lists.
   *
   * @param raw the envelope's bytes
   * @param runs how many times it began, this time included; 0 if it was cancelled while pending
   *     (then it is not counted, and the worker forgets the mark with {@link #wasCancelled})
   */
  public record Taken(byte[] raw, int runs) {}

  /**
   * Begins an envelope a worker took: counts a start of it, unless it was cancelled while pending.
   *
   * @param raw the envelope's bytes
   * @return what was taken, with its start count (0: cancelled)
   */
  public Taken begin(byte[] raw) {
    long runs =
        redis
            .scripts()
            .integer(
                TaskScripts.BEGIN, List.of(TaskKeys.CANCELLED), raw, TaskKeys.RESULT_TTL_SECONDS);
    return new Taken(raw, (int) runs);
  }

  private static Taken taken(List<Object> reply) {
    if (reply == null || reply.size() < 2) {
      return null;
    }
    return new Taken((byte[]) reply.get(0), (int) Scripts.asLong(reply.get(1)));
  }

  /**
   * Acknowledges an envelope a worker took and posts its end, in one atomic step.
   *
   * @param inflight the in-flight list that holds it
   * @param raw the envelope's bytes
   * @param e the envelope
   * @param report its end
   */
  public void acknowledge(String inflight, byte[] raw, Envelope e, Report report) {
    acknowledge(inflight, raw, e, report, null);
  }

  /**
   * Acknowledges an envelope a worker took and posts its end as {@link #acknowledge(String, byte[],
   * Envelope, Report)} does, and in the same step moves the next envelope of {@code pending} (if
   * there is one) into the same in-flight list, begun ({@link #begin}). The in-flight list must
   * hold nothing but {@code raw}. A retry after a dropped connection returns what the first attempt
   * took.
   *
   * @param inflight the in-flight list that holds it, and will hold the next
   * @param raw the envelope's bytes
   * @param e the envelope
   * @param report its end
   * @param pending where to take the next one from, or null to take none
   * @return the next one, or null if none was taken
   */
  public Taken acknowledge(String inflight, byte[] raw, Envelope e, Report report, String pending) {
    List<Object> r =
        redis
            .scripts()
            .multi(
                TaskScripts.ACK_AND_TAKE,
                List.of(
                    inflight,
                    TaskKeys.done(e.ctx()),
                    TaskKeys.result(e.id()),
                    pending == null ? TaskKeys.TASKS : pending,
                    TaskKeys.CANCELLED),
                raw,
                report.encode(),
                TaskKeys.RESULT_TTL_SECONDS,
                pending == null ? "0" : "1");
    return taken(r);
  }

  /**
   * Posts a report to a context without acknowledging anything (a job's start).
   *
   * @param ctx the context
   * @param report the report
   */
  public void post(String ctx, Report report) {
    byte[] r = report.encode();
    redis.call(
        c -> {
          c.rpush(TaskKeys.done(ctx), r);
          c.expire(TaskKeys.done(ctx), TaskKeys.RESULT_TTL_SECONDS);
          return null;
        });
  }

  /**
   * Puts the in-flight envelopes of every worker whose heartbeat expired back at the head of the
   * queues.
   *
   * @param self a worker not to look at (the caller), or null
   * @return how many envelopes moved
   */
  public long reapDeadWorkers(String self) {
    long moved = 0;
    var names = redis.call(c -> c.smembers(TaskKeys.WORKERS));
    for (byte[] n : names) {
      String w = new String(n, StandardCharsets.UTF_8);
      if (w.equals(self)) {
        continue;
      }
      long m = reap(w);
      moved += Math.max(0, m);
    }
    return moved;
  }

  private long reap(String worker) {
    return redis
        .scripts()
        .integer(
            TaskScripts.REAP,
            List.of(
                TaskKeys.alive(worker),
                TaskKeys.WORKERS,
                TaskKeys.inflights(worker),
                TaskKeys.TASKS,
                TaskKeys.JOBS),
            worker);
  }

  /**
   * A worker leaves: its heartbeat goes and what it had in flight goes back to the queues.
   *
   * @param worker the worker
   */
  public void leave(String worker) {
    redis.call(c -> c.del(TaskKeys.alive(worker)));
    reap(worker);
  }

  /** Renews context {@code ctx}'s heartbeat for {@code ttlMillis}. */
  public void contextBeat(String ctx, long ttlMillis) {
    redis.call(
        c -> c.set(TaskKeys.contextAlive(ctx), new byte[] {1}, SetArgs.Builder.px(ttlMillis)));
  }

  /** Removes context {@code ctx}'s heartbeat: its jobs are orphans from now on. */
  public void contextGone(String ctx) {
    redis.call(c -> c.del(TaskKeys.contextAlive(ctx), TaskKeys.done(ctx)));
  }

  /** Whether context {@code ctx}'s heartbeat is there. */
  public boolean contextAlive(String ctx) {
    return redis.call(c -> c.exists(TaskKeys.contextAlive(ctx))) > 0;
  }

  /** The names of the workers that have a heartbeat now. */
  public List<String> liveWorkers() {
    var names = redis.call(c -> c.smembers(TaskKeys.WORKERS));
    return names.stream()
        .map(n -> new String(n, StandardCharsets.UTF_8))
        .filter(w -> redis.call(c -> c.exists(TaskKeys.alive(w))) > 0)
        .sorted()
        .toList();
  }
}
