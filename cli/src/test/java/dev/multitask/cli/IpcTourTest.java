package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's chapter 2 (pipes and queues), read from the whole tour run once ({@link TourRuns}):
 * the messages and pids of each demonstration, the three queue orders, and the order of events in
 * the two timelines. Times are only compared with each other, never with a fixed bound.
 */
class IpcTourTest {
  private static final long SELF = ProcessHandle.current().pid();

  private static CliRun run;
  private static ChapterOutput output;

  /**
   * One line of a timeline.
   *
   * @param seconds since the demonstration started
   * @param process "this JVM" or "child PID"
   * @param what what happened
   */
  record Event(double seconds, String process, String what) {}

  @BeforeAll
  static void readTheChapter() {
    run = TourRuns.chapter("ipc");
    output = new ChapterOutput(run);
  }

  @Test
  void chapter_inTheWholeTour_startsWithItsNumberAndTitle() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Chapter 2: pipes and queues"), run.toString());
  }

  @Test
  void pipe_messagesCrossInOrderBetweenThisJvmAndAChild() {
    int hello = output.lineIndex("^  child (\\d+) -> this JVM (\\d+): hello world$");
    int hi = output.lineIndex("^  this JVM (\\d+) -> child (\\d+): hi son$");
    assertTrue(hello < hi, run.out());
    long[] first = output.numbers(hello, "^  child (\\d+) -> this JVM (\\d+)");
    long[] second = output.numbers(hi, "^  this JVM (\\d+) -> child (\\d+)");
    assertEquals(SELF, first[1]);
    assertEquals(SELF, second[0]);
    assertEquals(first[0], second[1], "the same child both ways");
    assertNotEquals(SELF, first[0], "the child is another process");
  }

  @Test
  void queue_eachProductTakenOnceByAnotherProcess() {
    List<List<String>> rows = output.table("Queue:");
    assertEquals(
        List.of("A1", "A2", "A3", "B1", "B2", "B3"), rows.stream().map(r -> r.get(0)).toList());
    Set<String> makers = new HashSet<>();
    for (List<String> row : rows) {
      makers.add(row.get(1));
      assertNotEquals(Long.toString(SELF), row.get(1), "made in a child");
      assertNotEquals(Long.toString(SELF), row.get(2), "taken in a child");
      assertNotEquals(row.get(1), row.get(2), "taken by a consumer, not its producer");
    }
    assertEquals(2, makers.size(), "two producer processes");
    assertTrue(run.out().contains("6 products made, each taken once"), run.out());
  }

  @Test
  void order_fifoLifoPriority() {
    List<List<String>> rows = output.table("Order:");
    assertEquals(
        List.of(
            List.of("queue()", "Queue", "3, 1, 4, 1, 5"),
            List.of("lifoQueue(0)", "LifoQueue", "5, 1, 4, 1, 3"),
            List.of("priorityQueue(0)", "PriorityQueue", "1, 1, 3, 4, 5")),
        rows);
  }

  @Test
  void bounded_thirdPutWaitsUntilTheConsumerTakes() {
    List<Event> events = timeline("Bounded:");
    int called = indexOf(events, "put(3) called: it waits");
    int returned = indexOf(events, "put(3) returned");
    int took1 = indexOf(events, "took 1");
    assertTrue(
        called < took1 && took1 < returned, "put(3) returns after the first take\n" + run.out());
    int full = indexOf(events, "put(2) returned; the queue is full");
    assertTrue(events.get(full).seconds() <= events.get(called).seconds(), run.out());
    // the consumer sleeps 1 s before its first take
    assertTrue(events.get(returned).seconds() - events.get(called).seconds() >= 0.9, run.out());
    assertTrue(events.get(indexOf(events, "took 3")).process().startsWith("child "), run.out());
  }

  @Test
  void closing_endsTheWaitingTakeWithQueueClosedException() {
    List<Event> events = timeline("Closing:");
    int tookB = indexOf(events, "took b");
    int waits = indexOf(events, "take() on the empty queue: waits");
    int close = indexOf(events, "close()");
    int threw = indexOf(events, "take() threw QueueClosedException");
    assertTrue(
        indexOf(events, "took a") < tookB && tookB < waits && waits < close && close < threw,
        "the consumer drains a and b, waits, and its take ends after close()\n" + run.out());
    assertTrue(
        events.get(threw).seconds() - events.get(waits).seconds() >= 0.4,
        "it really waited\n" + run.out());
    assertEquals(
        "this JVM", events.get(indexOf(events, "put(c) threw QueueClosedException")).process());
    assertTrue(run.out().contains("\nput(c) threw: "), run.out());
    assertTrue(
        run.outLines().get(output.lineIndex("^take\\(\\) threw: ")).contains("closed"), run.out());
  }

  private static List<Event> timeline(String title) {
    return output.table(title).stream()
        .map(r -> new Event(ChapterOutput.seconds(r.get(0)), r.get(1), r.get(2)))
        .toList();
  }

  private static int indexOf(List<Event> events, String what) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).what().equals(what)) {
        found.add(i);
      }
    }
    assertEquals(1, found.size(), "one event '" + what + "' in " + events);
    return found.getFirst();
  }
}
