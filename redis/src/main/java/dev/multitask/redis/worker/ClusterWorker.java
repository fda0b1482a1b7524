package dev.multitask.redis.worker;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.JobFailedException;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.tasks.Envelope;
import dev.multitask.redis.tasks.Report;
import dev.multitask.redis.tasks.TaskKeys;
import dev.multitask.redis.tasks.Tasks;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A worker JVM of a cluster: takes jobs and pool items from Redis and runs each in a child JVM of
 * its own host (the process backend), so a task that crashes its JVM fails alone and the worker
 * goes on.
 *
 * <p>Pool items run on a process pool of {@code concurrency} child JVMs, at most that many at once,
 * taken and acknowledged in batches ({@link TaskTaker}): the worker holds at most {@link
 * #maxInFlight(int)} of them. Jobs each get a child JVM of their own, at most {@code maxJobs} at
 * once: a job may run as long as it likes (a consumer blocked on a queue), so jobs never wait
 * behind pool items.
 *
 * <p>Reliability: an item moves atomically from the pending list into this worker's in-flight list
 * ({@code BLMOVE}, or in a batch: {@link Tasks#settle}) and leaves it only with its result. The
 * worker renews a heartbeat key five times per its TTL ({@link TaskKeys#heartbeatTtlMillis()});
 * every worker (and every context) reaps the in-flight lists of workers whose heartbeat expired,
 * putting their items back at the head of the queue. An item is so never lost, and may run twice
 * (at least once: see {@link dev.multitask.redis.ClusterTask}).
 *
 * <p>The worker also kills the jobs and items of a context whose heartbeat expired (its program
 * ended without closing it, or was killed), so nothing runs for a driver that is gone.
 *
 * <p>Its child JVMs reach the server themselves, through the handles their tasks hold: they log in
 * with the worker's password ({@link Connections#ENV}) and, over TLS, trust the server as the
 * worker does ({@link Connections#childJvmFlags}).
 */
public final class ClusterWorker implements AutoCloseable {
  private static final Duration TAKE_BLOCK = Duration.ofSeconds(2);

  private final RedisAddress address;
  private final String name;
  private final int concurrency;
  private final Semaphore jobSlots;
  private final Redis redis;
  private final Tasks tasks;
  private final Context local;
  private final Pool pool;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  /** How long this worker's heartbeat lives, and how often it renews it. */
  private final long heartbeatMillis;

  private final long beatMillis;

  /** The names of this worker's in-flight lists, for the reapers. */
  private final byte[][] inflightLists;

  private final TaskTaker taker;

  /** A task this worker runs: its envelope, and the job or the pool future. */
  record Running(Envelope envelope, byte[] raw, Job<byte[]> job, Future<byte[]> future) {}

  /**
   * Starts a worker.
   *
   * @param address the server, with its password if it needs one
   * @param name the worker's name, unique in the cluster
   * @param concurrency how many pool items run at once (child JVMs of the pool)
   * @param maxJobs how many jobs run at once
   * @throws IllegalArgumentException if a count is below 1 or the name is blank
   */
  public ClusterWorker(RedisAddress address, String name, int concurrency, int maxJobs) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1: concurrency=" + concurrency);
    }
    if (maxJobs < 1) {
      throw new IllegalArgumentException("maxJobs must be >= 1: maxJobs=" + maxJobs);
    }
    if (name == null || name.isBlank() || name.contains(":")) {
      throw new IllegalArgumentException(
          "a worker name must be non-blank without ':': name=" + name);
    }
    this.address = address;
    this.name = name;
    this.concurrency = concurrency;
    this.jobSlots = new Semaphore(maxJobs);
    this.heartbeatMillis = TaskKeys.heartbeatTtlMillis(); // a bad property fails here, at start
    this.beatMillis = TaskKeys.beatMillis();
    this.redis = Connections.open(address);
    this.tasks = new Tasks(redis);
    ProcessOptions children =
        ProcessOptions.defaults()
            .environment(Connections.ENV, address.secretUrl())
            .jvmFlags(Connections.childJvmFlags(address).toArray(String[]::new));
    this.local = Multitask.processes(children);
    this.pool = local.pool(PoolOptions.workers(concurrency).processOptions(children));
    this.inflightLists =
        new byte[][] {
          TaskKeys.inflightTasks(name).getBytes(StandardCharsets.UTF_8),
          TaskKeys.inflightJobs(name).getBytes(StandardCharsets.UTF_8)
        };
    this.taker = new TaskTaker(name, tasks, pool, concurrency, running, this::take);
  }

  /** The most pool items a worker of {@code concurrency} holds: {@code Cluster.maxInFlight}. */
  public static int maxInFlight(int concurrency) {
    return 2 * concurrency;
  }

  /** The worker's name. */
  public String name() {
    return name;
  }

  /**
   * Starts serving: the heartbeat, the reaper, the takers and the command listener.
   *
   * @return this worker
   */
  public ClusterWorker start() {
    beat();
    spawn("heartbeat", this::heartbeats);
    spawn("tasks", () -> taker.run(() -> stopping));
    spawn("jobs", this::takeJobs);
    spawn("control", this::listen);
    return this;
  }

  private void spawn(String what, Runnable body) {
    Thread t =
        Thread.ofPlatform()
            .daemon(true)
            .name("multitask-worker-" + name + "-" + what)
            .start(
                () -> {
                  // a loop that fails (Redis away past a client's patience) starts again: a worker
                  // whose taker died would keep what it holds in flight while its heartbeat says
                  // alive
                  while (!stopping) {
                    try {
                      body.run();
                    } catch (RuntimeException e) {
                      if (stopping) {
                        return;
                      }
                      System.err.println(
                          "multitask worker "
                              + name
                              + ": "
                              + what
                              + " failed, restarting"
                              + " it: "
                              + e);
                      if (!pause(1000)) {
                        return;
                      }
                    }
                  }
                });
    threads.add(t);
  }

  private void beat() {
    redis.call(
        c -> {
          c.set(TaskKeys.alive(name), new byte[] {1}, SetArgs.Builder.px(heartbeatMillis));
          c.sadd(TaskKeys.WORKERS, name.getBytes(StandardCharsets.UTF_8));
          // again each time: a reaper that took us for dead (a long pause) forgot them
          c.sadd(TaskKeys.inflights(name), inflightLists);
          return null;
        });
  }

  private void heartbeats() {
    long lastReap = 0;
    while (!stopping) {
      try {
        beat();
        long now = System.nanoTime();
        if (now - lastReap > 1_000_000_000L) {
          lastReap = now;
          tasks.reapDeadWorkers(name);
          killOrphans();
        }
      } catch (IllegalStateException e) {
        // Redis away for longer than a client's patience: keep beating, it may come back
      }
      if (!pause(beatMillis)) {
        return;
      }
    }
  }

  private void killOrphans() {
    for (Running r : running.values()) {
      if (!tasks.contextAlive(r.envelope().ctx())) {
        stop(r, true);
      }
    }
  }

  /**
   * The jobs' loop: takes a job into the jobs' in-flight list and starts it; the list holds every
   * job this worker runs. A job there that this worker does not run (a job leaves {@link #running}
   * only after it is acknowledged) was left by a round that failed, or taken by a take whose reply
   * was lost: it starts before the next take.
   */
  private void takeJobs() {
    String inflight = TaskKeys.inflightJobs(name);
    while (!stopping) {
      try {
        jobSlots.acquire();
      } catch (InterruptedException e) {
        return;
      }
      byte[] raw;
      try {
        raw = unknownJob(inflight);
        if (raw == null) {
          raw = take(TaskKeys.JOBS, inflight, () -> unknownJob(inflight));
        }
      } catch (RuntimeException e) {
        jobSlots.release();
        throw e;
      }
      if (raw == null) {
        jobSlots.release();
        continue;
      }
      startJob(inflight, raw);
    }
  }

  /** Starts a job that holds one of {@link #jobSlots}, which its end releases. */
  private void startJob(String inflight, byte[] raw) {
    Envelope e = Envelope.decode(raw);
    boolean started = false;
    try {
      int runs = tasks.begin(raw).runs();
      if (runs == 0) {
        tasks.wasCancelled(e.id()); // forgets the mark
        tasks.acknowledge(
            inflight,
            raw,
            e,
            new Report(
                Report.FAILURE, e.id(), 0, name, -9, 0, "was killed before it began", new byte[0]));
        return;
      }
      Job<byte[]> job;
      try {
        job =
            local
                .job(new RunEncoded(Envelope.JOB, e.id(), runs, "", new byte[0], e.body()))
                .name(e.name())
                .daemon(e.daemon())
                .start();
      } catch (RuntimeException ex) {
        tasks.acknowledge(inflight, raw, e, failure(e, ex, 1, runs));
        return;
      }
      running.put(e.id(), new Running(e, raw, job, null));
      started = true;
      job.future()
          .whenComplete(
              (value, failure) -> {
                try {
                  if (stopping) {
                    return; // left in flight: close() puts it back for another worker
                  }
                  int code = job.exitCode().orElse(1);
                  Report report =
                      failure == null
                          ? new Report(Report.VALUE, e.id(), job.pid(), name, code, runs, "", value)
                          : jobFailure(e, job, code, runs, failure);
                  acknowledge(inflight, raw, e, report);
                } finally {
                  running.remove(e.id()); // after the acknowledgement: see takeJobs
                  jobSlots.release();
                }
              });
      tasks.post(
          e.ctx(), new Report(Report.STARTED, e.id(), job.pid(), name, 0, runs, "", new byte[0]));
    } finally {
      if (!started) {
        jobSlots.release();
      }
    }
  }

  /**
   * Acknowledges until it succeeds or the worker stops: a job left in flight by a live worker would
   * never come back.
   */
  private void acknowledge(String inflight, byte[] raw, Envelope e, Report report) {
    Retries.untilDone(
        name,
        "report " + e.id(),
        () -> stopping,
        () -> {
          tasks.acknowledge(inflight, raw, e, report);
          return Boolean.TRUE;
        });
  }

  private Report jobFailure(Envelope e, Job<byte[]> job, int code, int runs, Throwable failure) {
    Throwable f =
        failure instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
            ? ce.getCause()
            : failure;
    Throwable cause = f instanceof JobFailedException jf ? jf.getCause() : f;
    String message = f.getMessage() == null ? "failed" : f.getMessage();
    // the local job's message starts with its own "job NAME "; the driver's job adds it again
    String prefix = "job " + e.name() + " ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    byte[] payload = new byte[0];
    if (cause != null) {
      BytesOut out = new BytesOut(256);
      ThrowableCodec.encode(cause, out);
      payload = out.toByteArray();
    }
    return new Report(Report.FAILURE, e.id(), job.pid(), name, code, runs, message, payload);
  }

  private Report failure(Envelope e, Throwable cause, int code, int runs) {
    return TaskTaker.failure(name, e, cause, code, runs);
  }

  /** A job in the jobs' in-flight list that this worker does not run, or null. */
  private byte[] unknownJob(String inflight) {
    for (byte[] raw : tasks.inflight(inflight)) {
      if (!running.containsKey(Envelope.decode(raw).id())) {
        return raw;
      }
    }
    return null;
  }

  private byte[] take(String pending, String inflight, Supplier<byte[]> lost) {
    try {
      double seconds = TAKE_BLOCK.toMillis() / 1000.0;
      return redis.block(
          c -> c.blmove(pending, inflight, LMoveArgs.Builder.leftRight(), seconds),
          null, // a late element is in our in-flight list already: close() puts it back
          lost);
    } catch (InterruptedException e) {
      return null;
    } catch (IllegalStateException e) {
      if (stopping) {
        return null;
      }
      throw e;
    }
  }

  private void listen() {
    String key = TaskKeys.control(name);
    while (!stopping) {
      try {
        var reply = redis.block(c -> c.blpop(TAKE_BLOCK.toMillis() / 1000.0, key), null);
        if (reply == null || !reply.hasValue()) {
          continue;
        }
        String[] command = new String(reply.getValue(), StandardCharsets.UTF_8).split(" ", 2);
        Running r = running.get(command[1]);
        if (r != null) {
          stop(r, command[0].equals("kill"));
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void stop(Running r, boolean kill) {
    if (r.job() != null) {
      if (kill) {
        r.job().kill();
      } else {
        r.job().terminate();
      }
    } else {
      r.future().cancel(true);
    }
  }

  private boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Stops the worker: no new work is taken, the running jobs and items are killed and put back at
   * the head of the queue for other workers, and the worker leaves the cluster.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (stopping) {
        return; // closed already: its client is released once
      }
      stopping = true;
    }
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Running r : running.values()) {
      stop(r, true);
    }
    pool.terminate();
    local.close();
    try {
      tasks.leave(name);
    } catch (IllegalStateException e) {
      // Redis is away: the other workers reap our in-flight lists once our heartbeat expires
    }
    Connections.release(address);
  }

  @Override
  public String toString() {
    return "ClusterWorker[" + name + " on " + address + ", concurrency " + concurrency + "]";
  }
}
