package dev.multitask.redis.tasks;

import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.Scripts;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  /**
   * What in-flight list {@code inflight} holds, oldest first.
   *
   * @param inflight a worker's in-flight list
   * @return its envelopes
   */
  public List<byte[]> inflight(String inflight) {
    return redis.call(c -> c.lrange(inflight, 0, -1));
  }

  /**
   * An envelope a worker ran, with its end: what {@link #settle} acknowledges.
   *
   * @param raw the envelope's bytes
   * @param envelope the envelope
   * @param report its end
   */
  public record Ack(byte[] raw, Envelope envelope, Report report) {}

  /**
   * Acknowledges an envelope a worker took and posts its end, in one atomic step.
   *
   * @param inflight the in-flight list that holds it
   * @param raw the envelope's bytes
   * @param e the envelope
   * @param report its end
   */
  public void acknowledge(String inflight, byte[] raw, Envelope e, Report report) {
    // held beyond any list's length: nothing earlier to return, nothing taken
    settle(inflight, List.of(new Ack(raw, e, report)), Integer.MAX_VALUE, 0, TaskKeys.TASKS);
  }

  /**
   * Settles a worker's batch in one atomic step: acknowledges the envelopes of {@code acks} and
   * posts their ends as {@link #acknowledge} does, then moves up to {@code max} envelopes of {@code
   * pending} into the same in-flight list, begun ({@link #begin}). A retry after a dropped
   * connection returns what the first attempt took.
   *
   * @param inflight the in-flight list that holds the acknowledged envelopes, and will hold the
   *     taken ones
   * @param acks the envelopes that ended, with their reports; may be empty
   * @param held how many envelopes the list holds once {@code acks} are gone (those the worker
   *     still runs)
   * @param max the most envelopes to take
   * @param pending where to take them from
   * @return the envelopes taken, in order
   */
  public List<Taken> settle(String inflight, List<Ack> acks, int held, int max, String pending) {
    Object[] args = new Object[3 + 4 * acks.size()];
    args[0] = TaskKeys.RESULT_TTL_SECONDS;
    args[1] = held;
    args[2] = max;
    int i = 3;
    for (Ack a : acks) {
      args[i++] = a.raw();
      args[i++] = TaskKeys.done(a.envelope().ctx());
      args[i++] = TaskKeys.result(a.envelope().id());
      args[i++] = a.report().encode();
    }
    List<Object> r =
        redis
            .scripts()
            .multi(TaskScripts.SETTLE, List.of(inflight, pending, TaskKeys.CANCELLED), args);
    if (r == null || r.isEmpty()) {
      return List.of();
    }
    List<Taken> taken = new ArrayList<>(r.size() / 2);
    for (int k = 0; k + 1 < r.size(); k += 2) {
      taken.add(new Taken((byte[]) r.get(k), (int) Scripts.asLong(r.get(k + 1))));
    }
    return taken;
  }

  /**
   * Gives back an envelope a worker took ahead of its turn and did not start: it leaves the
   * in-flight list for the head of {@code pending}, and its start is not counted.
   *
   * @param inflight the in-flight list that holds it
   * @param raw the envelope's bytes
   * @param e the envelope
   * @param pending where it came from
   * @return whether it was given back; false if the list no longer held it
   */
  public boolean giveBack(String inflight, byte[] raw, Envelope e, String pending) {
    return redis.scripts().integer(TaskScripts.GIVE_BACK, List.of(inflight, pending), raw, e.id())
        == 1;
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
