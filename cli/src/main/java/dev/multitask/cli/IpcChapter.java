package dev.multitask.cli;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chapter 2: how processes pass data. A pipe between this JVM and a child, a queue shared by
 * producer and consumer processes, the three orders a queue can have, a bounded queue whose {@code
 * put} waits for a taker, and a closed queue that ends a waiting {@code take}.
 */
final class IpcChapter implements Chapter {
  private static final List<Integer> NUMBERS = List.of(3, 1, 4, 1, 5);

  /**
   * A product on the shared queue, with the process that made it.
   *
   * @param name such as {@code A2}: the second product of producer A
   * @param madeBy the producer's pid
   */
  record Product(String name, long madeBy) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * A product as a consumer took it.
   *
   * @param product the product
   * @param takenBy the consumer's pid
   */
  record Delivery(Product product, long takenBy) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * Something that happened, on the wall clock, which all processes of the machine share.
   *
   * @param epochMillis when
   * @param who which process: "this JVM" or "child PID"
   * @param what what it did
   */
  record Event(long epochMillis, String who, String what) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    static Event now(String who, String what) {
      return new Event(System.currentTimeMillis(), who, what);
    }
  }

  /**
   * What a consumer saw until its take ended on the closed queue.
   *
   * @param events what it did, when
   * @param message the message of the {@link QueueClosedException} that ended it
   */
  record Closed(List<Event> events, String message) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  @Override
  public String name() {
    return "ipc";
  }

  @Override
  public String title() {
    return "pipes and queues: passing data between processes";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    out.println(
        "Processes share no objects, so they pass data: a Pipe connects two ends, a Queue is");
    out.println(
        "shared by any number of processes. Both live in shared memory that every child JVM");
    out.println(
        "maps; a message is serialized when it is sent and copied out when it is received.");
    out.println("This JVM is pid " + Multitask.currentProcess().pid() + ".");
    out.println();
    out.flush();
    try (Context processes = Multitask.processes(ProcessOptions.defaults().standby(2))) {
      pipe(out, processes);
      producersAndConsumers(out, processes);
      orders(out, processes);
      bounded(out, processes);
      closing(out, processes);
    }
  }

  private static void pipe(PrintWriter out, Context processes) throws Exception {
    out.println("Pipe: a child process and this JVM, one end each (multitask examples pipe-hello)");
    out.flush();
    Pipe<String> pipe = processes.pipe();
    Connection<String> childEnd = pipe.left();
    Connection<String> parentEnd = pipe.right();
    Job<String> child = processes.start(() -> pipeChild(childEnd));
    long me = Multitask.currentProcess().pid();
    out.println("  child " + child.pid() + " -> this JVM " + me + ": " + parentEnd.recv());
    parentEnd.send("hi son");
    // the child hands back what it received as its result, since its own prints go elsewhere
    out.println("  this JVM " + me + " -> child " + child.pid() + ": " + ChildJobs.resultOf(child));
    out.println(
        "Each recv() waits for the other side's send(), so the two messages cross in order.");
    out.println();
  }

  private static String pipeChild(Connection<String> end) throws InterruptedException {
    end.send("hello world");
    return end.recv();
  }

  private static void producersAndConsumers(PrintWriter out, Context processes) throws Exception {
    out.println("Queue: 2 producer processes put 3 products each, 2 consumer processes take them");
    out.flush();
    Queue<Product> q = processes.queue();
    // consumers first: both are waiting in take() when the first product arrives
    List<Job<List<Delivery>>> consumers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      consumers.add(processes.start(() -> consume(q)));
    }
    List<Job<Void>> producers = new ArrayList<>();
    for (String producer : List.of("A", "B")) {
      producers.add(processes.start(() -> produce(q, producer)));
    }
    for (Job<Void> p : producers) {
      ChildJobs.resultOf(p);
    }
    q.close(); // nothing more will come: the consumers drain the queue, then their take throws
    List<Delivery> deliveries = new ArrayList<>();
    for (Job<List<Delivery>> c : consumers) {
      deliveries.addAll(ChildJobs.resultOf(c));
    }
    deliveries.sort(Comparator.comparing(d -> d.product().name()));
    Table table = new Table("product", "made by pid", "taken by pid").alignRight(1, 2);
    for (Delivery d : deliveries) {
      table.row(
          d.product().name(), Long.toString(d.product().madeBy()), Long.toString(d.takenBy()));
    }
    table.print(out);
    long takers = deliveries.stream().map(Delivery::takenBy).distinct().count();
    long distinct = deliveries.stream().map(d -> d.product().name()).distinct().count();
    String once =
        distinct == 6 && deliveries.size() == 6 ? "each taken once" : "NOT each taken once";
    out.println(
        "6 products made, "
            + once
            + ", by "
            + takers
            + " consumer process"
            + (takers == 1 ? "" : "es")
            + ";");
    out.println("which consumer takes a product is up to the scheduler.");
    out.println();
  }

  private static void produce(Queue<Product> q, String producer) throws InterruptedException {
    long pid = Multitask.currentProcess().pid();
    for (int i = 1; i <= 3; i++) {
      q.put(new Product(producer + i, pid));
      Thread.sleep(100); // give both consumers a turn
    }
  }

  private static List<Delivery> consume(Queue<Product> q) throws InterruptedException {
    long pid = Multitask.currentProcess().pid();
    List<Delivery> got = new ArrayList<>();
    try {
      while (true) {
        got.add(new Delivery(q.take(), pid));
      }
    } catch (QueueClosedException closedAndDrained) {
      return got;
    }
  }

  private static void orders(PrintWriter out, Context processes) throws Exception {
    out.println(
        "Order: a child puts " + join(NUMBERS) + " into three queues; this JVM takes them out");
    out.flush();
    Queue<Integer> fifo = processes.queue();
    Queue<Integer> lifo = processes.lifoQueue(0);
    Queue<Integer> priority = processes.priorityQueue(0);
    ChildJobs.resultOf(
        processes.start(
            () -> {
              for (int n : NUMBERS) {
                fifo.put(n);
                lifo.put(n);
                priority.put(n);
              }
            }));
    Table table = new Table("queue", "as Python's", "taken");
    table.row("queue()", "Queue", join(drain(fifo)));
    table.row("lifoQueue(0)", "LifoQueue", join(drain(lifo)));
    table.row("priorityQueue(0)", "PriorityQueue", join(drain(priority)));
    table.print(out);
    out.println(
        "FIFO keeps the order, LIFO reverses it, a priority queue gives the least element first.");
    out.println();
  }

  private static void bounded(PrintWriter out, Context processes) throws Exception {
    out.println("Bounded: queue(2) holds 2 elements; a third put waits until a consumer takes one");
    out.flush();
    Queue<Integer> q = processes.queue(2);
    long start = System.currentTimeMillis();
    Job<List<Event>> consumer = processes.start(() -> slowConsumer(q));
    String me = "this JVM";
    List<Event> mine = new ArrayList<>();
    q.put(1);
    mine.add(Event.now(me, "put(1) returned"));
    q.put(2);
    mine.add(Event.now(me, "put(2) returned; the queue is full"));
    mine.add(Event.now(me, "put(3) called: it waits"));
    q.put(3);
    mine.add(Event.now(me, "put(3) returned"));
    // the consumer's events first: on the same millisecond its take comes before put(3) returns
    List<Event> events = new ArrayList<>(ChildJobs.resultOf(consumer));
    events.addAll(mine);
    printTimeline(out, start, events);
    out.println(
        "put(3) returned when the consumer had made room: a full queue holds the producer back.");
    out.println();
  }

  private static List<Event> slowConsumer(Queue<Integer> q) throws InterruptedException {
    String me = "child " + Multitask.currentProcess().pid();
    List<Event> events = new ArrayList<>();
    Thread.sleep(1000); // long enough for the producer to fill the queue and wait
    for (int i = 0; i < 3; i++) {
      // stamped before the call, which does not wait (the queue is full), so that the stamp is
      // not later than the producer's "put(3) returned", which this take causes
      long at = System.currentTimeMillis();
      int n = q.take();
      events.add(new Event(at, me, "took " + n));
      Thread.sleep(200);
    }
    return events;
  }

  private static void closing(PrintWriter out, Context processes) throws Exception {
    out.println("Closing: a consumer waits in take() on an empty queue; close() ends the wait");
    out.flush();
    Queue<String> q = processes.queue();
    long start = System.currentTimeMillis();
    String me = "this JVM";
    List<Event> events = new ArrayList<>();
    q.put("a");
    q.put("b");
    events.add(Event.now(me, "put a, b"));
    Job<Closed> consumer = processes.start(() -> consumeUntilClosed(q));
    while (!q.isEmpty() && consumer.isAlive()) {
      Thread.sleep(10);
    }
    Thread.sleep(500); // the consumer has taken a and b and now waits in take()
    events.add(Event.now(me, "close()"));
    q.close();
    String putAfterClose;
    try {
      q.put("c");
      putAfterClose = "put(c) after close() succeeded";
      events.add(Event.now(me, putAfterClose));
    } catch (QueueClosedException e) {
      events.add(Event.now(me, "put(c) threw QueueClosedException"));
      putAfterClose = "put(c) threw: " + e.getMessage();
    }
    Closed consumed = ChildJobs.resultOf(consumer);
    events.addAll(consumed.events());
    printTimeline(out, start, events);
    out.println(putAfterClose);
    out.println("take() threw: " + consumed.message());
    out.println(
        "Without close() the consumer would wait forever; Python's usual fix is an end mark");
    out.println(
        "(None) per consumer. After close() takers first drain what is left, then take throws.");
  }

  private static Closed consumeUntilClosed(Queue<String> q) throws InterruptedException {
    String me = "child " + Multitask.currentProcess().pid();
    List<Event> events = new ArrayList<>();
    try {
      while (true) {
        if (q.isEmpty()) {
          events.add(Event.now(me, "take() on the empty queue: waits"));
        }
        String s = q.take();
        events.add(Event.now(me, "took " + s));
      }
    } catch (QueueClosedException e) {
      events.add(Event.now(me, "take() threw QueueClosedException"));
      return new Closed(events, e.getMessage());
    }
  }

  private static void printTimeline(PrintWriter out, long startMillis, List<Event> events) {
    Table table = new Table("time", "process", "what").alignRight(0);
    events.stream()
        .sorted(Comparator.comparingLong(Event::epochMillis)) // stable: ties keep the list's order
        .forEach(
            e ->
                table.row(
                    String.format(Locale.ROOT, "%.2f s", (e.epochMillis() - startMillis) / 1e3),
                    e.who(),
                    e.what()));
    table.print(out);
  }

  private static <T> List<T> drain(Queue<T> q) {
    List<T> all = new ArrayList<>();
    q.drainTo(all);
    return all;
  }

  private static String join(List<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
