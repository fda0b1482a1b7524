package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessInfo;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Event;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/_test_multiprocessing.py}, classes {@code _TestProcess} and {@code
 * _TestSubclassingProcess}: a job as Python's {@code Process}, on the process backend and (where
 * CPython runs it for threads too) on the others. Not ported: authkeys, sentinels, {@code
 * set_executable}, {@code interrupt} (SIGINT), forkserver, file descriptor counts, broken standard
 * streams, weak references, {@code test_many_processes} (what it checks is in {@code
 * test_terminate}), {@code test_stderr_flush} (the child's stderr is this JVM's). Python's {@code
 * ValueError} from a closed process is {@link IllegalStateException}.
 */
abstract class TestProcess extends PortPart {
  /** What a job reports about itself, Python's {@code _test} puts in its queue. */
  record Report(List<Object> args, String name, long pid) implements Serializable {}

  /**
   * Reports the arguments, the name and the pid. A thread job's name is its thread's: {@code
   * currentProcess()} describes the JVM (CPython's dummy processes are threads).
   */
  static Action reporting(Queue<Report> q, List<Object> args, boolean processes) {
    return () -> {
      ProcessInfo current = Multitask.currentProcess();
      String name = processes ? current.name() : Thread.currentThread().getName();
      q.put(new Report(args, name, current.pid()));
    };
  }

  /** test_current: the main process is alive, not a daemon, named MainProcess, no child. */
  @Test
  void currentProcess_inTheMainProcess_isMainProcess() {
    ProcessInfo current = Multitask.currentProcess();
    assertEquals("MainProcess", current.name());
    assertFalse(current.isDaemon());
    assertFalse(current.isChild());
    assertEquals(ProcessHandle.current().pid(), current.pid());
  }

  /** test_daemon_argument: not a daemon unless asked, as the main process is not one. */
  @Test
  void job_isADaemonOnlyWhenAsked() throws Exception {
    Action nothing = () -> {};
    assertFalse(ctx().job(nothing).start().isDaemon());
    assertTrue(ctx().job(nothing).daemon(true).start().isDaemon());
  }

  /** test_process: arguments, name and pid arrive; alive and listed while running, then not. */
  @Test
  void job_runsItsBodyWithItsArgumentsAndEndsWithCodeZero() throws Exception {
    Queue<Report> q = ctx().queue(1);
    Event gate = ctx().event();
    List<Object> args = new ArrayList<>(List.of(1, 2, "hello", 23, 2.54));
    boolean processes = processes();
    Action body =
        () -> {
          reporting(q, args, processes).run();
          gate.await(LONG);
        };
    Job<Void> p = ctx().job(body).name("SomeProcess").daemon(true).start();
    assertTrue(p.isDaemon());
    assertEquals(OptionalInt.empty(), p.exitCode());
    assertTrue(p.isAlive());
    assertTrue(ctx().activeChildren().contains(p));

    Report report = q.take();
    assertEquals(args, report.args());
    assertEquals(p.name(), report.name());
    assertEquals(p.pid(), report.pid());
    gate.set();
    p.join();

    assertEquals(OptionalInt.of(0), p.exitCode());
    assertFalse(p.isAlive());
    assertFalse(ctx().activeChildren().contains(p));
  }

  private int killProcess(boolean kill) throws Exception {
    Event event = ctx().event();
    Action body =
        () -> {
          event.set();
          Thread.sleep(100_000);
        };
    Job<Void> p = ctx().job(body).daemon(true).start();
    assertTrue(p.isAlive());
    assertTrue(ctx().activeChildren().contains(p));
    assertEquals(OptionalInt.empty(), p.exitCode());
    assertFalse(p.join(Duration.ZERO));
    assertTrue(p.isAlive());
    assertTrue(event.await(LONG), "event not signaled");
    if (kill) {
      p.kill();
    } else {
      p.terminate();
    }
    assertTrue(p.join(LONG), "join took too long");
    assertFalse(p.isAlive());
    assertFalse(ctx().activeChildren().contains(p));
    return p.exitCode().orElseThrow();
  }

  /** test_terminate (processes only, as in CPython). */
  @Test
  void terminate_endsTheChildWithMinusSigterm() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    assertEquals(-15, killProcess(false));
  }

  /** test_kill (processes only, as in CPython). */
  @Test
  void kill_endsTheChildWithMinusSigkill() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    assertEquals(-9, killProcess(true));
  }

  /** test_cpu_count. */
  @Test
  void cpuCount_isAtLeastOne() {
    assertTrue(Multitask.cpuCount() >= 1);
  }

  /** test_active_children. */
  @Test
  void activeChildren_listsARunningJobOnly() throws Exception {
    Event event = ctx().event();
    Action body = () -> event.await(LONG);
    Job<Void> p = ctx().job(body).daemon(true).start();
    try {
      assertTrue(ctx().activeChildren().contains(p));
    } finally {
      event.set();
    }
    p.join();
    assertFalse(ctx().activeChildren().contains(p));
  }

  /** Python's {@code _test_recursion}: sends its id, then starts two children in turn. */
  static Action recursion(Connection<List<Integer>> wconn, List<Integer> id, boolean processes) {
    return () -> {
      wconn.send(id);
      if (id.size() < 2) {
        // no standby worker in the children: each starts two jobs, one at a time
        try (Context inner =
            processes
                ? Multitask.processes(ProcessOptions.defaults().standby(0))
                : Multitask.threads()) {
          for (int i = 0; i < 2; i++) {
            List<Integer> child = new ArrayList<>(id);
            child.add(i);
            inner.start(recursion(wconn, child, processes)).join();
          }
        }
      }
    };
  }

  /** test_recursion: jobs start jobs, depth two, in order. */
  @Test
  void jobs_startingJobs_runInOrder() throws Exception {
    Pipe<List<Integer>> pipe = ctx().pipe(false);
    recursion(pipe.right(), new ArrayList<>(), processes()).run();
    List<List<Integer>> result = new ArrayList<>();
    while (pipe.left().poll(Duration.ZERO)) {
      result.add(pipe.left().recv());
    }
    assertEquals(
        List.of(
            List.of(),
            List.of(0),
            List.of(0, 0),
            List.of(0, 1),
            List.of(1),
            List.of(1, 0),
            List.of(1, 1)),
        result);
  }

  /** test_close: refused while running; then most calls refused (Python's ValueError). */
  @Test
  void close_endedJob_refusesLaterCalls() throws Exception {
    Queue<String> q = ctx().queue();
    Action body = () -> q.take();
    Job<Void> p = ctx().job(body).daemon(true).start();
    assertTrue(p.isAlive());
    assertThrows(IllegalStateException.class, p::close, "the child is still alive");
    q.put("go");
    p.join();
    assertFalse(p.isAlive());
    assertEquals(OptionalInt.of(0), p.exitCode());
    p.close();
    assertThrows(IllegalStateException.class, p::isAlive);
    assertThrows(IllegalStateException.class, p::join);
    assertThrows(IllegalStateException.class, p::terminate);
    p.close();
  }

  /** test_parent_process_attributes (processes): the child sees the parent's pid and name. */
  @Test
  void parentProcess_inAChild_isTheStarter() throws Exception {
    assertTrue(Multitask.parentProcess().isEmpty());
    assumeTrue(processes(), "CPython runs it for processes only");
    Task<String> body =
        () -> Multitask.parentProcess().map(p -> p.pid() + "/" + p.name()).orElseThrow();
    String seen = ctx().start(body).result();
    assertEquals(Multitask.currentProcess().pid() + "/" + Multitask.currentProcess().name(), seen);
  }

  /**
   * test_parent_process (processes). Differs on purpose: CPython's grandchild sees its parent die
   * and lives on; a multitask child whose parent dies exits at once (its lifeline), so no orphan is
   * left: the test checks that the grandchild is gone.
   */
  @Test
  void grandchild_whoseParentIsKilled_exitsToo() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    SharedLong grandchild = ctx().sharedLong(0);
    Action middle =
        () -> {
          try (Context inner = Multitask.processes(ProcessOptions.defaults().standby(0))) {
            inner.start(
                () -> {
                  grandchild.set(ProcessHandle.current().pid());
                  Thread.sleep(300_000);
                });
            Thread.sleep(300_000);
          }
        };
    Job<Void> p = ctx().start(middle); // not a daemon: a daemon may not start processes
    waitUntil("the grandchild runs", () -> grandchild.get() != 0);
    long pid = grandchild.get();
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    p.terminate();
    p.join();
    waitUntil(
        "the grandchild " + pid + " exits",
        () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  /** test_wait_for_threads (processes): a child waits for its non-daemon threads before it ends. */
  @Test
  void job_waitsForItsNonDaemonThreadsBeforeEnding() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    Event evt = ctx().event();
    Action body =
        () -> {
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    evt.set();
                  });
          Thread.ofPlatform()
              .daemon(true)
              .start(
                  () -> {
                    try {
                      Thread.sleep(20_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    evt.clear();
                  });
        };
    ctx().start(body).join();
    assertTrue(evt.isSet());
  }

  /** test_sys_exit (processes): System.exit(n) is the exit code; 0 is a success. */
  @Test
  void systemExit_inAChild_isItsExitCode() throws Exception {
    assumeTrue(processes(), "CPython runs it for processes only");
    for (int code : new int[] {0, 8}) {
      Action body = () -> System.exit(code);
      Job<Void> p = ctx().job(body).daemon(true).start();
      p.join();
      assertEquals(OptionalInt.of(code), p.exitCode());
    }
  }

  /** _UpperCaser, a {@code Process} subclass: here a class that implements {@link Action}. */
  static final class UpperCaser implements Action {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a process pipe: a handle
    private final Connection<String> childConn;

    UpperCaser(Connection<String> childConn) {
      this.childConn = childConn;
    }

    @Override
    public void run() throws Exception {
      for (String s = childConn.recv(); !s.isEmpty(); s = childConn.recv()) {
        childConn.send(s.toUpperCase());
      }
    }
  }

  /** _TestSubclassingProcess.test_subclassing. */
  @Test
  void actionClass_withAPipe_servesRequests() throws Exception {
    Pipe<String> pipe = ctx().pipe();
    Job<Void> upper = ctx().job(new UpperCaser(pipe.right())).daemon(true).start();
    pipe.left().send("hello");
    assertEquals("HELLO", pipe.left().recv());
    pipe.left().send("world");
    assertEquals("WORLD", pipe.left().recv());
    pipe.left().send("");
    upper.join();
    assertNotEquals(OptionalInt.empty(), upper.exitCode());
    pipe.left().close();
  }
}
