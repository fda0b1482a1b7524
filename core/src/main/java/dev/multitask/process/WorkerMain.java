package dev.multitask.process;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.engine.CurrentProcess;
import dev.multitask.engine.pool.ChunkTask;
import dev.multitask.process.os.ControlPipes;
import dev.multitask.process.os.FastExit;
import dev.multitask.process.os.NativeAccess;
import dev.multitask.process.shm.ExitCleanup;
import dev.multitask.process.startup.AotCache;
import dev.multitask.process.startup.ClassPreload;
import dev.multitask.process.startup.ColdTraining;
import dev.multitask.process.startup.Preload;
import dev.multitask.spi.ActionTask;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.Handshake;
import dev.multitask.wire.WireDescriptor;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The main class of a child JVM.
 *
 * <ol>
 *   <li>Reads its {@link Bootstrap} from standard input, then watches standard input as its
 *       lifeline: end-of-file means the parent is gone or has retired this worker, and the JVM
 *       halts at once. If the parent died, the worker also removes the parent's run directory and
 *       unlinks the parent's shared-memory segments (its exit hook never ran).
 *   <li>Opens its control channel, the {@link ControlPipes} it inherited (or, from a parent without
 *       native access, the parent's control socket), and proves its key ({@link Handshake}).
 *   <li>Runs each RUN frame's task on the main thread and answers RESULT or FAILURE. With
 *       EXIT_AFTER it then waits for the non-daemon threads the task started (as Python's process
 *       bootstrap does), flushes its output, sends DONE with its exit code and ends with {@code
 *       _exit} (0 or 1), without shutdown hooks (as Python's {@code os._exit} in a child). The
 *       parent kills it on DONE, which is usually sooner: a cold JVM spends some 30 ms linking
 *       {@code _exit}.
 * </ol>
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) {
    if (args.length >= 2 && (args[0].equals("--train") || args[0].equals("--train-cold"))) {
      train(
          args[0].equals("--train-cold"), new File(args[1]), List.of(args).subList(2, args.length));
      return; // no System.exit: see train
    }
    Bootstrap boot;
    InputStream stdin = new FileInputStream(FileDescriptor.in);
    try {
      boot = Bootstrap.read(stdin);
    } catch (IOException e) {
      System.err.println("multitask worker: " + e.getMessage());
      Runtime.getRuntime().halt(2);
      return;
    }
    System.setIn(new ByteArrayInputStream(new byte[0])); // the task must not read the lifeline
    // threads get Step objects, not lambdas: bootstrapping a lambda costs a fresh JVM milliseconds
    daemon("multitask-lifeline", new Step(Step.LIFELINE, stdin, boot, null));
    // a standby worker warms up on two threads (two cores) before it reports ready; a worker
    // started for a waiting job takes it at once and links _exit only at exit, after DONE
    Thread warmUpMore =
        boot.standby()
            ? daemon("multitask-warm-up-more", new Step(Step.WARM_UP_MORE, null, boot, null))
            : null;
    Thread warmUp =
        boot.standby()
            ? daemon("multitask-warm-up", new Step(Step.WARM_UP, null, null, warmUpMore))
            : null;
    try {
      FrameChannel channel = connect(boot, warmUp);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(new Step(Step.SAY_EXITING, null, null, channel), "multitask-exiting"));
      serve(channel, boot);
    } catch (IOException | RuntimeException e) {
      // the parent went away or failed the handshake; nothing to report to
      FastExit.now(3);
    }
    FastExit.now(0);
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The bodies of the worker's own threads. */
  private static final class Step implements Runnable {
    static final int LIFELINE = 0, WARM_UP = 1, WARM_UP_MORE = 2, SAY_EXITING = 3;
    private final int what;
    private final InputStream stdin;
    private final Bootstrap boot;
    private final Object other;

    Step(int what, InputStream stdin, Bootstrap boot, Object other) {
      this.what = what;
      this.stdin = stdin;
      this.boot = boot;
      this.other = other;
    }

    @Override
    public void run() {
      switch (what) {
        case LIFELINE -> watchLifeline(stdin, boot);
        case WARM_UP -> {
          warmUp();
          if (other != null) {
            joinQuietly((Thread) other);
          }
        }
        case WARM_UP_MORE -> {
          warmUpMore();
          ClassPreload.run(boot.preload());
        }
        case SAY_EXITING -> sayExiting((FrameChannel) other);
        default -> throw new IllegalStateException("no step " + what);
      }
    }
  }

  private static void watchLifeline(InputStream stdin, Bootstrap boot) {
    boolean retired = false;
    try {
      int b;
      while ((b = stdin.read()) >= 0) {
        retired |= b == Bootstrap.RETIRE;
      }
    } catch (IOException ignored) {
      // a broken pipe is the same news as end-of-file
    }
    if (!retired) {
      // end-of-file without the retire byte: the parent died, and nobody else will remove its
      // run directory (the kernel closes the pipe before it re-parents us, so getppid is no help)
      try {
        if (!boot.usesPipes()) {
          Files.deleteIfExists(Path.of(boot.socketPath()));
          Files.deleteIfExists(Path.of(boot.runDirectory()));
        }
      } catch (IOException | RuntimeException notEmptyYet) {
        // another child's turn, or the next parent's sweep
      }
      // nor its segments: its exit hook never ran, and the next sweep may be days away
      ExitCleanup.unlinkSegmentsOf(boot.parentPid());
    }
    ExitCleanup.unlinkAtExit();
    FastExit.now(0);
  }

  /**
   * Opens the control channel (the inherited pipes, or the parent's socket when the bootstrap names
   * one) and authenticates; the proof goes out once {@code warmUp} (if any) is done, so "ready"
   * means warm.
   */
  private static FrameChannel connect(Bootstrap boot, Thread warmUp) throws IOException {
    if (boot.usesPipes()) {
      ControlPipes.Streams inherited = ControlPipes.inheritedStreams();
      FrameChannel channel = new FrameChannel(inherited.in(), inherited.out());
      Handshake.proveOnPipes(channel, boot.workerId(), boot.key(), warmUp);
      return channel;
    }
    SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
    socket.connect(UnixDomainSocketAddress.of(boot.socketPath()));
    FrameChannel channel = new FrameChannel(socket);
    Handshake.prove(channel, boot.workerId(), boot.key(), warmUp);
    return channel;
  }

  /** The name this worker last took on for a job; the serving thread's only. */
  private static String jobName;

  /**
   * The OUT_OF_MEMORY frame, made in advance: when it is needed the heap may be too full for
   * anything but writing into an array that exists. The serving thread's only.
   */
  private static final BytesOut OUT_OF_MEMORY = new BytesOut(32);

  /** Whether the last task ran out of memory; the serving thread's only. */
  private static boolean outOfMemory;

  /** Whether the current task came with the trace flag; the serving thread's only. */
  private static boolean traced;

  private static void serve(FrameChannel channel, Bootstrap boot) throws IOException {
    CurrentProcess.parentIs(
        boot.parentName(), boot.parentPid(), boot.grandparentPid(), boot.parentIsChild());
    FrameChannel.Frame frame;
    boolean first = true; // no user code has run in this JVM yet
    while ((frame = channel.read(WireDescriptor.MAX_FRAME)) != null) {
      if (frame.type() != WireDescriptor.RUN) {
        continue;
      }
      long jobId = frame.body().readLong();
      int flags = frame.body().readByte();
      String name = frame.body().readString();
      if (!name.equals(
          jobName)) { // a pool worker keeps one name: no thread rename (a syscall) per task
        jobName = name;
        CurrentProcess.becomeChild(
            name, boot.pid(), boot.parentPid(), (flags & WireDescriptor.DAEMON) != 0);
        Thread.currentThread().setName(name);
      }
      if ((flags & WireDescriptor.TRACED) != 0) {
        TraceFrames.begin(); // a traced run: record until a task comes without the flag
        traced = true;
      } else if (traced) {
        TraceFrames.end();
        traced = false;
      }
      int code;
      try {
        code =
            runOne(
                channel, jobId, name, frame.body().readBytes(), flags, first && boot.filterFree());
      } catch (OutOfMemoryError e) {
        // past the task's own report (a result too large to encode, say)
        sayOutOfMemory(channel, jobId);
        code = 1;
      }
      first = false;
      if (outOfMemory && (flags & WireDescriptor.EXIT_AFTER) == 0) {
        // a JVM whose heap ran out may be left in any state: a pool worker takes no further task
        // (the pool replaces it; the tasks handed over ahead go back to its queue, never begun)
        System.out.flush();
        System.err.flush();
        ExitCleanup.unlinkAtExit();
        FastExit.now(code);
      }
      if ((flags & WireDescriptor.EXIT_AFTER) != 0) {
        awaitNonDaemonThreads();
        System.out.flush();
        System.err.flush();
        ExitCleanup.unlinkAtExit(); // _exit skips the shutdown hook that would do it
        if (traced) {
          TraceFrames.send(channel); // what the job's threads recorded after its result
        }
        // from here on nothing the job did can still be observed: the parent may call it ended
        channel.send(FrameChannel.begin(WireDescriptor.DONE, 16).writeLong(jobId).writeInt(code));
        FastExit.now(code);
      }
    }
  }

  /** Runs one task and reports it; returns the exit code the job stands for. */
  private static int runOne(
      FrameChannel channel, long jobId, String name, byte[] body, int flags, boolean filterFree)
      throws IOException {
    boolean poolTask = (flags & WireDescriptor.POOL_TASK) != 0;
    Object result;
    if (poolTask) {
      StderrTail.started(jobId); // so that after a death the pool knows this one had begun
    }
    try {
      Task<?> task =
          (flags & WireDescriptor.MAP_CHUNK) != 0
              ? ChunkTask.decode(body)
              : (flags & WireDescriptor.LAMBDA_SHAPE) != 0
                  ? LambdaTasks.decode(body)
                  : poolTask
                      ? StatelessTasks.decode(body)
                      // the first job's body is decoded before any user code has run here
                      : (flags & WireDescriptor.ACTION) != 0
                          ? new ActionTask((Action) Codec.decodeFirst(body, filterFree))
                          : (Task<?>) Codec.decodeFirst(body, filterFree);
      result = task.call();
    } catch (Throwable t) {
      if (causedByOutOfMemory(t)) {
        // first: the report below needs memory the task may still hold
        sayOutOfMemory(channel, jobId);
      } else if (traced) {
        TraceFrames.send(channel); // ahead of the reply, so that whoever sees it sees the events
      }
      try {
        // a job's uncaught exception is printed, as Python's; a pool task's goes to its future
        if (!poolTask) {
          System.err.println(
              "Exception in job " + name + " (process " + CurrentProcess.get().pid() + "):");
          t.printStackTrace();
        }
        sendFailure(channel, jobId, t);
      } catch (OutOfMemoryError again) {
        sayOutOfMemory(channel, jobId); // the parent reports the job as out of memory without it
      }
      return 1;
    }
    if (traced) {
      TraceFrames.send(channel); // ahead of the reply, so that whoever sees it sees the events
    }
    // a map chunk's results are an array of small values: start the buffer at about its size
    BytesOut reply =
        FrameChannel.begin(
                WireDescriptor.RESULT, result instanceof Object[] a ? 32 + a.length * 6 : 64)
            .writeLong(jobId);
    try {
      Codec.encode(result, reply);
      String tooLarge = FrameChannel.tooLarge("the result", reply.size() - 4L);
      if (tooLarge != null) {
        reply = null; // let it go before the failure is made
        throw new IllegalArgumentException(tooLarge);
      }
    } catch (IllegalArgumentException cannotSend) {
      System.err.println(
          "Job " + name + " returned a value that cannot be sent back: " + cannotSend.getMessage());
      sendFailure(channel, jobId, cannotSend);
      return 1;
    }
    channel.send(reply);
    return 0;
  }

  /** Sends FAILURE with {@code t}, or with a short account of it if it is too large to send. */
  private static void sendFailure(FrameChannel channel, long jobId, Throwable t)
      throws IOException {
    BytesOut failure = FrameChannel.begin(WireDescriptor.FAILURE, 1024).writeLong(jobId);
    ThrowableCodec.encode(t, failure);
    String tooLarge = FrameChannel.tooLarge("the exception", failure.size() - 4L);
    if (tooLarge != null) {
      failure = FrameChannel.begin(WireDescriptor.FAILURE, 1024).writeLong(jobId);
      String message = String.valueOf(t.getMessage());
      ThrowableCodec.encode(
          new IllegalStateException(
              t.getClass().getName()
                  + " (its message begins \""
                  + message.substring(0, Math.min(200, message.length()))
                  + "\") cannot be sent back: "
                  + tooLarge),
          failure);
    }
    channel.send(failure);
  }

  private static boolean causedByOutOfMemory(Throwable t) {
    for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** Tells the parent that this worker ran out of memory, once; allocates nothing on the way. */
  private static void sayOutOfMemory(FrameChannel channel, long jobId) {
    if (outOfMemory) {
      return;
    }
    outOfMemory = true;
    BytesOut frame = OUT_OF_MEMORY;
    frame.reset();
    frame
        .writeInt(0)
        .writeByte(WireDescriptor.OUT_OF_MEMORY)
        .writeLong(jobId)
        .writeLong(Runtime.getRuntime().maxMemory());
    try {
      channel.send(frame);
    } catch (IOException | OutOfMemoryError e) {
      // the parent is gone, or not even this could be written: it reports the exit code alone
    }
  }

  /**
   * Loads and links, while the worker connects, what running a job needs: lambda deserialization
   * and the codecs (more on a second thread: {@link #warmUpMore}). The worker proves its key only
   * after both, so a standby worker that says it is ready is warm.
   */
  private static void warmUp() {
    try {
      Task<Object> probe = () -> null;
      Object roundTrip = ((Task<?>) Codec.decode(Codec.encode(probe))).call();
      Object record = Codec.decode(Codec.encode(new WarmUpProbe(roundTrip, "record path")));
      Action action = () -> {};
      new ActionTask((Action) Codec.decode(Codec.encode(action)))
          .call(); // as an Action job arrives
      Codec.decode(
          Codec.encode(
              new ActionTask(action))); // a class with a lambda field, by JDK serialization
      Codec.decodeFirst(
          Codec.encode(new ColdTraining.PlainProbe()), true); // a plain class, field by field
      CurrentProcess.get();
      ExitCleanup.class.getName(); // loaded now, not on the job's way to DONE
      BytesOut sink = new BytesOut(256);
      Codec.encode(record, sink);
      ThrowableCodec.encode(new IllegalStateException("warm-up"), sink);
    } catch (Exception | LinkageError e) {
      // warming up is an optimisation; the job will report real problems
    }
  }

  /**
   * The training run of an {@link AotCache}, in a scratch directory it makes at {@code dir}, a path
   * the parent names (a temporary directory of the JDK's would bring {@code SecureRandom} into the
   * cache). Every class a cache holds is loaded by every JVM started with it (some 25 µs each,
   * measured), so each cache is trained with what its workers run and no more.
   *
   * <ul>
   *   <li>A standby worker's ({@code coldOnly} false): loads the recent jobs' classes {@code
   *       jobClasses} as a standby preloads them ({@link ClassPreload}), runs the warm-up and what
   *       a standby does while it waits ({@link #warmUpMore}), and a handshake over a Unix-domain
   *       socket (the fallback without native access).
   *   <li>A cold worker's: loads {@code jobClasses} without describing them for JDK serialization,
   *       decodes, runs and answers the parent's training jobs on its standard input ({@link
   *       ColdTraining}), reads a bootstrap and does a handshake over in-memory pipes (which stays
   *       out of the standby cache: warm jobs measured ~0.5 ms slower with it).
   * </ul>
   *
   * <p>Then a job's frames over file streams. It returns, and the JVM writes the cache as it exits
   * ({@code System.exit} would bring the JDK's logger lookup into the cache: it logs exits).
   */
  private static void train(boolean coldOnly, File dir, List<String> jobClasses) {
    try {
      if (!dir.mkdir()) {
        throw new IOException("cannot make " + dir);
      }
      if (coldOnly) {
        ClassPreload.link(jobClasses);
        ColdTraining.runJobs(System.in);
        Bootstrap.read(
            new ByteArrayInputStream(
                new Bootstrap(
                        "", 1, new byte[Handshake.KEY_BYTES], 1, 1, "", false, true, Preload.NONE)
                    .toBytes()));
        // loaded, with what it asks first; a cold worker links _exit only after DONE
        FastExit.class.getName();
        NativeAccess.enabled();
        Thread hook = new Thread(new Step(Step.SAY_EXITING, null, null, null), "multitask-exiting");
        Runtime.getRuntime()
            .addShutdownHook(hook); // as a worker registers its own (the JDK's hook table, loaded)
        Runtime.getRuntime().removeShutdownHook(hook);
        trainHandshake();
      } else {
        ClassPreload.run(jobClasses); // loaded as a standby preloads them: quietly
        // through the worker's own Step threads, so that the cache holds their classes too
        joinQuietly(daemon("multitask-warm-up", new Step(Step.WARM_UP, null, null, null)));
        warmUpMore();
        trainSocket(new File(dir, "s").toPath());
      }
      trainPipes(new File(dir, "p"));
    } catch (IOException | RuntimeException e) {
      // the JVM still writes a cache of what it loaded so far as it exits; a worker started with
      // it loads the rest the ordinary way, a little slower
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the same partial cache; main returns right after
    } finally {
      for (String name : new String[] {"s", "p"}) {
        new File(dir, name).delete(); // java.io: NIO's tree walk would bring streams into the cache
      }
      dir.delete();
    }
  }

  /**
   * Both sides of the handshake and a frame, over in-memory pipes wrapped as a worker's streams.
   */
  private static void trainHandshake() throws IOException, InterruptedException {
    PipedInputStream toParent = new PipedInputStream(4096);
    PipedInputStream toChild = new PipedInputStream(4096);
    PipedOutputStream childOut = new EagerPipe(toParent);
    PipedOutputStream parentOut = new EagerPipe(toChild);
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    bothSides(
        key,
        true,
        () -> {
          FrameChannel channel = new FrameChannel(toChild, childOut);
          Handshake.proveOnPipes(channel, 1, key, null);
          return channel;
        },
        () -> new FrameChannel(toParent, parentOut));
  }

  /**
   * A pipe end that wakes its reader at each write, as an OS pipe does (a PipedInputStream would
   * look again only a second later).
   */
  private static final class EagerPipe extends PipedOutputStream {
    EagerPipe(PipedInputStream sink) throws IOException {
      super(sink);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      super.write(bytes, offset, length);
      flush();
    }
  }

  /** A worker's handshake and a frame over a Unix-domain socket, against this JVM as the parent. */
  private static void trainSocket(Path socket) throws IOException, InterruptedException {
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    try (var server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      long self = ProcessHandle.current().pid(); // both ends of the training are this JVM
      Bootstrap boot =
          Bootstrap.read(
              new ByteArrayInputStream(
                  new Bootstrap(
                          socket.toString(),
                          1,
                          key,
                          self,
                          self,
                          socket.getParent().toString(),
                          true,
                          true,
                          Preload.NONE)
                      .toBytes()));
      bothSides(key, false, () -> connect(boot, null), () -> new FrameChannel(server.accept()));
    }
  }

  /** Opens one end of a training's control channel. */
  private interface TrainingEnd {
    FrameChannel open() throws IOException;
  }

  /**
   * A worker's side ({@code child}: connected and proven, on a thread of its own) sends a frame to
   * the parent's side ({@code parent}), which accepts the handshake first (the one for pipes if
   * {@code onPipes}): both run through the code a real worker and parent do, so that the cache
   * holds it.
   */
  private static void bothSides(byte[] key, boolean onPipes, TrainingEnd child, TrainingEnd parent)
      throws IOException, InterruptedException {
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    FrameChannel channel = child.open();
                    channel.send(
                        FrameChannel.begin(WireDescriptor.DONE, 16).writeLong(1).writeInt(0));
                    channel.close();
                  } catch (IOException e) {
                    // training goes on with what was loaded
                  }
                });
    try (FrameChannel channel = parent.open()) {
      if (onPipes
          ? Handshake.acceptOnPipes(channel, 1, key, Handshake.ChallengeSent.NOTHING) == 1
          : Handshake.accept(channel, id -> key) >= 0) {
        channel.read(Integer.MAX_VALUE);
      }
    }
    worker.join();
  }

  /**
   * Frames through file streams opened as the worker's {@link ControlPipes#inheritedStreams()} are,
   * so that the cache holds their classes (ControlPipes included).
   */
  private static void trainPipes(File file) throws IOException {
    if (!file.createNewFile()) {
      throw new IOException("cannot make " + file);
    }
    try (ControlPipes.Streams streams = ControlPipes.streams(file, file)) {
      FrameChannel channel = new FrameChannel(streams.in(), streams.out());
      channel.send(FrameChannel.begin(WireDescriptor.DONE, 16).writeLong(1).writeInt(0));
      channel.read(WireDescriptor.HANDSHAKE_MAX);
    }
  }

  /**
   * Warm-up on a second thread: links {@code _exit}, opens every class path jar (the first class of
   * a job would otherwise pay for opening its jar), and initializes the JCA's SHA digest, which
   * serialization uses to compute the serialVersionUID of any class that does not declare one (some
   * 30 ms in a cold JVM).
   */
  private static void warmUpMore() {
    try {
      FastExit.prepare();
      var jars = ClassLoader.getSystemResources("META-INF/MANIFEST.MF");
      while (jars.hasMoreElements()) {
        jars.nextElement();
      }
      java.io.ObjectStreamClass.lookup(WarmUpClass.class).getSerialVersionUID();
    } catch (IOException | RuntimeException | LinkageError e) {
      // an optimisation only
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A serializable class without a serialVersionUID, so looking it up computes one. */
  @SuppressWarnings("serial")
  private static final class WarmUpClass implements java.io.Serializable {}

  /** Exercises JDK serialization of a record during warm-up. */
  private record WarmUpProbe(Object value, String text) implements java.io.Serializable {}

  /**
   * Waits for the non-daemon threads the job started. They live in the main thread group (or groups
   * below it); enumerating it avoids the safepoint of {@code Thread.getAllStackTraces}.
   */
  private static void awaitNonDaemonThreads() {
    Thread me = Thread.currentThread();
    ThreadGroup group = me.getThreadGroup();
    while (true) {
      Thread[] threads = new Thread[group.activeCount() + 8];
      int n = group.enumerate(threads, true);
      Thread other = null;
      for (int i = 0; i < n; i++) {
        if (threads[i] != me && !threads[i].isDaemon() && threads[i].isAlive()) {
          other = threads[i];
          break;
        }
      }
      if (other == null) {
        return;
      }
      try {
        other.join();
      } catch (InterruptedException e) {
        // job code interrupted the main thread: stop waiting and exit now; the flag stays clear,
        // or the interrupt would close the control channel before DONE is written
        return;
      }
    }
  }

  private static void sayExiting(FrameChannel channel) {
    try {
      channel.send(FrameChannel.begin(WireDescriptor.EXITING, 8).writeInt(0));
    } catch (IOException | RuntimeException ignored) {
      // the parent is gone
    }
  }
}
