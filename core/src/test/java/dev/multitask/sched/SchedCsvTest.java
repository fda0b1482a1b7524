package dev.multitask.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job files: what {@link JobCsv} reads, and a clear error naming the line and value for each bad
 * input.
 */
class SchedCsvTest {
  private static JobFormatException bad(String text) {
    return assertThrows(JobFormatException.class, () -> JobCsv.parse("jobs.csv", text));
  }

  private static void assertBad(String text, int line, String... fragments) {
    JobFormatException e = bad(text);
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("jobs.csv" + (line > 0 ? " line " + line + ": " : ": ")),
        e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
    }
  }

  @Test
  void parse_burstsPriorityCommentsAndSpaces_readsEveryJob() {
    JobSet jobs =
        JobCsv.parse(
            "jobs.csv",
            """
            # a comment, then a blank line

            name, arrival, burst, priority
            P1, 0, 5/2/3, 2
              P2,1,4,1
            """);
    assertEquals("jobs.csv", jobs.name());
    assertEquals(
        List.of(new Job("P1", 0, List.of(5L, 2L, 3L), 2), new Job("P2", 1, List.of(4L), 1)),
        jobs.jobs());
  }

  @Test
  void parse_withoutPriorityColumn_priorityIsZero() {
    JobSet jobs = JobCsv.parse("jobs.csv", "name,arrival,burst\nA,0,3\n");
    assertEquals(List.of(Job.of("A", 0, 3)), jobs.jobs());
  }

  @Test
  void write_thenParse_givesTheSameJobs() {
    for (Textbook.Example e : Textbook.all()) {
      assertEquals(
          e.jobs().jobs(), JobCsv.parse(e.name(), JobCsv.write(e.jobs())).jobs(), e.name());
    }
    assertTrue(
        JobCsv.write(Textbook.find("silberschatz-priority").orElseThrow().jobs())
            .startsWith(JobCsv.HEADER_WITH_PRIORITY + "\n"));
    assertEquals(
        "name,arrival,burst\nA,0,4/3/2\nB,1,3\nC,2,2/2/1\n",
        JobCsv.write(Textbook.find("io-mix").orElseThrow().jobs()));
  }

  @Test
  void read_file_namesTheSetAfterTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.csv");
    Files.writeString(file, "name,arrival,burst\nA,0,3\n");
    assertEquals("mine.csv", JobCsv.read(file).name());
  }

  @Test
  void parse_missingHeader_isAnErrorOnTheFirstLine() {
    assertBad("A,0,3\n", 1, "expected the header 'name,arrival,burst'", "found 'A,0,3'");
  }

  @Test
  void parse_headerAfterComments_isFoundWhereItIs() {
    assertBad("# jobs\nname,arrival\nA,0\n", 2, "expected the header", "found 'name,arrival'");
  }

  @Test
  void parse_emptyText_saysThereIsNoHeader() {
    assertBad("", 0, "no header");
    assertBad("# only a comment\n", 0, "no header");
  }

  @Test
  void parse_onlyHeader_saysThereAreNoJobs() {
    assertBad("name,arrival,burst\n", 0, "no jobs");
  }

  @Test
  void parse_wrongFieldCount_namesTheLineAndCounts() {
    assertBad("name,arrival,burst\nA,0,3\nB,1\n", 3, "expected 3 fields", "found 2", "'B,1'");
    assertBad("name,arrival,burst,priority\nA,0,3\n", 2, "expected 4 fields", "found 3");
    assertBad("name,arrival,burst\nA,0,3,1\n", 2, "expected 3 fields", "found 4");
  }

  @Test
  void parse_emptyName_isAnError() {
    assertBad("name,arrival,burst\n ,0,3\n", 2, "no name");
  }

  @Test
  void parse_duplicateName_namesBothLines() {
    assertBad(
        "name,arrival,burst\nA,0,3\nB,0,2\nA,1,1\n",
        4,
        "duplicate job name 'A'",
        "first on line 2");
  }

  @Test
  void parse_arrivalNotANumber_namesTheValue() {
    assertBad("name,arrival,burst\nA,soon,3\n", 2, "arrival is not a whole number: 'soon'");
    assertBad("name,arrival,burst\nA,1.5,3\n", 2, "arrival is not a whole number: '1.5'");
  }

  @Test
  void parse_negativeArrival_isAnError() {
    assertBad("name,arrival,burst\nA,-1,3\n", 2, "arrival must be >= 0: arrival=-1");
  }

  @Test
  void parse_zeroOrNegativeBurst_namesTheBurst() {
    assertBad("name,arrival,burst\nA,0,0\n", 2, "CPU burst 1 of '0' must be > 0: burst=0");
    assertBad(
        "name,arrival,burst\nA,0,5/-2/3\n", 2, "I/O burst 2 of '5/-2/3' must be > 0: burst=-2");
  }

  @Test
  void parse_burstNotANumber_namesThePart() {
    assertBad(
        "name,arrival,burst\nA,0,5/x/3\n", 2, "I/O burst 2 of '5/x/3' is not a whole number: 'x'");
    assertBad(
        "name,arrival,burst\nA,0,5//3\n", 2, "I/O burst 2 of '5//3' is not a whole number: ''");
  }

  @Test
  void parse_burstsEndingWithIo_isAnError() {
    assertBad(
        "name,arrival,burst\nA,0,5/2\n",
        2,
        "burst '5/2' ends with an I/O burst",
        "CPU first and last");
  }

  @Test
  void parse_emptyBurst_isAnError() {
    assertBad("name,arrival,burst\nA,0,\n", 2, "burst is empty");
  }

  @Test
  void parse_priorityNotANumber_namesTheValue() {
    assertBad(
        "name,arrival,burst,priority\nA,0,3,high\n", 2, "priority is not a whole number: 'high'");
    assertBad("name,arrival,burst,priority\nA,0,3,9999999999\n", 2, "priority must fit an int");
  }

  @Test
  void parse_hugeTimes_areRejectedBeforeTheyCanOverflow() {
    assertBad("name,arrival,burst\nA,0,99999999999999\n", 2, "must be <= " + Job.MAX_TIME);
    assertBad("name,arrival,burst\nA,99999999999999,1\n", 2, "arrival must be <= " + Job.MAX_TIME);
  }
}
