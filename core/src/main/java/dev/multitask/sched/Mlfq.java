package dev.multitask.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a multilevel feedback queue is set up: its levels (level 0 is the highest), the quantum of
 * each, the allotment of each, a periodic priority boost and what an I/O burst does to a job's
 * level. Immutable. The rules, as OSTEP's chapter 8 states them:
 *
 * <ol>
 *   <li>A job on a higher level runs before one on a lower level; a job that becomes ready on a
 *       strictly higher level than the running job's preempts it.
 *   <li>Jobs on the same level take turns (round robin), each run at most the level's quantum.
 *   <li>A new job enters level 0.
 *   <li>A job that has used its level's allotment of CPU time, over however many runs, moves one
 *       level down (the bottom level keeps it) and starts a new allotment there. With the default
 *       allotment of one quantum, a job that uses a whole quantum moves down.
 *   <li>Every {@link #boostPeriod()} time units (at {@code k·period}) every job moves to level 0
 *       with a new allotment, the ready ones in the order of their old levels. The running job
 *       keeps the CPU: from the boost its run is a run on level 0 (at most level 0's quantum).
 *       {@code 0} turns boosting off.
 * </ol>
 *
 * <p>A job that waits for I/O keeps its level and what it used of its allotment ({@link
 * AfterIo#KEEP}, OSTEP's rule 4, which a job cannot game by yielding just before its allotment
 * ends), or comes back one level higher with a new allotment ({@link AfterIo#RAISE}, the reward of
 * interactive jobs in classic Unix schedulers). A job that is preempted, or whose quantum ends
 * before its allotment, goes to the back of its level.
 *
 * @param quanta the quantum of each level, top first, each {@code >= 1}; {@link #UNLIMITED} makes a
 *     level first come, first served
 * @param allotments the allotment of each level, each {@code >= 1}
 * @param boostPeriod the period of the priority boost, {@code >= 0}; 0 for none
 * @param afterIo what an I/O burst does to a job's level
 */
public record Mlfq(List<Long> quanta, List<Long> allotments, long boostPeriod, AfterIo afterIo) {
  /** A quantum or allotment without limit: the level is first come, first served. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** The most levels a queue may have. */
  public static final int MAX_LEVELS = 64;

  /** What an I/O burst does to the level of the job that made it. */
  public enum AfterIo {
    /** It keeps its level and what it used of its allotment (OSTEP's rule 4). */
    KEEP,
    /** It comes back one level higher (level 0 stays 0) with a new allotment. */
    RAISE
  }

  /**
   * Checks the parts and copies the lists.
   *
   * @throws IllegalArgumentException if there are no levels or more than {@link #MAX_LEVELS}, the
   *     lists differ in length, a quantum or allotment is below 1, or the boost period is negative
   * @throws NullPointerException if a list, an element or {@code afterIo} is null
   */
  public Mlfq {
    quanta = List.copyOf(quanta);
    allotments = List.copyOf(allotments);
    Objects.requireNonNull(afterIo, "afterIo");
    if (quanta.isEmpty() || quanta.size() > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "an MLFQ needs 1 to " + MAX_LEVELS + " levels: levels=" + quanta.size());
    }
    if (allotments.size() != quanta.size()) {
      throw new IllegalArgumentException(
          "one allotment per level: "
              + quanta.size()
              + " quanta but "
              + allotments.size()
              + " allotments");
    }
    for (int i = 0; i < quanta.size(); i++) {
      if (quanta.get(i) < 1) {
        throw new IllegalArgumentException(
            "quantum must be > 0: quantum=" + quanta.get(i) + " (level " + i + ")");
      }
      if (allotments.get(i) < 1) {
        throw new IllegalArgumentException(
            "allotment must be > 0: allotment=" + allotments.get(i) + " (level " + i + ")");
      }
    }
    if (boostPeriod < 0) {
      throw new IllegalArgumentException(
          "boost period must be >= 0 (0 for none): boostPeriod=" + boostPeriod);
    }
  }

  /**
   * A queue with the given quanta, top level first; each allotment one quantum, no boost, jobs keep
   * their level over I/O.
   *
   * @param levelQuanta the quantum of each level
   * @return the settings
   * @throws IllegalArgumentException as {@link Mlfq#Mlfq}
   */
  public static Mlfq of(long... levelQuanta) {
    List<Long> q = new ArrayList<>(levelQuanta.length);
    for (long v : levelQuanta) {
      q.add(v);
    }
    return new Mlfq(q, q, 0, AfterIo.KEEP);
  }

  /**
   * {@code levels} levels whose quanta double from {@code quantum} at the top (as Silberschatz's
   * example: 8, 16, ...); allotments of one quantum, no boost, jobs keep their level over I/O.
   *
   * @param levels how many levels
   * @param quantum the top level's quantum
   * @return the settings
   * @throws IllegalArgumentException as {@link Mlfq#Mlfq}, or if a quantum would overflow
   */
  public static Mlfq doubling(int levels, long quantum) {
    if (levels < 1 || levels > MAX_LEVELS) {
      throw new IllegalArgumentException(
          "an MLFQ needs 1 to " + MAX_LEVELS + " levels: levels=" + levels);
    }
    if (quantum < 1) {
      throw new IllegalArgumentException("quantum must be > 0: quantum=" + quantum);
    }
    long[] q = new long[levels];
    for (int i = 0; i < levels; i++) {
      q[i] = i == 0 ? quantum : Math.multiplyExact(q[i - 1], 2);
    }
    return of(q);
  }

  /**
   * The default: 3 levels, quanta 4, 8 and 16.
   *
   * @return the settings
   */
  public static Mlfq defaults() {
    return doubling(3, Config.DEFAULT_QUANTUM);
  }

  /**
   * These settings with other allotments.
   *
   * @param levelAllotments one per level, top first
   * @return new settings
   * @throws IllegalArgumentException as {@link Mlfq#Mlfq}
   */
  public Mlfq withAllotments(long... levelAllotments) {
    List<Long> a = new ArrayList<>(levelAllotments.length);
    for (long v : levelAllotments) {
      a.add(v);
    }
    return new Mlfq(quanta, a, boostPeriod, afterIo);
  }

  /**
   * These settings with a priority boost every {@code period} time units.
   *
   * @param period the period; 0 for none
   * @return new settings
   * @throws IllegalArgumentException if {@code period < 0}
   */
  public Mlfq withBoost(long period) {
    return new Mlfq(quanta, allotments, period, afterIo);
  }

  /**
   * These settings with another rule for jobs back from I/O.
   *
   * @param rule the rule
   * @return new settings
   */
  public Mlfq withAfterIo(AfterIo rule) {
    return new Mlfq(quanta, allotments, boostPeriod, rule);
  }

  /**
   * The number of levels.
   *
   * @return the number of quanta
   */
  public int levels() {
    return quanta.size();
  }

  /**
   * The quantum of a level.
   *
   * @param level 0 for the top
   * @return its quantum
   */
  public long quantum(int level) {
    return quanta.get(level);
  }

  /**
   * The allotment of a level.
   *
   * @param level 0 for the top
   * @return its allotment
   */
  public long allotment(int level) {
    return allotments.get(level);
  }

  /**
   * The settings in words, for titles: {@code 3 levels, quanta 4/8/16, allotments = quanta, no
   * boost, I/O keeps the level}.
   *
   * @return a description
   */
  public String describe() {
    String a = allotments.equals(quanta) ? "allotments = quanta" : "allotments " + join(allotments);
    return quanta.size()
        + " levels, quanta "
        + join(quanta)
        + ", "
        + a
        + ", "
        + (boostPeriod == 0 ? "no boost" : "boost every " + boostPeriod)
        + ", "
        + (afterIo == AfterIo.KEEP ? "I/O keeps the level" : "I/O raises the level");
  }

  private static String join(List<Long> values) {
    StringBuilder text = new StringBuilder();
    for (long v : values) {
      text.append(text.isEmpty() ? "" : "/").append(v == UNLIMITED ? "inf" : Long.toString(v));
    }
    return text.toString();
  }
}
