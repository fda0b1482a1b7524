package dev.multitask.examples;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every example, in the order of the tutorials' index: its name, the tutorial it comes from, what
 * it shows and how to run it. Adding an example is one line in {@link #ALL}.
 *
 * <p>{@link #main(String[])} runs one by name, as {@code ./multitask examples NAME} does: {@code
 * java -cp ... dev.multitask.examples.Examples process-function}.
 */
public final class Examples {
  private static final String OVERVIEW = "000_133dd573aed74ff3.txt";
  private static final String PROCESSES_THREADS_QUEUES = "001_3bbc5e2ee4de9a3b.txt";
  private static final String CPU_VS_IO = "002_feb04d1b11467325.txt";
  private static final String SYNC_AND_SCHEDULING = "003_6e7218837fe3077f.txt";
  private static final String SYNC_AND_MANAGERS = "004_74c629ae3998aaeb.txt";

  private static final List<Example> ALL =
      List.of(
          // 000: processes, threads, coroutines (overview)
          new Example(
              "pipe-hello",
              OVERVIEW,
              "a child sends 'hello world' through a Pipe, main answers 'hi son'",
              PipeHello::main),
          // ---- coroutines (issue 20): 000's asyncio and gevent programs
          new Example(
              "coroutine-interleave",
              OVERVIEW,
              "long_task sleeps while job1 and hello_world run: the same 7 lines every run",
              CoroutineInterleave::main),
          new Example(
              "coroutine-link-exception",
              OVERVIEW,
              "a failed coroutine's link_exception callback stops the program, kills sleepers",
              CoroutineLinkException::main),
          new Example(
              "coroutine-vs-sequential",
              OVERVIEW,
              "job(1) and job(2): about 3 s one after the other, about 2 s as coroutines",
              CoroutineVsSequential::main),
          // ---- end of coroutines (000)
          // 001: processes, threads, queues, pools
          new Example(
              "process-function",
              PROCESSES_THREADS_QUEUES,
              "a child process runs a function; its parent pid is main's pid",
              ProcessFunction::main),
          new Example(
              "process-class",
              PROCESSES_THREADS_QUEUES,
              "a process written as a class; its fields arrive in the child",
              ProcessClass::main),
          new Example(
              "process-join",
              PROCESSES_THREADS_QUEUES,
              "join() puts 'end' after the child; without it 'end' comes first",
              ProcessJoin::main),
          new Example(
              "process-join-many",
              PROCESSES_THREADS_QUEUES,
              "four children run at once and all finish before 'end'",
              ProcessJoinMany::main),
          new Example(
              "process-daemon",
              PROCESSES_THREADS_QUEUES,
              "a daemon process stops when main's code ends; the other child finishes",
              ProcessDaemon::main),
          new Example(
              "ticket-nolock",
              PROCESSES_THREADS_QUEUES,
              "10 buyer processes, 1 ticket in a file, no lock: several buy it (oversold)",
              TicketNoLock::main),
          new Example(
              "ticket-lock",
              PROCESSES_THREADS_QUEUES,
              "the same with a Lock and 3 tickets: exactly 3 buyers succeed",
              TicketLock::main),
          new Example(
              "queue-foo-bar",
              PROCESSES_THREADS_QUEUES,
              "process bar puts 'hello world!' on a Queue, process foo takes and prints it",
              QueueFooBar::main),
          new Example(
              "producer-consumer",
              PROCESSES_THREADS_QUEUES,
              "10 producer and 10 consumer processes on one Queue; each product consumed once",
              ProducerConsumer::main),
          new Example(
              "shared-counter",
              PROCESSES_THREADS_QUEUES,
              "a SharedLong counted up by 4 processes: addAndGet, or get/set under its lock",
              SharedCounter::main),
          new Example(
              "thread-start",
              PROCESSES_THREADS_QUEUES,
              "ten threads: the live list and count, then 'all threads done'",
              ThreadStart::main),
          new Example(
              "thread-class",
              PROCESSES_THREADS_QUEUES,
              "a thread written as a class; it and main print the same ident",
              ThreadClass::main),
          new Example(
              "thread-daemon",
              PROCESSES_THREADS_QUEUES,
              "a daemon thread runs while the other thread does, then stops",
              ThreadDaemon::main),
          new Example(
              "thread-lock-counter",
              PROCESSES_THREADS_QUEUES,
              "+1 and -1 x 30000 in 4 threads: 0 with a Lock, updates lost without one",
              ThreadLockCounter::main),
          new Example(
              "thread-rlock",
              PROCESSES_THREADS_QUEUES,
              "5 threads each lock an RLock twice and unlock it twice: no deadlock",
              ThreadRLock::main),
          new Example(
              "thread-deadlock",
              PROCESSES_THREADS_QUEUES,
              "two locks taken in opposite orders: the cycle is reported, nothing hangs",
              ThreadDeadlock::main),
          new Example(
              "queue-fifo",
              PROCESSES_THREADS_QUEUES,
              "queue(3) is first in, first out; poll() on it empty is Python's Empty",
              QueueFifo::main),
          new Example(
              "queue-lifo",
              PROCESSES_THREADS_QUEUES,
              "a LIFO queue: 0, 1, 2 go in, 2, 1, 0 come out",
              QueueLifo::main),
          new Example(
              "queue-priority",
              PROCESSES_THREADS_QUEUES,
              "a priority queue: (8, 'A') then (2, 'B') go in, (2, 'B') comes out first",
              QueuePriority::main),
          new Example(
              "manager-dict",
              PROCESSES_THREADS_QUEUES,
              "100 processes decrement dic['key'] from 100 under a Lock: it ends at 0",
              ManagerDict::main),
          // ---- pools (issue 5): 001's ThreadPoolExecutor and ProcessPoolExecutor programs
          new Example(
              "threadpool-submit",
              PROCESSES_THREADS_QUEUES,
              "a pool of 4 threads runs 20 submitted tasks: at most 4 thread ids",
              ThreadPoolSubmit::main),
          new Example(
              "processpool-submit",
              PROCESSES_THREADS_QUEUES,
              "a pool of 4 processes runs 20 sleeping tasks: at most 4 pids",
              ProcessPoolSubmit::main),
          new Example(
              "processpool-result",
              PROCESSES_THREADS_QUEUES,
              "20 futures kept, then their results asked for in order: 0, 1, 4, ..., 361",
              ProcessPoolResult::main),
          new Example(
              "processpool-map",
              PROCESSES_THREADS_QUEUES,
              "map(func, range(20)) on 4 processes: results in input order",
              ProcessPoolMap::main),
          new Example(
              "processpool-callback",
              PROCESSES_THREADS_QUEUES,
              "a callback per future prints each result when its task ends: completion order",
              ProcessPoolCallback::main),
          // ---- end of pools (001)
          // 002: processes vs threads, CPU vs I/O
          new Example(
              "sequential-tasks",
              CPU_VS_IO,
              "two 2-second tasks one after another take about 4 s",
              SequentialTasks::main),
          new Example(
              "two-processes",
              CPU_VS_IO,
              "the same two tasks in two processes take about 2 s",
              TwoProcesses::main),
          // ---- pools (issue 5): 002's Pool(4) experiment
          new Example(
              "pool-four-five",
              CPU_VS_IO,
              "Pool(4) runs five 2-second tasks in about 4 s; the fifth reuses a pid",
              PoolFourFive::main),
          // ---- end of pools (002)
          new Example(
              "queue-writer-reader",
              CPU_VS_IO,
              "a writer process puts A, B, C; the reader prints them and is terminated",
              QueueWriterReader::main),
          new Example(
              "two-threads",
              CPU_VS_IO,
              "the same two tasks in two threads take about 2 s",
              TwoThreads::main),
          new Example(
              "cpu-bound-threads",
              CPU_VS_IO,
              "8**1000000 in 1 and 2 threads: Java threads compute in parallel (no GIL)",
              CpuBoundThreads::main),
          new Example(
              "producer-consumer-threads",
              CPU_VS_IO,
              "Producer and Consumer thread classes on one queue: 4 items each way",
              ProducerConsumerThreads::main),
          // 003: processes, sync, scheduling
          new Example(
              "process-many",
              SYNC_AND_SCHEDULING,
              "ten children print pid/ppid in random order after main has finished",
              ProcessMany::main),
          new Example(
              "event",
              SYNC_AND_SCHEDULING,
              "a child waits on an Event until main sets it; cleared, it blocks again",
              EventExample::main),
          new Example(
              "daemon-monitor",
              SYNC_AND_SCHEDULING,
              "a daemon 'I am alive' monitor stops when main ends after the worker failed",
              DaemonMonitor::main),
          new Example(
              "lock-basics",
              SYNC_AND_SCHEDULING,
              "Lock acquire/release; a second acquire would wait: a timed tryLock shows it",
              LockBasics::main),
          new Example(
              "semaphore",
              SYNC_AND_SCHEDULING,
              "Semaphore(4) shared by 10 processes: never more than 4 inside at once",
              SemaphoreExample::main),
          new Example(
              "scheduling",
              SYNC_AND_SCHEDULING,
              "FCFS, SJF, round robin and MLFQ on one job set: Gantt charts and times",
              Scheduling::main),
          // 004: processes, sync, managers
          new Example(
              "zombie",
              SYNC_AND_MANAGERS,
              "a child nobody joins is reaped at once: no <defunct> entry",
              Zombie::main),
          new Example(
              "routine-function",
              SYNC_AND_MANAGERS,
              "one function in two processes with delays 1 s and 2 s; both finish",
              RoutineFunction::main),
          new Example(
              "routine-class",
              SYNC_AND_MANAGERS,
              "a process class with delays 2 s and 1 s: 'Second' finishes first",
              RoutineClass::main),
          new Example(
              "barrier",
              SYNC_AND_MANAGERS,
              "Barrier(5, action), 10 processes: opens twice, 5 at a time, action once each",
              BarrierExample::main),
          new Example(
              "manager-dict-list",
              SYNC_AND_MANAGERS,
              "10 processes add their pid to a Manager's dict and list: all 10 pids in both",
              ManagerDictList::main));

  private Examples() {}

  /** The {@code main} method of an example. */
  @FunctionalInterface
  public interface Entry {
    /**
     * Runs the example as its {@code main} would.
     *
     * @param args the example's arguments
     * @throws Exception whatever the example throws
     */
    void main(String[] args) throws Exception;
  }

  /**
   * One example.
   *
   * @param name the name used on the command line, such as {@code process-function}
   * @param tutorial the file in the tutorials folder whose program it translates
   * @param shows what running it shows, in one line
   * @param entry its {@code main} method
   */
  public record Example(String name, String tutorial, String shows, Entry entry) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException if the name is not lower-case words joined by hyphens, or a
     *     text is blank
     */
    public Example {
      Objects.requireNonNull(entry, "entry");
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "example name '" + name + "' is not lower-case words joined by '-'");
      }
      if (tutorial == null || tutorial.isBlank() || shows == null || shows.isBlank()) {
        throw new IllegalArgumentException(
            "example " + name + " needs a tutorial file and a 'shows' line");
      }
    }

    /**
     * Runs the example in this JVM, as its {@code main} would; it returns once the example has
     * closed its contexts, that is when its jobs are done.
     *
     * @param args the example's arguments
     * @throws Exception whatever the example throws
     */
    public void run(String... args) throws Exception {
      entry.main(args);
    }
  }

  /**
   * Every example, in the tutorials' order.
   *
   * @return an unmodifiable list
   */
  public static List<Example> all() {
    return ALL;
  }

  /**
   * The examples that run unchanged on a cluster ({@code multitask examples NAME --cluster URL}):
   * their context comes from the system property {@code multitask.cluster} when it is set.
   */
  private static final Set<String> ON_CLUSTER =
      Set.of("producer-consumer", "pool-four-five", "ticket-lock");

  /**
   * Whether the example called {@code name} runs on a cluster when the system property {@code
   * multitask.cluster} names one.
   *
   * @param name the example's name
   * @return true for {@code producer-consumer}, {@code pool-four-five} and {@code ticket-lock}
   */
  public static boolean runsOnCluster(String name) {
    return ON_CLUSTER.contains(name);
  }

  /**
   * The example called {@code name}.
   *
   * @param name the example's name
   * @return the example, or empty if there is none by that name
   */
  public static Optional<Example> find(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * Runs one example by name and exits as {@code ./multitask examples NAME} does: 0 when it
   * returned, 1 when it threw, 2 for an unknown name. Without arguments, lists the examples.
   *
   * @param args the example's name, then its arguments
   */
  public static void main(String[] args) {
    if (args.length == 0) {
      ALL.forEach(e -> System.out.println("%-20s %s".formatted(e.name(), e.shows())));
      return;
    }
    Optional<Example> example = find(args[0]);
    if (example.isEmpty()) {
      System.err.println("no example named '" + args[0] + "'; run without arguments to list them");
      System.exit(2);
    }
    int status = 0;
    try {
      example.get().run(Arrays.copyOfRange(args, 1, args.length));
    } catch (Exception e) {
      System.err.println("example " + args[0] + " failed:");
      e.printStackTrace();
      status = 1;
    }
    // exit at once, as the CLI does: an example must have waited for its own jobs
    System.exit(status);
  }
}
