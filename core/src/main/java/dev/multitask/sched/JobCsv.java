package dev.multitask.sched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Job sets as CSV text: a header line {@code name,arrival,burst} or {@code
 * name,arrival,burst,priority}, then one job per line. {@code burst} is one CPU burst ({@code 5})
 * or CPU and I/O bursts alternating, CPU first and last, separated by {@code /} ({@code 5/2/3}: 5
 * CPU, 2 I/O, 3 CPU). Blank lines and lines starting with {@code #} are skipped; spaces around
 * values are ignored. Without a priority column every priority is 0.
 *
 * <pre>
 * # name,arrival,burst,priority
 * name,arrival,burst,priority
 * P1,0,5/2/3,2
 * P2,1,4,1
 * </pre>
 *
 * <p>Every error is a {@link JobFormatException} naming the line and the bad value: a missing or
 * different header, a wrong number of fields, an empty name, a name seen before, a value that is
 * not a whole number, a negative arrival, a burst that is not positive, bursts that end with I/O,
 * no jobs at all.
 */
public final class JobCsv {
  /** The header without a priority column. */
  public static final String HEADER = "name,arrival,burst";

  /** The header with a priority column. */
  public static final String HEADER_WITH_PRIORITY = "name,arrival,burst,priority";

  private JobCsv() {}

  /**
   * Reads a job file; the job set is named after the file.
   *
   * @param file the file, UTF-8
   * @return its jobs, in file order
   * @throws IOException if it cannot be read
   * @throws JobFormatException if its content is not a job set
   */
  public static JobSet read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path name = file.getFileName();
    return parse(name == null ? file.toString() : name.toString(), text);
  }

  /**
   * Parses job-set text.
   *
   * @param source the job set's name, used in error messages too
   * @param text the CSV text
   * @return its jobs, in text order
   * @throws JobFormatException if the text is not a job set
   */
  public static JobSet parse(String source, String text) {
    List<String> lines = text.lines().toList();
    boolean withPriority = false;
    boolean header = false;
    List<Job> jobs = new ArrayList<>();
    Map<String, Integer> lineOfName = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int n = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!header) {
        String h = line.replace(" ", "").replace("\t", "").toLowerCase(Locale.ROOT);
        if (!h.equals(HEADER) && !h.equals(HEADER_WITH_PRIORITY)) {
          throw new JobFormatException(
              source,
              n,
              "expected the header '"
                  + HEADER
                  + "' or '"
                  + HEADER_WITH_PRIORITY
                  + "', found '"
                  + line
                  + "'");
        }
        withPriority = h.equals(HEADER_WITH_PRIORITY);
        header = true;
        continue;
      }
      Job job = job(source, n, line, withPriority);
      Integer first = lineOfName.putIfAbsent(job.name(), n);
      if (first != null) {
        throw new JobFormatException(
            source, n, "duplicate job name '" + job.name() + "' (first on line " + first + ")");
      }
      jobs.add(job);
    }
    if (!header) {
      throw new JobFormatException(
          source,
          0,
          "no header: the first line must be '"
              + HEADER_WITH_PRIORITY
              + "' (priority optional), then one job per line");
    }
    if (jobs.isEmpty()) {
      throw new JobFormatException(
          source, 0, "no jobs: write one job per line after the header, e.g. 'P1,0,5/2/3'");
    }
    return new JobSet(source, jobs);
  }

  private static Job job(String source, int n, String line, boolean withPriority) {
    String[] fields = line.split(",", -1);
    int expected = withPriority ? 4 : 3;
    if (fields.length != expected) {
      throw new JobFormatException(
          source,
          n,
          "expected "
              + expected
              + " fields ("
              + (withPriority ? HEADER_WITH_PRIORITY : HEADER)
              + "), found "
              + fields.length
              + ": '"
              + line
              + "'");
    }
    String name = fields[0].strip();
    if (name.isEmpty()) {
      throw new JobFormatException(source, n, "the job has no name: '" + line + "'");
    }
    long arrival = number(source, n, "arrival", fields[1]);
    if (arrival < 0) {
      throw new JobFormatException(source, n, "arrival must be >= 0: arrival=" + arrival);
    }
    if (arrival > Job.MAX_TIME) {
      throw new JobFormatException(
          source, n, "arrival must be <= " + Job.MAX_TIME + ": arrival=" + arrival);
    }
    List<Long> bursts = bursts(source, n, fields[2].strip());
    long priority = withPriority ? number(source, n, "priority", fields[3]) : 0;
    if (priority < Integer.MIN_VALUE || priority > Integer.MAX_VALUE) {
      throw new JobFormatException(source, n, "priority must fit an int: priority=" + priority);
    }
    return new Job(name, arrival, bursts, (int) priority);
  }

  private static List<Long> bursts(String source, int n, String text) {
    if (text.isEmpty()) {
      throw new JobFormatException(
          source, n, "burst is empty: write one CPU burst (5) or CPU/I-O/CPU... bursts (5/2/3)");
    }
    String[] parts = text.split("/", -1);
    List<Long> bursts = new ArrayList<>(parts.length);
    for (int p = 0; p < parts.length; p++) {
      String kind = p % 2 == 0 ? "CPU" : "I/O";
      long b = number(source, n, kind + " burst " + (p + 1) + " of '" + text + "'", parts[p]);
      if (b <= 0) {
        throw new JobFormatException(
            source, n, kind + " burst " + (p + 1) + " of '" + text + "' must be > 0: burst=" + b);
      }
      if (b > Job.MAX_TIME) {
        throw new JobFormatException(
            source,
            n,
            kind
                + " burst "
                + (p + 1)
                + " of '"
                + text
                + "' must be <= "
                + Job.MAX_TIME
                + ": burst="
                + b);
      }
      bursts.add(b);
    }
    if (parts.length % 2 == 0) {
      throw new JobFormatException(
          source,
          n,
          "burst '"
              + text
              + "' ends with an I/O burst: CPU and I/O bursts"
              + " alternate, CPU first and last (e.g. 5/2/3)");
    }
    return bursts;
  }

  private static long number(String source, int n, String what, String field) {
    String value = field.strip();
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new JobFormatException(source, n, what + " is not a whole number: '" + value + "'");
    }
  }

  /**
   * Writes a job set as CSV text that {@link #parse} reads back; with a priority column when a job
   * has a priority other than 0.
   *
   * @param jobs the jobs
   * @return the text, a header and one line per job
   */
  public static String write(JobSet jobs) {
    boolean withPriority = jobs.jobs().stream().anyMatch(j -> j.priority() != 0);
    StringBuilder text =
        new StringBuilder(withPriority ? HEADER_WITH_PRIORITY : HEADER).append('\n');
    for (Job j : jobs.jobs()) {
      text.append(j.name()).append(',').append(j.arrival()).append(',').append(j.burstText());
      if (withPriority) {
        text.append(',').append(j.priority());
      }
      text.append('\n');
    }
    return text.toString();
  }
}
