package dev.multitask.process;

import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.engine.NonDaemonKeeper;
import dev.multitask.process.os.Posix;
import dev.multitask.spi.BaseJob;
import dev.multitask.trace.Recorder;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job in a child JVM of its own. The worker runs the job and exits, with the job's exit code.
 *
 * <pre>
 *   dispatching --(worker ready, RUN sent)--> running --(RESULT | FAILURE frame)--> reported
 *        \_________________________\___________________________________\___> ended (process reaped)
 * </pre>
 *
 * The job ends when its worker says DONE (the body returned or threw, the threads it started ended,
 * its output was flushed, and the process is calling {@code _exit} with the code it sends) or, if
 * it never gets that far, when the process has been reaped: then the exit code is the real wait
 * status ({@code System.exit(n)} gives n, signal N gives -N). The outcome is the RESULT or FAILURE
 * frame the child sent, if any, else a failure that names the code or signal.
 */
final class ProcessJob<R> extends BaseJob<R> {
  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final Worker worker;
  private final boolean resultless;
  private volatile Object value;
  private volatile boolean hasValue;
  private volatile Throwable failure;
  private volatile String sendError;

  /**
   * @param resultless whether the body is an {@code Action}: then {@code System.exit(0)} ends it
   *     successfully, as {@code sys.exit(0)} does a Python child (a {@code Task} owes a value), and
   *     the body {@link #dispatch} gets is the action's encoding, not its wrapper's
   */
  ProcessJob(String name, boolean daemon, boolean resultless, Worker worker) {
    super(name, daemon);
    this.resultless = resultless;
    this.worker = worker;
  }

  /** Hands the encoded body to the worker once it is ready; the job ends when the worker does. */
  void dispatch(byte[] body) {
    if (!isDaemon()) {
      NonDaemonKeeper.acquire();
    }
    DaemonJobs.track(this);
    BytesOut frame = FrameChannel.begin(WireDescriptor.RUN, body.length + 64);
    frame
        .writeLong(id)
        .writeByte(
            WireDescriptor.EXIT_AFTER
                | (isDaemon() ? WireDescriptor.DAEMON : 0)
                | (resultless ? WireDescriptor.ACTION : 0)
                | (Recorder.isOn() ? WireDescriptor.TRACED : 0))
        .writeString(name())
        .writeBytes(body);
    try {
      if (!worker.sendEarly(frame, this::onFrame)) {
        worker.ready().thenAccept(w -> send(frame));
      }
    } catch (IOException e) {
      failedToSend(e);
    }
    worker.jobDone().thenAccept(this::finish);
  }

  private void send(BytesOut frame) {
    try {
      worker.run(frame, this::onFrame);
    } catch (IOException e) {
      failedToSend(e);
    }
  }

  private void failedToSend(IOException e) {
    sendError = e.toString();
    worker.signal(Posix.SIGKILL);
  }

  private void onFrame(FrameChannel.Frame frame) {
    try {
      if (frame.body().readLong() != id) {
        return;
      }
      if (frame.type() == WireDescriptor.RESULT) {
        value = Codec.decode(frame.body());
        hasValue = true;
      } else if (frame.type() == WireDescriptor.FAILURE) {
        failure = ThrowableCodec.decode(frame.body());
      }
    } catch (RuntimeException e) {
      failure = e; // a result this JVM cannot decode is the job's failure, not a lost message
    }
  }

  /** Whether terminate() or kill() signalled the worker. */
  private volatile boolean stopped;

  @SuppressWarnings("unchecked")
  private void finish(int code) {
    if (hasValue) {
      endWithResult(code, (R) value);
    } else if (failure == null
        && resultless
        && code == 0
        && worker.ready().isDone()
        && !worker.ready().isCompletedExceptionally()) {
      endWithResult(0, null);
    } else if (failure != null) {
      String outOfMemory = worker.outOfMemory();
      endWithFailure(
          code,
          "failed in process "
              + pid()
              + " (exit code "
              + code
              + "): "
              + (outOfMemory != null ? outOfMemory + "; " : "")
              + failure,
          failure);
    } else if (worker.ready().isCompletedExceptionally() && !(stopped && code < 0)) {
      // before a send error: a frame sent early to a JVM that then fails to start meets a broken
      // pipe, which is not the story; (a worker that took its job's early frame may be stopped
      // before its proof is read: then it ran, and its signal is the answer)
      endWithFailure(
          code,
          "could not start: the child JVM (pid "
              + pid()
              + ") exited with code "
              + code
              + " before it was ready; its error output says why",
          null);
    } else if (sendError != null) {
      endWithFailure(
          code, "could not be handed to its worker (pid " + pid() + "): " + sendError, null);
    } else if (worker.frameRefused() != null) {
      endWithFailure(
          code,
          "ended in process "
              + pid()
              + " before returning a result (exit code "
              + code
              + "): "
              + worker.frameRefused(),
          null);
    } else if (worker.outOfMemory() != null) {
      endWithFailure(
          code,
          "ended in process "
              + pid()
              + " before returning a result (exit code "
              + code
              + "): "
              + worker.outOfMemory(),
          null);
    } else if (code < 0) {
      endWithFailure(
          code,
          "was killed by signal "
              + -code
              + " ("
              + signalName(-code)
              + ") in process "
              + pid()
              + " before returning a result (exit code "
              + code
              + ")",
          null);
    } else {
      endWithFailure(
          code,
          "exited with code "
              + code
              + " in process "
              + pid()
              + " before returning a result"
              + " (System.exit or Runtime.halt in the job?)",
          null);
    }
  }

  @Override
  protected void onClosed() {
    value = null;
    failure = null;
  }

  @Override
  protected void onEnded() {
    DaemonJobs.untrack(this);
    if (!isDaemon()) {
      NonDaemonKeeper.release();
    }
  }

  static String signalName(int signal) {
    return switch (signal) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 6 -> "SIGABRT";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 15 -> "SIGTERM";
      default -> "signal " + signal;
    };
  }

  @Override
  public long pid() {
    return worker.pid();
  }

  @Override
  public void terminate() {
    if (isAlive()) {
      stopped = true;
      worker.signal(Posix.SIGTERM);
    }
  }

  @Override
  public void kill() {
    if (isAlive()) {
      stopped = true;
      worker.signal(Posix.SIGKILL);
    }
  }
}
