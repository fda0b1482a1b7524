package dev.multitask;

import dev.multitask.engine.CurrentProcess;
import dev.multitask.process.ProcessContext;
import dev.multitask.local.ThreadContext;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point: makes {@link Context}s and answers who the caller is.
 *
 * <pre>{@code
 * try (Context ctx = Multitask.processes()) {          // or threads(), coroutines()
 *   Job<Integer> job = ctx.start(() -> 6 * 7);
 *   System.out.println(job.result());                 // 42, computed in a child JVM
 * }
 * }</pre>
 */
public final class Multitask {
  private Multitask() {}

  /**
   * A context whose jobs run in child JVMs on this host, with {@link ProcessOptions#defaults()}.
   *
   * @return a new process context
   */
  public static Context processes() {
    return processes(ProcessOptions.defaults());
  }

  /**
   * A context whose jobs run in child JVMs started with {@code options}.
   *
   * @param options how children are started
   * @return a new process context
   * @throws NullPointerException if {@code options} is null
   */
  public static Context processes(ProcessOptions options) {
    Objects.requireNonNull(options, "options");
    return new ProcessContext(options);
  }

  /**
   * A context whose jobs run on platform threads of this JVM ({@code threading.Thread}).
   *
   * @return a new thread context
   */
  public static Context threads() {
    return ThreadContext.platform();
  }

  /**
   * A context whose jobs run on virtual threads of this JVM, the coroutines of Java: cheap to
   * create by the million, suspended while they block.
   *
   * @return a new coroutine context
   */
  public static Context coroutines() {
    return ThreadContext.virtual();
  }

  /**
   * The number of processors available to this JVM, as Python's {@code os.cpu_count()}.
   *
   * @return at least 1
   */
  public static int cpuCount() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Who the caller is, as Python's {@code multiprocessing.current_process()}.
   *
   * @return this process's name, pid, parent pid and whether it is a child
   */
  public static ProcessInfo currentProcess() {
    return CurrentProcess.get();
  }

  /**
   * The process that started this one, as Python's {@code multiprocessing.parent_process()}: in a
   * child JVM, the parent's name (as it was when it spawned this worker: {@code MainProcess}, or
   * the name of the job it ran), pid and parent pid; empty in a program that is not a child.
   * Threads and coroutines share their process's answer.
   *
   * @return the parent, or empty
   */
  public static Optional<ProcessInfo> parentProcess() {
    return Optional.ofNullable(CurrentProcess.parent());
  }
}
