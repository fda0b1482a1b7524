package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Job} contract, written once and run over every backend by the nested classes of {@link
 * JobContractTest}. One context per backend serves all tests; whatever a failed test leaves running
 * is killed after it, so the shared context closes promptly.
 *
 * <p>Bodies are built by static methods or capture only local strings: a lambda that touched the
 * test instance would capture it, and the test class is not serializable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class JobContract {
  private static final Duration LONG_WAIT = Duration.ofSeconds(30);
  private static final long MY_PID = ProcessHandle.current().pid();

  /** The context under test, shared by the tests of one backend. */
  protected Context ctx;

  /** Makes a new context of the backend under test. */
  abstract Context newContext();

  /** The prefix of default job names: {@code Process}, {@code Thread} or {@code Coroutine}. */
  abstract String defaultNamePrefix();

  /** Whether jobs run in a child JVM (else on a thread of this JVM). */
  abstract boolean runsInChildProcess();

  /** The exit code of a sleeping job after {@link Job#terminate()}. */
  int terminatedExitCode() {
    return runsInChildProcess() ? -15 : 1;
  }

  /** The exit code of a sleeping job after {@link Job#kill()}. */
  int killedExitCode() {
    return runsInChildProcess() ? -9 : 1;
  }

  @BeforeAll
  void openContext() {
    ctx = newContext();
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

  // ---- bodies (static, so that lambdas capture nothing but their arguments) ----

  static Task<String> sleepAfterTouching(String started) {
    return () -> {
      Gates.touch(started);
      Thread.sleep(120_000);
      return "woke up";
    };
  }

  static Task<String> touchThenAwaitGate(String started, String gate) {
    return () -> {
      Gates.touch(started);
      Gates.awaitFile(gate);
      return "through " + Path.of(gate).getFileName();
    };
  }

  /** Throws in the body, so that the exception is made where the job runs. */
  static Task<String> failingWith(String message) {
    return () -> {
      throw new IllegalStateException(message);
    };
  }

  /** What became of an ended job, for assertion messages. */
  static String outcome(Job<?> job) {
    try {
      return job + " returned " + job.result();
    } catch (JobFailedException e) {
      return job
          + " failed: "
          + e.getMessage()
          + (e.getCause() == null ? "" : " / cause " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return job + " (interrupted while asking)";
    }
  }

  /** The name of the body's exception: the class itself, or the class a stand-in stands for. */
  static String originalClassName(Throwable t) {
    return t instanceof StandInException r ? r.remoteClassName() : t.getClass().getName();
  }

  // ---- result and failure ----

  @Test
  void result_ofCompletedTask_isBodyValue() throws Exception {
    Job<Integer> job = ctx.start(() -> 6 * 7);

    assertEquals(42, job.result());
    assertEquals(OptionalInt.of(0), job.exitCode());
    assertFalse(job.isAlive());
  }

  @Test
  void result_ofCompletedAction_isNull() throws Exception {
    Action body = () -> {};
    Job<Void> job = ctx.start(body);

    assertNull(job.result());
    assertEquals(OptionalInt.of(0), job.exitCode());
  }

  @Test
  void result_bodyThrows_failsWithOriginalCauseAndExitCodeOne() throws Exception {
    Job<String> job = ctx.start(failingWith("boom-42"));

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals("java.lang.IllegalStateException", originalClassName(e.getCause()));
    assertEquals("boom-42", e.getCause().getMessage());
    assertEquals(OptionalInt.of(1), e.exitCode());
    assertEquals(OptionalInt.empty(), e.signal());
    assertEquals(job.name(), e.jobName());
    assertTrue(e.getMessage().contains(job.name()), e.getMessage());
    assertEquals(OptionalInt.of(1), job.exitCode());

    JobFailedException again = assertThrows(JobFailedException.class, job::result);
    assertEquals(
        "boom-42", again.getCause().getMessage(), "result() fails the same way every time");
  }

  @Test
  void result_bodyThrowsCheckedException_failsWithItAsCause() throws Exception {
    Task<String> body =
        () -> {
          throw new IOException("disk on fire");
        };
    Job<String> job = ctx.start(body);

    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals("java.io.IOException", originalClassName(e.getCause()));
    assertEquals("disk on fire", e.getCause().getMessage());
    assertEquals(OptionalInt.of(1), job.exitCode());
  }

  // ---- join, isAlive, exitCode ----

  /** As in every other timed call, a negative timeout is a mistake, not a check (ZERO is). */
  @Test
  void join_negativeTimeout_throwsNamingIt() throws Exception {
    Job<Integer> job = ctx.start(() -> 1);
    IllegalArgumentException running =
        assertThrows(IllegalArgumentException.class, () -> job.join(Duration.ofSeconds(-1)));
    assertTrue(running.getMessage().contains("PT-1S"), running.getMessage());
    job.join();
    IllegalArgumentException ended =
        assertThrows(IllegalArgumentException.class, () -> job.join(Duration.ofMillis(-5)));
    assertTrue(ended.getMessage().contains("PT-0.005S"), ended.getMessage());
  }

  @Test
  void join_timesOut_reportsRunningThenEndedOnceGateOpens(@TempDir Path dir) throws Exception {
    String started = dir.resolve("started").toString();
    String gate = dir.resolve("gate").toString();
    Job<String> job = ctx.start(touchThenAwaitGate(started, gate));
    Gates.awaitStarted(job, started);

    assertFalse(job.join(Duration.ofMillis(200)), "join(200ms) of a job waiting for its gate");
    assertFalse(job.join(Duration.ZERO), "join(0) only checks");
    assertTrue(job.isAlive());
    assertEquals(OptionalInt.empty(), job.exitCode(), "no exit code while running");

    Gates.touch(gate);

    assertTrue(job.join(LONG_WAIT));
    assertFalse(job.isAlive());
    assertEquals(OptionalInt.of(0), job.exitCode());
    assertTrue(job.join(Duration.ZERO), "join(0) of an ended job");
    assertEquals("through gate", job.result());
  }

  /** Python's {@code Process.close()}: refused while running; then name, pid and daemon answer. */
  @Test
  void close_afterTheJobEnded_keepsOnlyNamePidAndDaemon(@TempDir Path dir) throws Exception {
    String started = dir.resolve("started").toString();
    String gate = dir.resolve("gate").toString();
    Job<String> job = ctx.job(touchThenAwaitGate(started, gate)).name("closing").start();
    Gates.awaitStarted(job, started);
    long pid = job.pid();

    assertThrows(IllegalStateException.class, job::close, "close() of a running job");
    assertTrue(job.isAlive(), "a refused close() leaves the job as it was");
    Gates.touch(gate);
    assertEquals("through gate", job.result());
    job.close();
    job.close();

    assertEquals("closing", job.name());
    assertEquals(pid, job.pid());
    assertFalse(job.isDaemon());
    assertThrows(IllegalStateException.class, job::isAlive);
    assertThrows(IllegalStateException.class, job::exitCode);
    assertThrows(IllegalStateException.class, job::join);
    assertThrows(IllegalStateException.class, () -> job.join(Duration.ZERO));
    assertThrows(IllegalStateException.class, job::result);
    assertThrows(IllegalStateException.class, job::future);
    assertThrows(IllegalStateException.class, job::terminate);
    assertThrows(IllegalStateException.class, job::kill);
    assertFalse(ctx.activeChildren().contains(job));
    assertTrue(job.toString().contains("closed"), job.toString());
  }

  @Test
  void activeChildren_listRunningJobUntilItEnds(@TempDir Path dir) throws Exception {
    String started = dir.resolve("started").toString();
    String gate = dir.resolve("gate").toString();
    Job<String> job = ctx.start(touchThenAwaitGate(started, gate));
    Gates.awaitStarted(job, started);

    assertTrue(ctx.activeChildren().contains(job), "a running job is an active child");

    Gates.touch(gate);
    assertTrue(job.join(LONG_WAIT));
    assertFalse(ctx.activeChildren().contains(job), "an ended job is no longer an active child");
  }

  @Test
  void join_nullTimeout_isRejected() throws Exception {
    Job<Integer> job = ctx.start(() -> 1);
    assertThrows(NullPointerException.class, () -> job.join(null));
    job.join();
  }

  // ---- names and daemon flag ----

  @Test
  void name_whenNoneGiven_isAfterBackend() throws Exception {
    Job<Integer> first = ctx.start(() -> 1);
    Job<Integer> second = ctx.job(() -> 2).start();

    String pattern = defaultNamePrefix() + "-\\d+";
    assertTrue(first.name().matches(pattern), first.name());
    assertTrue(second.name().matches(pattern), second.name());
    assertNotEquals(first.name(), second.name());
    first.join();
    second.join();
  }

  @Test
  void name_givenToBuilder_isUsed() throws Exception {
    Job<Seen> job = ctx.job(Seen::now).name("custom-worker").start();

    assertEquals("custom-worker", job.name());
    if (runsInChildProcess()) {
      assertEquals("custom-worker", job.result().name(), "the child sees its job's name");
    } else {
      job.join();
    }
  }

  @Test
  void name_blankGivenToBuilder_isRejected() {
    JobBuilder<Integer> builder = ctx.job(() -> 1);
    assertThrows(IllegalArgumentException.class, () -> builder.name(" "));
    assertThrows(IllegalArgumentException.class, () -> builder.name(null));
  }

  @Test
  void daemon_setByBuilder_isReported() throws Exception {
    Job<Seen> plain = ctx.start(Seen::now);
    Job<Seen> daemon = ctx.job(Seen::now).daemon(true).start();

    assertFalse(plain.isDaemon());
    assertTrue(daemon.isDaemon());
    if (runsInChildProcess()) {
      assertFalse(plain.result().isDaemon());
      assertTrue(daemon.result().isDaemon(), "a daemon child knows it is one");
    } else {
      plain.join();
      daemon.join();
    }
  }

  // ---- misuse ----

  @Test
  void builder_startedTwice_throwsIllegalState() throws Exception {
    JobBuilder<Integer> builder = ctx.job(() -> 1);
    Job<Integer> job = builder.start();

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::start);
    assertTrue(e.getMessage().contains(job.name()), e.getMessage());
    assertEquals(1, job.result());
  }

  @Test
  void start_afterClose_throwsIllegalState() {
    Context closed = newContext();
    JobBuilder<Integer> madeBefore = closed.job(() -> 1);
    closed.close();
    closed.close(); // closing twice does nothing

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> closed.start(() -> 1));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    Action action = () -> {};
    assertThrows(IllegalStateException.class, () -> closed.start(action));
    assertThrows(IllegalStateException.class, () -> closed.job(() -> 2).start());
    assertThrows(IllegalStateException.class, madeBefore::start);
  }

  @Test
  void start_nullBody_throwsNullPointer() {
    assertThrows(NullPointerException.class, () -> ctx.start((Task<Object>) null));
    assertThrows(NullPointerException.class, () -> ctx.start((Action) null));
    assertThrows(NullPointerException.class, () -> ctx.job((Task<Object>) null));
    assertThrows(NullPointerException.class, () -> ctx.job((Action) null));
    assertTrue(ctx.activeChildren().isEmpty(), "nothing was started");
  }

  // ---- stopping ----

  @Test
  void terminate_endsSleepingJob(@TempDir Path dir) throws Exception {
    String started = dir.resolve("started").toString();
    Job<String> job = ctx.start(sleepAfterTouching(started));
    Gates.awaitStarted(job, started);

    job.terminate();

    assertTrue(job.join(LONG_WAIT), "a terminated job ends");
    assertEquals(OptionalInt.of(terminatedExitCode()), job.exitCode(), () -> outcome(job));
    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    assertEquals(OptionalInt.of(terminatedExitCode()), e.exitCode());
    if (runsInChildProcess()) {
      assertEquals(OptionalInt.of(15), e.signal());
      assertTrue(e.getMessage().contains("signal 15"), e.getMessage());
    } else {
      assertInstanceOf(InterruptedException.class, e.getCause());
    }
  }

  @Test
  void kill_endsSleepingJob(@TempDir Path dir) throws Exception {
    String started = dir.resolve("started").toString();
    Job<String> job = ctx.start(sleepAfterTouching(started));
    Gates.awaitStarted(job, started);

    job.kill();

    assertTrue(job.join(LONG_WAIT), "a killed job ends");
    assertEquals(OptionalInt.of(killedExitCode()), job.exitCode(), () -> outcome(job));
    JobFailedException e = assertThrows(JobFailedException.class, job::result);
    if (runsInChildProcess()) {
      assertEquals(OptionalInt.of(9), e.signal());
      assertTrue(e.getMessage().contains("signal 9"), e.getMessage());
    } else {
      assertInstanceOf(InterruptedException.class, e.getCause());
    }
  }

  @Test
  void terminateOrKill_ofEndedJob_keepsExitCode() throws Exception {
    Job<Integer> job = ctx.start(() -> 7);
    job.join();

    job.terminate();
    job.kill();

    assertEquals(OptionalInt.of(0), job.exitCode());
    assertEquals(7, job.result());
  }

  // ---- future ----

  @Test
  void future_jobSucceeds_completesWithResult() throws Exception {
    CompletableFuture<String> future = ctx.start(() -> "via future").future();

    assertEquals("via future", future.get(LONG_WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void future_jobFails_completesExceptionally() throws Exception {
    Job<String> job = ctx.start(failingWith("no future"));

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> job.future().get(LONG_WAIT.toSeconds(), TimeUnit.SECONDS));
    JobFailedException failure = assertInstanceOf(JobFailedException.class, e.getCause());
    assertEquals("no future", failure.getCause().getMessage());
  }

  @Test
  void future_cancelled_leavesJobRunning(@TempDir Path dir) throws Exception {
    String started = dir.resolve("started").toString();
    String gate = dir.resolve("gate").toString();
    Job<String> job = ctx.start(touchThenAwaitGate(started, gate));
    Gates.awaitStarted(job, started);

    assertTrue(job.future().cancel(true));
    assertTrue(job.isAlive(), "cancelling a future does not stop the job");
    Gates.touch(gate);

    assertEquals("through gate", job.result());
    assertEquals(
        "through gate",
        job.future().get(LONG_WAIT.toSeconds(), TimeUnit.SECONDS),
        "a new future is not cancelled");
  }

  // ---- who am I ----

  @Test
  void currentProcess_askedByBody_describesRunningProcess() throws Exception {
    Job<Seen> job = ctx.job(Seen::now).name("who-am-i").start();
    Seen seen = job.result();

    if (runsInChildProcess()) {
      assertTrue(seen.isChild());
      assertEquals(job.pid(), seen.pid());
      assertNotEquals(MY_PID, seen.pid());
      assertEquals(MY_PID, seen.parentPid());
      assertEquals("who-am-i", seen.name());
    } else {
      assertFalse(seen.isChild());
      assertEquals(MY_PID, seen.pid());
      assertEquals(MY_PID, job.pid());
      assertEquals("MainProcess", seen.name());
    }
  }

  /** The parent's name and pid as the body sees them through {@code Multitask.parentProcess()}. */
  static Task<String> parentSeen() {
    return () -> Multitask.parentProcess().map(p -> p.name() + "/" + p.pid()).orElse("none");
  }

  /** Python's {@code parent_process()}: a child names the process that started it, even a child. */
  @Test
  void parentProcess_inAJob_namesTheProcessThatStartedIt() throws Exception {
    assertEquals(Optional.empty(), Multitask.parentProcess(), "this JVM is nobody's child");
    String seen = ctx.start(parentSeen()).result();
    if (!runsInChildProcess()) {
      assertEquals("none", seen, "a thread shares its process's parent");
      return;
    }
    assertEquals("MainProcess/" + MY_PID, seen);
    Task<String> middle =
        () -> {
          try (Context inner = Multitask.processes()) {
            return inner.start(parentSeen()).result() + " from " + Multitask.currentProcess().pid();
          }
        };
    String[] grandchild = ctx.job(middle).name("middle").start().result().split(" from ");
    assertEquals("middle/" + grandchild[1], grandchild[0]);
  }

  // ---- closing ----

  @Test
  void close_waitsForNonDaemonAndStopsDaemonJobs(@TempDir Path dir) throws Exception {
    String daemonStarted = dir.resolve("daemon-started").toString();
    String plainStarted = dir.resolve("plain-started").toString();
    String gate = dir.resolve("gate").toString();
    Context own = newContext();
    Job<String> daemon = own.job(sleepAfterTouching(daemonStarted)).daemon(true).start();
    Job<String> plain = own.start(touchThenAwaitGate(plainStarted, gate));
    Gates.awaitStarted(daemon, daemonStarted);
    Gates.awaitStarted(plain, plainStarted);

    Thread closer = Thread.ofPlatform().start(own::close);
    assertTrue(daemon.join(LONG_WAIT), "close() stops daemon jobs");
    assertFalse(closer.join(Duration.ofMillis(200)), "close() waits for the non-daemon job");
    assertTrue(plain.isAlive());
    Gates.touch(gate);

    assertTrue(closer.join(LONG_WAIT));
    assertEquals(OptionalInt.of(0), plain.exitCode(), () -> outcome(plain));
    assertEquals(OptionalInt.of(terminatedExitCode()), daemon.exitCode(), () -> outcome(daemon));
  }

  @Test
  void future_askedTwice_isIndependent() throws Exception {
    Job<Integer> job = ctx.start(() -> 5);
    CompletableFuture<Integer> a = job.future();
    CompletableFuture<Integer> b = job.future();

    assertEquals(5, a.get(LONG_WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(5, b.get(LONG_WAIT.toSeconds(), TimeUnit.SECONDS));
  }
}
