package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.engine.BackendContext;
import dev.multitask.process.ProcessBackend;
import dev.multitask.process.startup.ColdCacheMain.Answer;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3: what only a job in a child JVM can do — exit, be killed by a signal, throw exceptions
 * that must cross a process boundary, capture things that cannot, run with its own JVM options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessJobTest {
  private static final Duration LONG_WAIT = Duration.ofSeconds(30);
  private static final long MY_PID = ProcessHandle.current().pid();

  private Context ctx;

  @BeforeAll
  void openContext() {
    ctx = Multitask.processes();
  }

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Job<?> job : ctx.activeChildren()) {
      job.kill();
      job.join(LONG_WAIT);
    }
  }

  @AfterAll
  void closeContext() {
    ctx.close();
  }

  // ---- exit codes ----

  @Test
  void systemExit_inChild_isTheExitCode() throws Exception {
    Action body = () -> System.exit(3);
    Job<Void> job = ctx.start(body);

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(3), job.exitCode());
    assertEquals(OptionalInt.of(3), e.exitCode());
    assertEquals(OptionalInt.empty(), e.signal());
    assertTrue(e.getMessage().contains("code 3"), e.getMessage());
  }

  /**
   * A finished job's JVM is ended by the parent as soon as it says DONE; its code stays the job's
   * own.
   */
  @Test
  void finishedJob_keepsExitCodeAndEndsItsProcess() throws Exception {
    Task<String> fails = ProcessJobTest::failInChild;
    Job<String> failed = ctx.start(fails);
    Job<Integer> succeeded = ctx.start(() -> 42);

    assertThrows(JobFailedException.class, failed::result);
    assertEquals(42, succeeded.result());
    assertEquals(
        OptionalInt.of(1),
        failed.exitCode(),
        "an uncaught exception is 1, not the signal that ended the JVM");
    assertEquals(OptionalInt.of(0), succeeded.exitCode());
    for (Job<?> job : List.of(failed, succeeded)) {
      long deadline = System.nanoTime() + LONG_WAIT.toNanos();
      while (ProcessHandle.of(job.pid()).map(ProcessHandle::isAlive).orElse(false)
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertFalse(
          ProcessHandle.of(job.pid()).map(ProcessHandle::isAlive).orElse(false),
          "process " + job.pid() + " has ended");
    }
  }

  /**
   * As a {@code spawn} child imports its target's module: the child initializes the class that
   * wrote a lambda body, and a body's own class (README: keep slow static initializers out).
   */
  @Test
  void child_initializesTheClassThatWroteTheBody() throws Exception {
    Job<String> lambda = ctx.start(WritesLambdas.reader());
    assertEquals(Long.toString(lambda.pid()), lambda.result(), "the pid its initializer saw");
    Job<String> body = ctx.start(new InitializedBody());
    assertEquals(Long.toString(body.pid()), body.result(), "the pid its initializer saw");
  }

  /** A class whose static initializer leaves its JVM's pid in that JVM. */
  static final class WritesLambdas {
    static {
      System.setProperty("multitask.test.writer", Long.toString(ProcessHandle.current().pid()));
    }

    static Task<String> reader() {
      return () -> System.getProperty("multitask.test.writer");
    }
  }

  /** A body class whose static initializer leaves its JVM's pid in that JVM. */
  static final class InitializedBody implements Task<String> {
    private static final long serialVersionUID = 1L;

    static {
      System.setProperty("multitask.test.body", Long.toString(ProcessHandle.current().pid()));
    }

    @Override
    public String call() {
      return System.getProperty("multitask.test.body");
    }
  }

  /** As a Python child's sys.exit(0): an action that exits with 0 has succeeded. */
  @Test
  void action_callingSystemExitZero_succeeds() throws Exception {
    Action body = () -> System.exit(0);
    Job<Void> job = ctx.start(body);

    assertNull(job.result());
    assertEquals(OptionalInt.of(0), job.exitCode());
  }

  /** A task owes a value: exiting, even with 0, before returning one is a failure. */
  @Test
  void task_callingSystemExitZeroBeforeReturning_fails() throws Exception {
    Task<String> body =
        () -> {
          System.exit(0);
          return "unreachable";
        };
    Job<String> job = ctx.start(body);

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(0), job.exitCode());
    assertTrue(e.getMessage().contains("before returning a result"), e.getMessage());
  }

  /** 137 is what a shell shows for SIGKILL; a real exit(137) must not be mistaken for it. */
  @Test
  void exitWith137_isAnExitCodeNotASignal() throws Exception {
    Action body = () -> System.exit(137);
    Job<Void> job = ctx.start(body);

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(137), job.exitCode());
    assertEquals(OptionalInt.empty(), e.signal());
    assertTrue(e.getMessage().contains("code 137"), e.getMessage());
  }

  /** Runtime.halt runs no shutdown hook, so only the real wait status tells 137 from SIGKILL. */
  @Test
  void haltWith137_isAnExitCodeNotASignal() throws Exception {
    Action body = () -> Runtime.getRuntime().halt(137);
    Job<Void> job = ctx.start(body);

    assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(137), job.exitCode());
  }

  @Test
  void killMidTask_reportsSignalNineAndKeepsContextUsable(@TempDir Path dir) throws Exception {
    String started = dir.resolve("started").toString();
    Job<String> job = ctx.start(JobContract.sleepAfterTouching(started));
    Gates.awaitStarted(job, started);
    long pid = job.pid();

    job.kill();

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(-9), job.exitCode());
    assertEquals(OptionalInt.of(9), e.signal());
    assertTrue(e.getMessage().contains("signal 9"), e.getMessage());
    assertNull(e.getCause(), "a killed child sent no exception");
    assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "the child is gone");

    Job<String> next = ctx.start(() -> "still here");
    assertEquals("still here", next.result());
    assertEquals(OptionalInt.of(0), next.exitCode());
  }

  /**
   * A job usually runs on a warm standby worker; it must be allowed to run as long as it likes
   * (regression: the standby refill timer once ended such jobs after 250 ms with exit code 1).
   */
  @Test
  void standbyJob_runningOneSecond_returnsResult() throws Exception {
    assertTrue(
        ((ProcessBackend) ((BackendContext) ctx).backend()).awaitStandby(LONG_WAIT),
        "a standby worker gets ready");
    Task<String> body =
        () -> {
          Thread.sleep(1_000);
          return "slept";
        };
    Job<String> job = ctx.start(body);

    assertEquals("slept", job.result(), () -> JobContract.outcome(job));
    assertEquals(OptionalInt.of(0), job.exitCode());
  }

  /**
   * Leaves a file named after this process's pid in $MULTITASK_TEST_INIT_DIR, if set: a class
   * initializer's mark.
   */
  static void markInitialization() {
    String dir = System.getenv("MULTITASK_TEST_INIT_DIR");
    if (dir != null) {
      try {
        Files.createFile(Path.of(dir, Long.toString(ProcessHandle.current().pid())));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /**
   * Leaves a file named after the pid of each process that initializes it, in
   * $MULTITASK_TEST_INIT_DIR.
   */
  static final class MarksItsInitialization implements Action {
    @Serial private static final long serialVersionUID = 1L;

    static {
      markInitialization();
    }

    @Override
    public void run() {}
  }

  /**
   * A standby worker loads the classes of recent jobs before it is needed, but runs none of their
   * code: a task class's static initializer runs in the worker that runs the task, at that time.
   */
  @Test
  void standby_beforeItRunsAJob_initializesNoRecentJobClass(@TempDir Path dir) throws Exception {
    ProcessOptions options =
        ProcessOptions.defaults().standby(1).environment("MULTITASK_TEST_INIT_DIR", dir.toString());
    try (Context own = Multitask.processes(options)) {
      ProcessBackend processes = (ProcessBackend) ((BackendContext) own).backend();
      assertTrue(processes.awaitStandby(LONG_WAIT), "the first standby worker gets ready");
      Job<Void> first = own.start(new MarksItsInitialization());
      first.join();
      assertEquals(OptionalInt.of(0), first.exitCode(), () -> JobContract.outcome(first));
      // the next standby worker is told to preload MarksItsInitialization, and is ready once it has
      assertTrue(processes.awaitStandby(LONG_WAIT), "the refilled standby worker gets ready");
      assertEquals(
          List.of(Long.toString(first.pid())),
          initializedIn(dir),
          "initialized only where a job ran");

      Job<Void> second = own.start(new MarksItsInitialization());
      second.join();
      assertEquals(OptionalInt.of(0), second.exitCode(), () -> JobContract.outcome(second));
      assertEquals(
          List.of(Long.toString(first.pid()), Long.toString(second.pid())).stream()
              .sorted()
              .toList(),
          initializedIn(dir));
    }
  }

  /**
   * Writes lambdas, and leaves a file named after the pid of each process that initializes it, as
   * above.
   */
  static final class LambdasMarkingTheirInitialization {
    static {
      markInitialization();
    }

    private LambdasMarkingTheirInitialization() {}

    static Task<String> describe(int n, String text) {
      return () -> text + " " + n;
    }
  }

  /**
   * Writes a lambda; its static initializer fails in a worker, not in the parent that made the
   * lambda.
   */
  static final class LambdasFailingToInitializeInAWorker {
    static {
      if (Multitask.currentProcess().isChild()) {
        throw new IllegalStateException("no initialization in a worker");
      }
    }

    private LambdasFailingToInitializeInAWorker() {}

    static Task<String> greet(String name) {
      return () -> "hello " + name;
    }
  }

  /**
   * A worker initializes a lambda's capturing class as it decodes the job (before it makes the
   * class's {@code $deserializeLambda$} handle); an initializer that fails there fails the job with
   * the class named and the initializer's exception as the cause, and the worker exits with 1.
   */
  @Test
  void lambdaJob_capturingClassFailsToInitialize_failsNamingTheClass() throws Exception {
    Job<String> job = ctx.start(LambdasFailingToInitializeInAWorker.greet("x"));

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(1), job.exitCode());
    Throwable cause = e.getCause();
    assertNotNull(cause, e::toString);
    assertTrue(
        String.valueOf(cause.getMessage())
            .contains(LambdasFailingToInitializeInAWorker.class.getName()),
        cause::toString);
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertEquals(IllegalStateException.class, root.getClass(), cause::toString);
    assertEquals("no initialization in a worker", root.getMessage());
  }

  /** Writes lambdas and has no static initializer: a standby worker links them before its job. */
  static final class QuietLambdas {
    private QuietLambdas() {}

    static Task<String> describe(int n, long big, String text) {
      return () -> text + " " + n + " " + big + " in " + ProcessHandle.current().pid();
    }
  }

  /**
   * A standby worker links the lambdas of recent jobs with their captured values zeroed; the job
   * that comes then still sees its own values. A lambda whose capturing class has a static
   * initializer is not linked ahead: that class is initialized only where a job runs.
   */
  @Test
  void lambdaJobs_onStandbysThatLinkedThemAhead_runWithTheirOwnCaptures(@TempDir Path dir)
      throws Exception {
    ProcessOptions options =
        ProcessOptions.defaults().standby(1).environment("MULTITASK_TEST_INIT_DIR", dir.toString());
    try (Context own = Multitask.processes(options)) {
      ProcessBackend processes = (ProcessBackend) ((BackendContext) own).backend();
      assertTrue(processes.awaitStandby(LONG_WAIT), "the first standby worker gets ready");
      Job<String> quiet = own.start(QuietLambdas.describe(7, 70L, "seven"));
      Job<String> noisy = own.start(LambdasMarkingTheirInitialization.describe(1, "one"));
      assertEquals(
          "seven 7 70 in " + quiet.pid(), quiet.result(), () -> JobContract.outcome(quiet));
      assertEquals("one 1", noisy.result(), () -> JobContract.outcome(noisy));
      // the refilled standby worker has both lambdas' shapes, and is ready once it has linked what
      // it may
      assertTrue(processes.awaitStandby(LONG_WAIT), "the refilled standby worker gets ready");
      assertEquals(
          List.of(Long.toString(noisy.pid())),
          initializedIn(dir),
          "initialized only where a job ran");

      Job<String> again = own.start(QuietLambdas.describe(-3, Long.MAX_VALUE, "minus three"));
      assertEquals(
          "minus three -3 " + Long.MAX_VALUE + " in " + again.pid(),
          again.result(),
          () -> JobContract.outcome(again));
      assertTrue(processes.awaitStandby(LONG_WAIT), "the next standby worker gets ready");
      Job<String> noisyAgain = own.start(LambdasMarkingTheirInitialization.describe(2, "two"));
      assertEquals("two 2", noisyAgain.result(), () -> JobContract.outcome(noisyAgain));
      assertEquals(
          List.of(Long.toString(noisy.pid()), Long.toString(noisyAgain.pid())).stream()
              .sorted()
              .toList(),
          initializedIn(dir));
    }
  }

  private static List<String> initializedIn(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  // ---- exceptions across the boundary ----

  static String failInChild() {
    throw new IllegalStateException("thrown in pid " + ProcessHandle.current().pid());
  }

  @Test
  void failure_carriesChildStackTrace() throws Exception {
    Task<String> body = ProcessJobTest::failInChild;
    Job<String> job = ctx.start(body);

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    Throwable cause = e.getCause();
    assertInstanceOf(
        IllegalStateException.class, cause, "a serializable exception arrives as itself");
    assertEquals("thrown in pid " + job.pid(), cause.getMessage());
    List<StackTraceElement> frames = Arrays.asList(cause.getStackTrace());
    assertTrue(
        frames.stream()
            .anyMatch(
                f ->
                    f.getClassName().equals(ProcessJobTest.class.getName())
                        && f.getMethodName().equals("failInChild")),
        () -> "the test's frame is in " + frames);
    assertTrue(
        frames.stream().anyMatch(f -> f.getClassName().equals("dev.multitask.process.WorkerMain")),
        () -> "the trace is the child's, which runs the body from WorkerMain: " + frames);
  }

  /** An exception that cannot be serialized: it holds the thread that threw it. */
  @SuppressWarnings("serial") // the unserializable field is the point
  static final class HoldsThreadException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;
    private final Thread thrower = Thread.currentThread();

    HoldsThreadException(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return super.toString() + " in " + thrower.getName();
    }
  }

  static String failUnserializably() {
    throw new HoldsThreadException("outer message", new IllegalArgumentException("inner message"));
  }

  @Test
  void unserializableException_arrivesAsStandInWithClassMessageAndStack() throws Exception {
    Task<String> body = ProcessJobTest::failUnserializably;
    Job<String> job = ctx.start(body);

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    StandInException standIn = assertInstanceOf(StandInException.class, e.getCause());
    assertEquals(HoldsThreadException.class.getName(), standIn.remoteClassName());
    assertEquals("outer message", standIn.getMessage());
    assertTrue(
        Arrays.stream(standIn.getStackTrace())
            .anyMatch(f -> f.getMethodName().equals("failUnserializably")),
        () -> Arrays.toString(standIn.getStackTrace()));
    assertTrue(
        standIn.toString().startsWith(HoldsThreadException.class.getName() + ": outer message"),
        standIn.toString());

    StandInException inner =
        assertInstanceOf(
            StandInException.class, standIn.getCause(), "the cause travels as a stand-in too");
    assertEquals("java.lang.IllegalArgumentException", inner.remoteClassName());
    assertEquals("inner message", inner.getMessage());
    assertEquals(OptionalInt.of(1), job.exitCode());
  }

  // ---- what cannot be sent ----

  @Test
  void start_lambdaCapturesThread_failsNamingIt() {
    Thread thread = Thread.currentThread();
    Task<String> body = () -> thread.getName();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ctx.start(body));
    assertTrue(e.getMessage().contains("captured #0 (java.lang.Thread)"), e.getMessage());
    assertTrue(ctx.activeChildren().isEmpty(), "nothing was started");
  }

  @Test
  void start_lambdaCapturesPlainObject_failsNamingIt() {
    Object lock = new Object();
    Task<Integer> body = () -> lock.hashCode();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ctx.job(body).name("capturer").start());
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertTrue(
        e.getMessage().contains(ProcessJobTest.class.getName()),
        "names the lambda's class: " + e.getMessage());
  }

  /** Capturing the test instance is the classic mistake: the test class is not serializable. */
  @Test
  void start_lambdaCapturesThis_failsNamingEnclosingClass() {
    Task<String> body = () -> this.toString();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ctx.start(body));
    assertTrue(e.getMessage().contains("(" + ProcessJobTest.class.getName() + ")"), e.getMessage());
  }

  /** Serializable itself, but holding something that is not. */
  static final class Settings implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    final String label;

    @SuppressWarnings("serial") // the unserializable value is the point
    final Object guard;

    Settings(String label, Object guard) {
      this.label = label;
      this.guard = guard;
    }
  }

  static final class ConfiguredTask implements Task<String> {
    @Serial private static final long serialVersionUID = 1L;
    private final Settings settings;

    ConfiguredTask(Settings settings) {
      this.settings = settings;
    }

    @Override
    public String call() {
      return settings.label;
    }
  }

  @Test
  void start_fieldHoldsUnserializable_failsNamingFieldPath() {
    Task<String> body = new ConfiguredTask(new Settings("x", new Object()));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ctx.start(body));
    assertTrue(e.getMessage().contains(ConfiguredTask.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(".settings → .guard (java.lang.Object)"), e.getMessage());
  }

  @Test
  void configuredTask_allSerializable_runs() throws Exception {
    assertEquals(
        "fine", ctx.start(new ConfiguredTask(new Settings("fine", "a string guard"))).result());
  }

  @Test
  void result_notSerializable_failsJob() throws Exception {
    Task<Object> body = () -> new Settings("returned", new Object());
    Job<Object> job = ctx.start(body);

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(1), job.exitCode());
    assertEquals("java.lang.IllegalArgumentException", JobContract.originalClassName(e.getCause()));
    assertTrue(
        e.getCause().getMessage().contains(".guard (java.lang.Object)"), e.getCause().getMessage());
  }

  // ---- ProcessOptions reach the child ----

  @Test
  void maxHeapMegabytes_capsChildHeap() throws Exception {
    ProcessOptions options = ProcessOptions.defaults().maxHeapMegabytes(64).standby(0);
    try (Context capped = Multitask.processes(options)) {
      long max = capped.start(() -> Runtime.getRuntime().maxMemory()).result();

      assertTrue(max > 0 && max <= 64L << 20, "child maxMemory " + max);
    }
  }

  /**
   * Writes, on its worker's control pipe (descriptor 4), the head of a RESULT frame that says it is
   * 1 GiB long, then sleeps: a broken or hostile worker that states any length it likes.
   */
  static Task<Integer> claimingAGibibyteFrame() {
    return () -> {
      try (var out =
          new java.io.DataOutputStream(new java.io.FileOutputStream("/proc/self/fd/4"))) {
        out.writeInt(1 << 30);
        out.writeByte(11); // RESULT
      }
      Thread.sleep(120_000);
      return 0;
    };
  }

  /**
   * The parent reads no frame over its limit: the job fails naming the size and the limit, and its
   * worker is killed.
   */
  @Test
  void job_whoseWorkerStatesAFrameOverTheLimit_failsNamingSizeAndLimit() throws Exception {
    Job<Integer> job = ctx.start(claimingAGibibyteFrame());
    assertTrue(job.join(LONG_WAIT), "the job did not end: its worker was not killed");
    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertTrue(e.getMessage().contains("a frame of 1073741824 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("more than the " + (256 << 20)), e.getMessage());
    assertEquals(OptionalInt.of(-9), job.exitCode());
    assertEquals(5, ctx.start(() -> 5).result(), "other jobs go on");
  }

  /** Filled by {@link #fillingTheHeapForGood()} in a child: what it holds, nothing can free. */
  private static final List<long[]> HELD = new java.util.ArrayList<>();

  /** Fills the heap with arrays it keeps: the OutOfMemoryError leaves no room to report it. */
  private static Task<Integer> fillingTheHeapForGood() {
    return () -> {
      while (true) {
        HELD.add(new long[1024]);
      }
    };
  }

  /**
   * A job that dies of OutOfMemoryError, with no room left to send its exception, is reported as
   * out of memory with its heap cap, not as a call to System.exit or Runtime.halt.
   */
  @Test
  void job_outOfMemoryWithNoRoomToReportIt_failsNamingOutOfMemoryAndHeapCap() throws Exception {
    ProcessOptions options = ProcessOptions.defaults().maxHeapMegabytes(64).standby(0);
    try (Context capped = Multitask.processes(options)) {
      Job<Integer> job = capped.start(fillingTheHeapForGood());
      JobFailedException e = assertThrows(JobFailedException.class, job::result);
      assertTrue(e.getMessage().contains("ran out of memory"), e.getMessage());
      assertTrue(e.getMessage().contains("-Xmx64m"), e.getMessage());
      assertFalse(e.getMessage().contains("System.exit"), e.getMessage());
      assertEquals(OptionalInt.of(1), job.exitCode());
    }
  }

  @Test
  void jvmFlags_setSystemProperty() throws Exception {
    ProcessOptions options =
        ProcessOptions.defaults().jvmFlags("-Dmultitask.test.foo=bar", "-Xss1m");
    Job<String> job =
        ctx.job(() -> System.getProperty("multitask.test.foo")).options(options).start();

    assertEquals("bar", job.result());
    assertNull(System.getProperty("multitask.test.foo"), "the flag is the child's only");
  }

  @Test
  void environment_setsVariable() throws Exception {
    ProcessOptions options =
        ProcessOptions.defaults().environment("MULTITASK_TEST_GREETING", "hello child");
    Job<String> job =
        ctx.job(() -> System.getenv("MULTITASK_TEST_GREETING")).options(options).start();

    assertEquals("hello child", job.result());
  }

  @Test
  void workingDirectory_isWhereJobRuns(@TempDir Path dir) throws Exception {
    Path workDir = Files.createDirectory(dir.resolve("work dir"));
    ProcessOptions options = ProcessOptions.defaults().workingDirectory(workDir);
    Task<List<String>> body =
        () -> List.of(System.getProperty("user.dir"), Path.of("").toAbsolutePath().toString());
    List<String> seen = ctx.job(body).options(options).start().result();

    Path expected = workDir.toRealPath();
    assertEquals(expected, Path.of(seen.get(0)).toRealPath(), "user.dir");
    assertEquals(expected, Path.of(seen.get(1)).toRealPath(), "Path.of(\"\")");
  }

  /**
   * A parent started as {@code java -cp target/classes:lib/x.jar ...} has a relative class path;
   * its children must still find their classes when they run in another directory.
   */
  @Test
  void relativeClassPath_startsChildInOtherDirectory(@TempDir Path dir) throws Exception {
    Path root = Path.of("/");
    String relativeClassPath =
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(entry -> root.relativize(Path.of(entry).toAbsolutePath()).toString())
            .collect(Collectors.joining(java.io.File.pathSeparator));
    Path workDir = Files.createDirectory(dir.resolve("elsewhere"));
    Path out = dir.resolve("out.txt");
    String text =
        runParentToSuccess(
            new ProcessBuilder(
                    java(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    relativeClassPath,
                    WorkingDirectoryMain.class.getName(),
                    workDir.toString())
                .directory(root.toFile()),
            out);

    String expected = "RESULT " + workDir.toRealPath();
    assertTrue(text.lines().anyMatch(expected::equals), text);
  }

  /** A job of a plain class ({@link Answer}) crosses field by field, not by JDK serialization. */
  @Test
  void plainClassJob_runsWithItsFieldsUnderChildsJvmWideFilter() throws Exception {
    assertEquals(42, ctx.start(new Answer(41)).result());

    // the child's own filter refuses the class: the job's decoding must not skip it
    ProcessOptions filtered =
        ProcessOptions.defaults()
            .standby(0)
            .jvmFlags("-Djdk.serialFilter=!" + Answer.class.getName());
    Job<Integer> refused = ctx.job(new Answer(1)).options(filtered).start();
    JobFailedException e = assertThrows(JobFailedException.class, refused::result);
    assertTrue(
        String.valueOf(e.getCause()).contains("rejects " + Answer.class.getName()),
        String.valueOf(e.getCause()));
  }

  @Test
  void rejectedJvmFlag_failsJobNamingStartFailure() throws Exception {
    ProcessOptions options = ProcessOptions.defaults().jvmFlags("-XX:+MultitaskNoSuchFlag");
    Job<Integer> job = ctx.job(() -> 1).options(options).start();

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertTrue(e.getMessage().contains("could not start"), e.getMessage());
    assertTrue(
        job.exitCode().isPresent() && job.exitCode().getAsInt() != 0,
        "exit code " + job.exitCode());
  }

  // ---- daemon process jobs ----

  @Test
  void daemonProcessJob_startingProcessJob_isRefused() throws Exception {
    Task<String> body =
        () -> {
          try (Context inner = Multitask.processes(ProcessOptions.defaults().standby(0))) {
            return "started " + inner.start(() -> 1).name();
          }
        };
    Job<String> job = ctx.job(body).daemon(true).name("the-daemon").start();

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(
        "java.lang.IllegalStateException",
        JobContract.originalClassName(e.getCause()),
        () -> String.valueOf(e.getCause()));
    String message = e.getCause().getMessage();
    assertTrue(message.contains("daemon job the-daemon may not start process jobs"), message);
  }

  @Test
  void nonDaemonProcessJob_startingProcessJob_startsGrandchild() throws Exception {
    Task<List<Long>> body =
        () -> {
          try (Context inner = Multitask.processes(ProcessOptions.defaults().standby(0))) {
            Seen grandchild = inner.start(Seen::now).result();
            return List.of(
                Multitask.currentProcess().pid(), grandchild.parentPid(), grandchild.pid());
          }
        };
    Job<List<Long>> job = ctx.start(body);
    List<Long> pids = job.result();

    assertEquals(job.pid(), pids.get(0));
    assertEquals(job.pid(), pids.get(1), "the grandchild's parent is the child");
    assertNotEquals(MY_PID, pids.get(2));
  }

  // ---- the portable fallback ----

  /**
   * Runs {@link NoNativeMain} in a JVM with {@code -Dmultitask.noNative=true}, where children are
   * started with ProcessBuilder and only Java's exit value is known. Kill, terminate and
   * System.exit must still come out right; Runtime.halt(137) is reported, not asserted: without the
   * real wait status it cannot be told from SIGKILL.
   */
  @Test
  void withoutNativeAccess_exitCodesAreReported(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    String text =
        runParentToSuccess(
            new ProcessBuilder(
                java(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dmultitask.noNative=true",
                "-cp",
                System.getProperty("java.class.path"),
                NoNativeMain.class.getName(),
                dir.toString()),
            out);
    Map<String, String> results =
        text.lines()
            .filter(l -> l.startsWith("RESULT "))
            .map(l -> l.substring(7).split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    System.out.println("no-native fallback: " + results);

    assertEquals("false", results.get("native"), text);
    assertEquals("42", results.get("result"), text);
    assertEquals("-9", results.get("kill"), text);
    assertEquals("-15", results.get("terminate"), text);
    assertEquals("3", results.get("exit3"), text);
    assertEquals("137", results.get("exit137"), text);
    assertTrue(results.containsKey("halt137"), text);
  }

  /** Runs a parent JVM to its end and returns its standard output; it must exit with 0. */
  private static String runParentToSuccess(ProcessBuilder builder, Path out) throws Exception {
    Process parent =
        builder.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    boolean exited = parent.waitFor(50, TimeUnit.SECONDS);
    if (!exited) {
      parent.destroyForcibly();
    }
    String text = Files.readString(out);
    assertTrue(exited, "the parent did not finish:\n" + text);
    assertEquals(0, parent.exitValue(), "the parent failed (its stderr is above):\n" + text);
    return text;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Checked exceptions in a Task need no wrapping. */
  @Test
  void serializableCheckedException_arrivesAsItself() throws Exception {
    Task<String> body =
        () -> {
          throw new IOException("checked in child");
        };
    JobFailedException e = assertThrows(JobFailedException.class, ctx.start(body)::result);
    assertInstanceOf(IOException.class, e.getCause());
  }
}
