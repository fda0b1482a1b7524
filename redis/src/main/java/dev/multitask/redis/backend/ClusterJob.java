package dev.multitask.redis.backend;

import dev.multitask.Task;
import dev.multitask.codec.BytesIn;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.redis.client.Ids;
import dev.multitask.redis.tasks.Envelope;
import dev.multitask.redis.tasks.Report;
import dev.multitask.spi.BaseJob;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A job of a cluster context: queued in Redis, taken by some worker, run in a child JVM of that
 * worker. {@link #pid()} is that child's pid on the worker's host, known once it began (the call
 * waits for the start, at most {@link #START_WAIT_SECONDS}). {@link #terminate()} and {@link
 * #kill()} remove a job that no worker took yet (it ends with -15 or -9), and otherwise send the
 * signal through its worker. A job whose worker dies runs again on another worker.
 */
final class ClusterJob<R> extends BaseJob<R> {
  static final long START_WAIT_SECONDS = 60;

  private final Dispatcher dispatcher;
  private final Envelope envelope;
  private final byte[] raw;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile long pid = -1;
  private volatile String worker;

  ClusterJob(Dispatcher dispatcher, Task<R> body, String name, boolean daemon) {
    super(name, daemon);
    this.dispatcher = dispatcher;
    byte[] encoded = Codec.encode(body); // in the caller: an unserializable capture fails here
    this.envelope =
        new Envelope(
            Envelope.JOB,
            "job-" + Ids.next(),
            dispatcher.context(),
            name,
            0,
            "",
            new byte[0],
            encoded,
            daemon);
    dispatcher.listen(envelope.id(), this::onReport);
    this.raw = dispatcher.tasks().submit(envelope);
  }

  @SuppressWarnings("unchecked")
  private void onReport(Report r) {
    if (r.type() == Report.STARTED) {
      pid = r.pid();
      worker = r.worker();
      started.countDown();
      return;
    }
    if (r.pid() > 0) {
      pid = r.pid();
    }
    started.countDown();
    dispatcher.forget(envelope.id());
    if (r.type() == Report.VALUE) {
      endWithResult(r.exitCode(), (R) Codec.decode(r.payload()));
    } else {
      Throwable cause =
          r.payload().length == 0 ? null : ThrowableCodec.decode(new BytesIn(r.payload()));
      endWithFailure(r.exitCode(), r.message(), cause);
    }
  }

  @Override
  public long pid() {
    try {
      started.await(START_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return pid;
  }

  /** The worker that runs the job, or null before it began. */
  String worker() {
    return worker;
  }

  @Override
  public void terminate() {
    stop(false);
  }

  @Override
  public void kill() {
    stop(true);
  }

  private void stop(boolean kill) {
    if (!isAlive()) { // a closed job throws, as every backend's
      return;
    }
    if (worker == null && dispatcher.tasks().cancelPending(envelope, raw)) {
      dispatcher.forget(envelope.id());
      started.countDown();
      endWithFailure(
          kill ? -9 : -15,
          "was " + (kill ? "killed" : "terminated") + " before a worker took it",
          null);
      return;
    }
    // a worker has it: the signal goes once it says which (at once if it did already)
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (started.await(START_WAIT_SECONDS, TimeUnit.SECONDS) && worker != null) {
                  dispatcher.tasks().stop(worker, envelope.id(), kill);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    if (worker != null) {
      // also now, from the caller's thread, so that a join() right after sees it sooner
      dispatcher.tasks().stop(worker, envelope.id(), kill);
    }
  }
}
