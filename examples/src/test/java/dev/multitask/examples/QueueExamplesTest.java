package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The queue and pipe examples of the tutorials, each run in a fresh JVM. Children write straight to
 * the same standard output, so a line printed before a put comes before the line printed after the
 * matching take.
 */
class QueueExamplesTest {
  @Test
  void pipeHello_bothMessagesCrossInOrder() {
    ExampleRun run = ExampleRun.of("pipe-hello").assertSucceeded();
    assertEquals(List.of("main received: hello world", "child received: hi son"), run.lines());
  }

  @Test
  void queueFooBar_messageCrossesBetweenTwoChildren() {
    ExampleRun run = ExampleRun.of("queue-foo-bar").assertSucceeded();
    long main = run.numbers("^main: pid=(\\d+)$").getFirst()[0];
    long bar = run.numbers("^bar \\(pid=(\\d+)\\) put: hello world!$").getFirst()[0];
    long foo = run.numbers("^foo \\(pid=(\\d+)\\) got: hello world!$").getFirst()[0];
    assertEquals(
        3, Set.of(main, bar, foo).size(), "main, bar and foo are three processes\n" + run.output());
    assertEquals(3, run.lines().size(), run.output());
  }

  @Test
  void producerConsumer_everyProductConsumedOnce() {
    ExampleRun run = ExampleRun.of("producer-consumer").assertSucceeded();
    List<long[]> produced = run.numbers("^\\+produced product (\\d+) \\(pid (\\d+)\\)$");
    List<long[]> consumed = run.numbers("^-consumed product (\\d+) \\(pid (\\d+)\\)$");
    List<Long> all = LongStream.range(0, 30).boxed().toList();
    assertEquals(all, produced.stream().map(p -> p[0]).sorted().toList(), run.output());
    assertEquals(
        all, consumed.stream().map(c -> c[0]).sorted().toList(), "each product consumed once");
    assertEquals(10, produced.stream().map(p -> p[1]).distinct().count(), "ten producer processes");
    Set<Long> producers = new HashSet<>(produced.stream().map(p -> p[1]).toList());
    consumed.forEach(c -> assertFalse(producers.contains(c[1]), "consumers are other processes"));
    long[] perConsumer =
        run.numbers("^products per consumer: \\[(\\d+)" + ", (\\d+)".repeat(9) + "\\]$").getFirst();
    assertEquals(30, LongStream.of(perConsumer).sum(), run.output());
    assertEquals(
        run.lines().size() - 1, run.indexOf("^consumed 30 products, each once$"), run.output());
  }

  @Test
  void queueWriterReader_readsABCThenReaderIsTerminated() {
    ExampleRun run = ExampleRun.of("queue-writer-reader").assertSucceeded();
    long writer = run.numbers("^Process to write: (\\d+)$").getFirst()[0];
    long reader = run.numbers("^Process to read: (\\d+)$").getFirst()[0];
    assertNotEquals(writer, reader);
    int previousGet = -1;
    for (String value : List.of("A", "B", "C")) {
      int put = run.indexOf("^Put " + value + " to queue\\.\\.\\.$");
      int get = run.indexOf("^Get " + value + " from queue\\.$");
      assertTrue(
          put < get && previousGet < get,
          value + " is read after it is put, in order\n" + run.output());
      previousGet = get;
    }
    int terminating = run.indexOf("^main: the writer has ended");
    assertTrue(previousGet < terminating, run.output());
    int terminated = run.indexOf("^main: reader terminated, alive=false, exit code=-15$");
    assertEquals(
        run.lines().size() - 1,
        terminated,
        "nothing after the reader was terminated\n" + run.output());
  }

  @Test
  void queueFifo_firstInFirstOutAndEmptyHandled() {
    ExampleRun run = ExampleRun.of("queue-fifo").assertSucceeded();
    int first = run.indexOf("^1$");
    assertEquals(List.of("1", "2", "3"), run.lines().subList(first, first + 3));
    run.indexOf("^put_nowait\\(4\\): queue\\.Full, handled");
    assertEquals(
        run.lines().size() - 1,
        run.indexOf("^get_nowait\\(\\): queue\\.Empty, handled"),
        run.output());
  }

  @Test
  void queueLifo_takesTwoOneZero() {
    assertEquals(List.of("2", "1", "0"), ExampleRun.of("queue-lifo").assertSucceeded().lines());
  }

  @Test
  void queuePriority_lowestPriorityFirst() {
    assertEquals(
        List.of("(2, 'B')", "(8, 'A')"), ExampleRun.of("queue-priority").assertSucceeded().lines());
  }

  @Test
  void producerConsumerThreads_fourItemsProducedAndConsumed() {
    ExampleRun run = ExampleRun.of("producer-consumer-threads").assertSucceeded();
    int previous = -1;
    for (int i = 1; i <= 4; i++) {
      int producing = run.indexOf("^Producer is producing " + i + " to the queue!$");
      int consuming = run.indexOf("^Consumer is consuming " + i + " in the queue\\.$");
      assertTrue(
          producing < consuming && previous < consuming,
          "item " + i + " in order\n" + run.output());
      previous = consuming;
    }
    run.indexOf("^Producer finished!$");
    assertTrue(previous < run.indexOf("^Consumer finished!$"), run.output());
    assertEquals(run.lines().size() - 1, run.indexOf("^All threads finished!$"), run.output());
  }
}
