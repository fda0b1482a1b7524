package dev.multitask.process;

import dev.multitask.ProcessInfo;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.engine.CurrentProcess;
import dev.multitask.process.os.ChildProcess;
import dev.multitask.process.os.ControlPipes;
import dev.multitask.process.os.Posix;
import dev.multitask.process.os.WaitStatus;
import dev.multitask.process.shm.ExitCleanup;
import dev.multitask.process.startup.AotCache;
import dev.multitask.process.startup.LaunchSpec;
import dev.multitask.process.startup.Preload;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.Handshake;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The parent's handle on one child JVM.
 *
 * <pre>
 *   STARTING --(handshake ok)--> READY --(run)--> BUSY --(job done)--> READY (pool workers)
 *      |                           |                |
 *      +------------(process exited and control channel closed)-----> ENDED
 * </pre>
 *
 * A worker started for a waiting job may take that job's frame while still STARTING ({@link
 * #sendEarly}). {@link #ready()} completes when the worker has authenticated and warmed up, or
 * exceptionally if it died first; {@link #ended()} completes with the Python-style exit code (the
 * one sent with DONE, if any) once the process has been reaped <em>and</em> every frame it sent has
 * been read, so a result written just before exit is never lost.
 */
final class Worker {
  private static final AtomicLong IDS = new AtomicLong();

  /** The largest frame sent ahead of the proof: well inside a pipe's smallest buffer (64 KiB). */
  private static final int EARLY_FRAME_MAX = 32 * 1024;

  private final long id = IDS.incrementAndGet();
  private final byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
  private final ChildProcess child;
  private final CompletableFuture<Worker> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
  private final CompletableFuture<Integer> ended;
  private final CompletableFuture<Integer> jobDone = new CompletableFuture<>();
  private volatile FrameChannel channel;
  private volatile boolean orderlyExit;

  /** The exit code a worker sent with DONE; it is then killed rather than left to exit. */
  private volatile Integer doneCode;

  /** Why this side killed the worker for a frame over the limit, or null. */
  private volatile String frameRefused;

  /** The heap the worker had when it said it ran out of memory, or -1 while it has not. */
  private volatile long outOfMemoryHeap = -1;

  /** The last {@code -Xmx} flag of the worker's command line; null for the JVM's default heap. */
  private final String heapFlag;

  private volatile Consumer<FrameChannel.Frame> listener = frame -> {};

  /** Whether this worker takes its job's frame before its proof ({@link #sendEarly}). */
  private final boolean takesEarlyFrame;

  /** Guards the early frame's hand-over between the job and the handshake thread. */
  private final Object early = new Object();

  /** The pipes, once the challenge is written: an early frame goes straight there. */
  private FrameChannel challenged;

  /** An early frame that came before the challenge was written; the handshake thread sends it. */
  private BytesOut earlyFrame;

  private boolean earlyTaken;

  private Worker(LaunchSpec spec, boolean standby, Preload preload, List<String> jobClasses)
      throws IOException {
    heapFlag =
        spec.flags().stream()
            .filter(f -> f.startsWith("-Xmx"))
            .reduce((first, last) -> last)
            .orElse(null);
    child =
        ChildProcess.start(
            spec.command(AotCache.forSpec(spec, !standby, jobClasses)),
            spec.fullEnvironment(),
            spec.directory());
    ControlServer server = null;
    Bootstrap boot;
    takesEarlyFrame = !standby && child.controlPipes().isPresent();
    if (child.controlPipes().isPresent()) {
      ControlPipes control = child.controlPipes().get();
      FrameChannel pipes = new FrameChannel(control.in(), control.out());
      OpenChannels.add(pipes);
      Thread.ofPlatform()
          .daemon(true)
          .name("multitask-handshake-" + child.pid())
          .start(() -> authenticate(pipes));
      ProcessInfo me = CurrentProcess.get();
      boot =
          new Bootstrap(
              "",
              id,
              key,
              child.pid(),
              me.pid(),
              "",
              standby,
              filterFree(spec),
              preload,
              me.name(),
              me.parentPid(),
              me.isChild());
    } else {
      try {
        server = ControlServer.get();
      } catch (RuntimeException e) {
        child.signal(Posix.SIGKILL);
        throw e;
      }
      server.register(id, key, this::attach);
      ProcessInfo me = CurrentProcess.get();
      boot =
          new Bootstrap(
              server.socketPath().toString(),
              id,
              key,
              child.pid(),
              me.pid(),
              server.directory().toString(),
              standby,
              filterFree(spec),
              preload,
              me.name(),
              me.parentPid(),
              me.isChild());
    }
    try {
      child.writeLifeline(boot.toBytes());
    } catch (IOException e) {
      // the child died at once (bad JVM flag): its exit below tells the story
    }
    ControlServer registeredWith = server;
    ended =
        child
            .exit()
            .thenCompose(
                status -> {
                  if (status.signal() != 0) {
                    // killed: its exit hook did not remove the segments named after it (its
                    // deadlock wait table, objects it made), as it would have at a normal exit
                    ExitCleanup.unlinkSegmentsOf(child.pid());
                  }
                  if (registeredWith != null) {
                    registeredWith.unregister(id);
                  }
                  ready.completeExceptionally(
                      new IOException(
                          "the child JVM (pid "
                              + child.pid()
                              + ") exited with code "
                              + status.pythonExitCode(true)
                              + " before it was ready; its error output above says why"));
                  if (channel == null) {
                    disconnected.complete(null);
                  }
                  return disconnected.thenApply(v -> code(status));
                });
    ended.whenComplete((code, error) -> jobDone.complete(code == null ? 1 : code));
  }

  /**
   * Whether this parent vouches that {@code spec}'s workers start with no deserialization filter
   * configured and run no code of anyone's before they decode their first job ({@link
   * Codec#decodeFirst}).
   */
  private static boolean filterFree(LaunchSpec spec) {
    return !spec.mayRunCodeBeforeMain() && Codec.filterFreeSecurityProperties();
  }

  /**
   * The parent's side of the {@link Handshake} on inherited pipes. A child that fails it, or does
   * not finish it in time, has its pipes closed, reads end-of-file and exits; its exit completes
   * {@link #ended()}.
   */
  private void authenticate(FrameChannel pipes) {
    try {
      long proven =
          Handshake.acceptOnPipesWithin(
              pipes, id, key, Handshake.PIPES_TIMEOUT_MILLIS, () -> challengeSent(pipes));
      if (proven == id) {
        attach(pipes);
        return;
      }
    } catch (IOException | RuntimeException e) {
      // the child died or spoke nonsense: dropped below
    }
    synchronized (early) {
      if (earlyTaken) {
        child.signal(Posix.SIGKILL); // it may hold a job's frame: it must not run it
      }
    }
    pipes.close();
    OpenChannels.closed(pipes);
  }

  private void challengeSent(FrameChannel pipes) throws IOException {
    synchronized (early) {
      challenged = pipes;
      if (earlyFrame != null) {
        pipes.send(earlyFrame);
        earlyFrame = null;
      }
    }
  }

  /**
   * Hands a worker started for a waiting job its job's frame ahead of its proof: the frame goes out
   * right behind the parent's challenge, so the worker finds it as soon as it has proven its key,
   * instead of after this parent has woken, checked the proof and written it (~1 ms of a cold
   * start, measured). The worker reads it only after checking the challenge, that is after checking
   * that this side holds its key; this side reads nothing from the worker before the proof, and
   * kills a worker that fails it. Only a frame that fits a pipe's buffer goes early, so that no
   * writer blocks on a worker still starting.
   *
   * @param frames receives RESULT and FAILURE frames, as for {@link #run}
   * @return false when the frame must wait for {@link #ready()} and go by {@link #run}: a standby
   *     worker, a socket, a frame too large, or a second frame
   * @throws IOException if the worker is gone
   */
  boolean sendEarly(BytesOut frame, Consumer<FrameChannel.Frame> frames) throws IOException {
    if (!takesEarlyFrame || frame.size() > EARLY_FRAME_MAX) {
      return false;
    }
    synchronized (early) {
      if (earlyTaken) {
        return false;
      }
      earlyTaken = true;
      listener = frames;
      if (challenged != null) {
        challenged.send(frame);
      } else {
        earlyFrame = frame;
      }
    }
    return true;
  }

  /**
   * Starts a worker JVM.
   *
   * @param standby true for a worker that waits for work (it warms up fully before it reports
   *     ready); false for one started for a job that is waiting for it (it reports ready at once)
   * @param preload what a standby worker prepares while it warms up
   * @param jobClasses the classes of recent jobs, which an AOT cache trained now should hold
   */
  static Worker start(LaunchSpec spec, boolean standby, Preload preload, List<String> jobClasses)
      throws IOException {
    return new Worker(spec, standby, preload, jobClasses);
  }

  private int code(WaitStatus status) {
    Integer done = doneCode;
    return done != null ? done : status.pythonExitCode(orderlyExit);
  }

  private void attach(FrameChannel authenticated) {
    channel = authenticated;
    // a platform thread: JDK virtual-thread I/O keeps a poller thread in native code, which
    // makes HotSpot wait 300 ms at exit; a platform reader leaves native when its channel closes
    Thread.ofPlatform().daemon(true).name("multitask-worker-" + child.pid()).start(this::readLoop);
    ready.complete(this);
  }

  private void readLoop() {
    try {
      FrameChannel.Frame frame;
      while ((frame = channel.read(WireDescriptor.MAX_FRAME)) != null) {
        if (frame.type() == WireDescriptor.EXITING) {
          orderlyExit = true;
        } else if (frame.type() == WireDescriptor.OUT_OF_MEMORY) {
          frame
              .body()
              .readLong(); // the job's id: a worker that ran out of memory runs nothing more
          outOfMemoryHeap = frame.body().readLong();
        } else if (frame.type() == WireDescriptor.DONE) {
          frame.body().readLong();
          int code = frame.body().readInt();
          doneCode = code;
          // nothing of the job is left to observe (see WorkerMain.serve): end the JVM now rather
          // than let it spend ~30 ms of CPU linking _exit while the next job's JVM starts; after
          // the job's waiters are told, as the teardown competes with them for the cores
          jobDone.complete(code);
          child.signal(Posix.SIGKILL);
        } else if (frame.type() == WireDescriptor.TRACE) {
          TraceFrames.merge(frame); // before the reply it precedes is seen
        } else {
          listener.accept(frame);
        }
      }
    } catch (FrameChannel.TooLargeException e) {
      // a worker that claims more than any frame may carry is broken or hostile: nothing it sends
      // can be trusted any more, and reading on would let it make this JVM allocate what it states
      frameRefused =
          "it sent a frame of "
              + e.length
              + " bytes, more than the "
              + e.limit
              + " ("
              + (e.limit >> 20)
              + " MiB) a worker may send, and was killed: send large data through a queue or"
              + " SharedMemory";
      child.signal(Posix.SIGKILL);
    } catch (IOException | RuntimeException e) {
      // the child died mid-frame: its exit status says how
    } finally {
      channel.close();
      OpenChannels.closed(channel);
      disconnected.complete(null);
    }
  }

  long pid() {
    return child.pid();
  }

  CompletableFuture<Worker> ready() {
    return ready;
  }

  CompletableFuture<Integer> ended() {
    return ended;
  }

  /**
   * The exit code of a worker that runs one job and exits: known when the worker says DONE (its
   * job, threads and output are finished; it is calling {@code _exit}, and this JVM kills it so
   * that it spends no more CPU), or when it has been reaped, whichever comes first. Waiting for the
   * reaping itself would add the OS's ~10 ms teardown of a JVM to every job; the worker is still
   * reaped in the background.
   */
  CompletableFuture<Integer> jobDone() {
    return jobDone;
  }

  boolean isUsable() {
    return !ended.isDone() && !ready.isCompletedExceptionally() && outOfMemoryHeap < 0;
  }

  /** Why this side killed the worker for a frame over {@link FrameChannel#MAX_FRAME}, or null. */
  String frameRefused() {
    return frameRefused;
  }

  /**
   * What to tell of a worker that said it ran out of memory (it then ends without beginning another
   * task), with its heap cap; null if it did not say so.
   */
  String outOfMemory() {
    long heap = outOfMemoryHeap;
    if (heap < 0) {
      return null;
    }
    return "it ran out of memory (OutOfMemoryError), its heap capped at "
        + (heap >> 20)
        + " MiB ("
        + (heapFlag != null ? heapFlag : "the JVM's default")
        + "): give it more with ProcessOptions.maxHeapMegabytes,"
        + " or make the job use less";
  }

  /**
   * Sends a job. Frames the worker sends back go to {@code frames}, on the worker's reader thread.
   *
   * @param frame a RUN frame
   * @param frames receives RESULT and FAILURE frames
   */
  void run(BytesOut frame, Consumer<FrameChannel.Frame> frames) throws IOException {
    listener = frames;
    channel.send(frame);
  }

  /** Sends several jobs in one write; replies go to {@code frames}, as for {@link #run}. */
  void runAll(java.util.List<FrameChannel.Outgoing> frames, Consumer<FrameChannel.Frame> replies)
      throws IOException {
    listener = replies;
    channel.send(frames);
  }

  void signal(int signal) {
    child.signal(signal);
  }

  /**
   * Asks an idle worker to go: writes the retire byte, then closes its standard input. A bare
   * end-of-file, without the byte, tells a worker that its parent died.
   */
  void retire() {
    try {
      child.writeLifeline(new byte[] {Bootstrap.RETIRE});
    } catch (IOException alreadyGone) {
      // the worker has exited
    }
    child.closeLifeline();
  }
}
