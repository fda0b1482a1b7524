package dev.multitask;

import dev.multitask.spi.Platform;
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
    return Platform.get().processes(options);
  }

  /**
   * A context whose jobs run on platform threads of this JVM ({@code threading.Thread}).
   *
   * @return a new thread context
   */
  public static Context threads() {
    return Platform.get().threads();
  }

  /**
   * A context whose jobs run on virtual threads of this JVM, the coroutines of Java: cheap to
   * create by the million, suspended while they block.
   *
   * @return a new coroutine context
   */
  public static Context coroutines() {
    return Platform.get().coroutines();
  }

  /**
   * A context whose jobs, pools, queues, locks and values live on a cluster of worker JVMs,
   * coordinated by the server at {@code url} (for example {@code redis://127.0.0.1:6379}); the same
   * code runs on it as on {@link #processes()}. The backend for the URL's scheme is found on the
   * class path: {@code redis://} and {@code rediss://} come with the {@code multitask-redis}
   * module.
   *
   * @param url where the cluster's server is
   * @return the context
   * @throws IllegalArgumentException if {@code url} is not a URL
   * @throws IllegalStateException if no module on the class path serves its scheme, naming the
   *     module to add
   */
  public static Context cluster(String url) {
    Objects.requireNonNull(url, "url: pass the cluster's address, such as redis://127.0.0.1:6379");
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      // neither the text nor the exception (whose message holds it) goes along: it may hold a
      // password
      throw new IllegalArgumentException(
          "url is not a URL: "
              + e.getReason()
              + " at index "
              + e.getIndex()
              + "; expected scheme://[:password@]host:port, such as redis://127.0.0.1:6379");
    }
    return Platform.get().cluster(uri);
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
    return Platform.get().currentProcess();
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
    return Platform.get().parentProcess();
  }
}
