package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.examples.Examples;
import dev.multitask.examples.Examples.Example;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exit codes and messages of the command line, without the tour's measurements. */
class MainTest {
  @Test
  void noCommand_isAUsageError() {
    CliRun run = CliRun.of();
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("missing command"), run.toString());
  }

  @Test
  void help_printsTheCommandsAndSucceeds() {
    CliRun run = CliRun.of("--help");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("tour") && run.out().contains("examples"), run.toString());
  }

  @Test
  void unknownOption_isAUsageError() {
    CliRun run = CliRun.of("--no-such-option");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--no-such-option"), run.toString());
  }

  @Test
  void unknownCommand_isAUsageErrorWithSuggestions() {
    CliRun run = CliRun.of("exampels");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("examples"), run.toString());
  }

  @Test
  void examples_listsEveryExampleInOrder() {
    CliRun run = CliRun.of("examples");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    List<String> listed =
        run.outLines().stream()
            .filter(l -> l.startsWith("  "))
            .map(l -> l.trim().split("\\s+", 2)[0])
            .toList();
    assertEquals(Examples.all().stream().map(Example::name).toList(), listed);
    for (Example e : Examples.all()) {
      assertTrue(run.out().contains(e.shows()), "the one-liner of " + e.name());
    }
  }

  @Test
  void examplesList_isTheSameAsExamples() {
    assertEquals(CliRun.of("examples").out(), CliRun.of("examples", "list").out());
  }

  @Test
  void examples_unknownNameIsAUsageErrorListingCloseNames() {
    CliRun run = CliRun.of("examples", "proces-join");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("no example named 'proces-join'"), run.toString());
    assertTrue(run.err().contains("did you mean: process-join"), run.toString());
  }

  @Test
  void examples_wordOfANameFindsTheExamplesWithIt() {
    CliRun run = CliRun.of("examples", "daemon");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(
        run.err().contains("process-daemon") && run.err().contains("thread-daemon"),
        run.toString());
  }

  @Test
  void examples_nameWithNothingCloseSaysHowToList() {
    CliRun run = CliRun.of("examples", "qqqqqqqq");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("run 'multitask examples' to list them"), run.toString());
  }

  @Test
  void examples_runsOneAndSucceeds() {
    assertEquals(Main.OK, CliRun.of("examples", "thread-class").exitCode());
  }

  @Test
  void examples_passesOptionLikeArgumentsToTheExample() {
    // '-7' would be an unknown option to picocli; after NAME it belongs to the example
    CliRun run = CliRun.of("examples", "process-class", "Tom", "-7");
    assertEquals(Main.OK, run.exitCode(), run.toString());
  }

  @Test
  void examples_failingExampleExitsWithFailure() {
    CliRun run = CliRun.of("examples", "process-class", "Tom", "not-a-number");
    assertEquals(Main.FAILURE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("NumberFormatException"), run.toString());
  }

  @Test
  void tour_unknownChapterIsAUsageErrorListingTheChapters() {
    CliRun run = CliRun.of("tour", "--chapter", "99");
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("1 (parallelism), 2 (ipc), 3 (sync)"), run.toString());
  }

  @Test
  void tourSelect_findsChaptersByNumberNameOrAll() {
    assertEquals(List.of(0), TourCommand.select("1"));
    assertEquals(List.of(0), TourCommand.select("Parallelism"));
    assertEquals(List.of(1), TourCommand.select("2"));
    assertEquals(List.of(1), TourCommand.select("ipc"));
    assertEquals(List.of(2), TourCommand.select("3"));
    assertEquals(List.of(2), TourCommand.select("sync"));
    assertEquals(TourCommand.CHAPTERS.size(), TourCommand.select("all").size());
    assertEquals(List.of(), TourCommand.select("0"));
  }

  @Test
  void tour_chapterWithoutValueIsAUsageError() {
    assertEquals(Main.USAGE, CliRun.of("tour", "--chapter").exitCode());
  }
}
