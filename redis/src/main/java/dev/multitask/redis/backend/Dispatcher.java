package dev.multitask.redis.backend;

import dev.multitask.redis.client.Redis;
import dev.multitask.redis.tasks.Report;
import dev.multitask.redis.tasks.TaskKeys;
import dev.multitask.redis.tasks.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A context's listener: one thread that takes the workers' reports for this context from its done
 * list and hands each to the job or pool item it is about; and the context's heartbeat, with which
 * the workers tell a live driver from a gone one. It also reaps dead workers, so that work in
 * flight on a dead worker comes back even when no other worker is left to do it.
 */
final class Dispatcher implements AutoCloseable {
  private static final long BEAT_TTL_MILLIS = 10_000;

  /** The most reports one round trip takes. */
  private static final int REPORT_BATCH = 256;

  private final Redis redis;
  private final Tasks tasks;
  private final String ctx;
  private final Map<String, Consumer<Report>> listeners = new ConcurrentHashMap<>();
  private final Thread reader;
  private final Thread beater;
  private volatile boolean closed;

  Dispatcher(Redis redis, String ctx) {
    this.redis = redis;
    this.tasks = new Tasks(redis);
    this.ctx = ctx;
    tasks.contextBeat(ctx, BEAT_TTL_MILLIS);
    this.reader =
        Thread.ofPlatform().daemon(true).name("multitask-cluster-reports-" + ctx).start(this::read);
    this.beater =
        Thread.ofPlatform()
            .daemon(true)
            .name("multitask-cluster-heartbeat-" + ctx)
            .start(this::beat);
  }

  Tasks tasks() {
    return tasks;
  }

  String context() {
    return ctx;
  }

  /** Hands the reports about {@code id} to {@code listener} until {@link #forget}. */
  void listen(String id, Consumer<Report> listener) {
    listeners.put(id, listener);
  }

  void forget(String id) {
    listeners.remove(id);
  }

  /**
   * Takes the reports: those already there in batches ({@code LPOP} with a count: one round trip
   * for many when the workers are busy), and blocks ({@code BLPOP}) only when there is none. A
   * batch whose reply is lost with its connection is delivered by {@link #sweep()} from the kept
   * results.
   */
  private void read() {
    String key = TaskKeys.done(ctx);
    while (!closed) {
      try {
        List<byte[]> batch = redis.call(c -> c.lpop(key, REPORT_BATCH));
        if (batch != null && !batch.isEmpty()) {
          for (byte[] r : batch) {
            deliver(r);
          }
          continue;
        }
        var reply = redis.block(c -> c.blpop(2.0, key), null);
        if (reply != null && reply.hasValue()) {
          deliver(reply.getValue());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        System.err.println("multitask cluster context " + ctx + ": reading reports: " + e);
      }
    }
  }

  private void deliver(byte[] raw) {
    Report report = Report.decode(raw);
    Consumer<Report> listener = listeners.get(report.id());
    if (listener != null) {
      listener.accept(report);
    }
  }

  private void beat() {
    long round = 0;
    while (!closed) {
      try {
        tasks.contextBeat(ctx, BEAT_TTL_MILLIS);
        tasks.reapDeadWorkers(null);
        if (++round % 5 == 0) {
          sweep();
        }
      } catch (RuntimeException e) {
        // Redis away: the calls retried as long as they could; try again next round
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Delivers the kept results of the tasks still waited for: a report popped from the done list
   * just as the connection dropped (a Redis restart) is lost in transit, but its copy under {@code
   * mt:result:ID} is not. A report delivered twice is harmless: jobs and items end once.
   */
  private void sweep() {
    List<String> ids = new ArrayList<>(listeners.keySet());
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
      String[] keys = part.stream().map(TaskKeys::result).toArray(String[]::new);
      var values = redis.call(c -> c.mget(keys));
      for (var kv : values) {
        if (kv.hasValue()) {
          Report report = Report.decode(kv.getValue());
          Consumer<Report> listener = listeners.get(report.id());
          if (listener != null) {
            listener.accept(report);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    beater.interrupt();
    try {
      reader.join(5000);
      beater.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      tasks.contextGone(ctx);
    } catch (RuntimeException e) {
      // Redis away: the heartbeat expires on its own, and the workers then stop our jobs
    }
  }
}
