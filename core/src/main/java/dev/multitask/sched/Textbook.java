package dev.multitask.sched;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Job sets from the textbooks, built in by name, each with the averages the book (or a hand
 * computation written out in the tests) gives for it. {@code multitask sched --example NAME} runs
 * one; {@code --list-examples} lists them.
 */
public final class Textbook {
  private static final String OSC =
      "Silberschatz, Galvin, Gagne, Operating System Concepts, 9th ed., ";
  private static final String STALLINGS =
      "Stallings, Operating Systems: Internals and Design Principles, ch. 9, Table 9.5";

  /**
   * One algorithm's known averages on an example.
   *
   * @param config the algorithm and settings
   * @param waiting the average waiting time
   * @param turnaround the average turnaround time
   * @param response the average response time
   */
  public record Known(Config config, double waiting, double turnaround, double response) {
    /**
     * Checks the parts.
     *
     * @throws NullPointerException if the config is null
     */
    public Known {
      Objects.requireNonNull(config, "config");
    }
  }

  /**
   * A built-in job set.
   *
   * @param name its name on the command line, such as {@code silberschatz-rr}
   * @param source where it comes from
   * @param jobs the jobs
   * @param known the averages known for it
   */
  public record Example(String name, String source, JobSet jobs, List<Known> known) {
    /**
     * Checks the parts and copies the list.
     *
     * @throws NullPointerException if a part is null
     */
    public Example {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(jobs, "jobs");
      known = List.copyOf(known);
    }
  }

  private static final List<Example> ALL =
      List.of(
          example(
              "silberschatz-fcfs",
              OSC + "§6.3.1 (first-come, first-served)",
              List.of(Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3)),
              known(Algorithm.FCFS, 17, 27, 17),
              known(Config.of(Algorithm.RR).withQuantum(4), 17 / 3.0, 47 / 3.0, 11 / 3.0)),
          example(
              "silberschatz-sjf",
              OSC + "§6.3.2 (shortest-job-first)",
              List.of(
                  Job.of("P1", 0, 6), Job.of("P2", 0, 8), Job.of("P3", 0, 7), Job.of("P4", 0, 3)),
              known(Algorithm.SJF, 7, 13, 7),
              known(Algorithm.FCFS, 10.25, 16.25, 10.25)),
          example(
              "silberschatz-srtf",
              OSC + "§6.3.2 (preemptive SJF)",
              List.of(
                  Job.of("P1", 0, 8), Job.of("P2", 1, 4), Job.of("P3", 2, 9), Job.of("P4", 3, 5)),
              known(Algorithm.SRTF, 6.5, 13, 4.25),
              known(Algorithm.SJF, 7.75, 14.25, 7.75)),
          example(
              "silberschatz-priority",
              OSC + "§6.3.3 (priority)",
              List.of(
                  Job.of("P1", 0, 10).withPriority(3),
                  Job.of("P2", 0, 1).withPriority(1),
                  Job.of("P3", 0, 2).withPriority(4),
                  Job.of("P4", 0, 1).withPriority(5),
                  Job.of("P5", 0, 5).withPriority(2)),
              known(Algorithm.PRIORITY, 8.2, 12, 8.2)),
          example(
              "silberschatz-rr",
              OSC + "§6.3.4 (round robin, quantum 4)",
              List.of(Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3)),
              known(Config.of(Algorithm.RR).withQuantum(4), 17 / 3.0, 47 / 3.0, 11 / 3.0)),
          example(
              "stallings",
              STALLINGS + " (five processes A-E)",
              List.of(
                  Job.of("A", 0, 3),
                  Job.of("B", 2, 6),
                  Job.of("C", 4, 4),
                  Job.of("D", 6, 5),
                  Job.of("E", 8, 2)),
              known(Algorithm.FCFS, 4.6, 8.6, 4.6),
              known(Config.of(Algorithm.RR).withQuantum(1), 6.8, 10.8, 0.8),
              known(Config.of(Algorithm.RR).withQuantum(4), 6.0, 10.0, 3.6),
              known(Algorithm.SJF, 3.6, 7.6, 3.6),
              known(Algorithm.SRTF, 3.2, 7.2, 2.0),
              known(Algorithm.HRRN, 4.0, 8.0, 4.0)),
          example(
              "ostep-mlfq",
              "Arpaci-Dusseau, Operating Systems: Three Easy Pieces, ch. 8, Figure 8.4"
                  + " (a long job A, a short job B arriving at 100; 3 levels, quantum 10)",
              List.of(Job.of("A", 0, 180), Job.of("B", 100, 20)),
              known(Config.of(Algorithm.MLFQ).withMlfq(Mlfq.of(10, 10, 10)), 10, 110, 0)),
          example(
              "io-mix",
              "three jobs, two with an I/O burst; averages computed by hand in SchedAnswerKeyTest",
              List.of(Job.of("A", 0, 4, 3, 2), Job.of("B", 1, 3), Job.of("C", 2, 2, 2, 1)),
              known(Algorithm.FCFS, 10 / 3.0, 9, 8 / 3.0),
              known(Config.of(Algorithm.RR).withQuantum(2), 4, 29 / 3.0, 1)));

  private Textbook() {}

  private static Example example(String name, String source, List<Job> jobs, Known... known) {
    return new Example(name, source, new JobSet(name, jobs), List.of(known));
  }

  private static Known known(
      Algorithm algorithm, double waiting, double turnaround, double response) {
    return known(Config.of(algorithm), waiting, turnaround, response);
  }

  private static Known known(Config config, double waiting, double turnaround, double response) {
    return new Known(config, waiting, turnaround, response);
  }

  /**
   * Every built-in job set.
   *
   * @return the examples, in a fixed order
   */
  public static List<Example> all() {
    return ALL;
  }

  /**
   * The built-in job set called {@code name}.
   *
   * @param name such as {@code stallings}
   * @return the example, or empty
   */
  public static Optional<Example> find(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
