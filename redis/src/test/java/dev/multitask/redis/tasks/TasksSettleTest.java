package dev.multitask.redis.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.redis.LocalRedis;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's batch step ({@link Tasks#settle}) on a server of its own (no workers that would take
 * the items): acknowledgements posted with their reports, at most the room taken, and a retry of a
 * step whose reply was lost returning what the first attempt took instead of taking more.
 */
class TasksSettleTest {
  private static final String INFLIGHT = TaskKeys.inflightTasks("settle-test");

  private static LocalRedis server;
  private static Redis redis;
  private static Tasks tasks;

  @BeforeAll
  static void start() {
    server = LocalRedis.start();
    redis = Connections.open(RedisAddress.parse(server.url()));
    tasks = new Tasks(redis);
  }

  @AfterAll
  static void stop() {
    Connections.release(redis.address());
    server.close();
  }

  @BeforeEach
  void empty() {
    redis.call(c -> c.flushall());
  }

  @Test
  void settle_acknowledgesTheBatchAndTakesAtMostTheRoom() {
    List<Envelope> sent = submit(5);

    List<Tasks.Taken> first = tasks.settle(INFLIGHT, List.of(), 0, 3, TaskKeys.TASKS);
    assertEquals(ids(sent.subList(0, 3)), idsOf(first), "the oldest three, in order");
    first.forEach(t -> assertEquals(1, t.runs(), "each begun once"));
    assertEquals(3, tasks.inflight(INFLIGHT).size());

    List<Tasks.Ack> acks =
        List.of(ack(first.get(0), "zero"), ack(first.get(2), "two")); // one still runs
    List<Tasks.Taken> second = tasks.settle(INFLIGHT, acks, 1, 3, TaskKeys.TASKS);
    assertEquals(ids(sent.subList(3, 5)), idsOf(second), "what was left: fewer than the room");
    List<byte[]> held = tasks.inflight(INFLIGHT);
    assertEquals(
        List.of(sent.get(1).id(), sent.get(3).id(), sent.get(4).id()),
        held.stream().map(r -> Envelope.decode(r).id()).toList(),
        "the acknowledged ones left the in-flight list, the taken ones joined its tail");
    List<String> reports =
        redis.call(c -> c.lrange(TaskKeys.done("ctx-a"), 0, -1)).stream()
            .map(r -> new String(Report.decode(r).payload()))
            .toList();
    assertEquals(List.of("zero", "two"), reports, "each report posted to its context");
    assertTrue(
        redis.call(c -> c.exists(TaskKeys.result(sent.get(2).id()))) == 1, "the result is kept");
  }

  @Test
  void settle_retriedAfterItsReplyWasLost_returnsWhatTheFirstAttemptTook() {
    List<Envelope> sent = submit(4);
    List<Tasks.Taken> first = tasks.settle(INFLIGHT, List.of(), 0, 2, TaskKeys.TASKS);
    // the reply is lost with its connection: the worker, still holding nothing, asks again
    List<Tasks.Taken> again = tasks.settle(INFLIGHT, List.of(), 0, 2, TaskKeys.TASKS);

    assertEquals(ids(sent.subList(0, 2)), idsOf(again), "the same two, not two more");
    again.forEach(t -> assertEquals(1, t.runs(), "begun once, not twice"));
    assertEquals(idsOf(first), idsOf(again));
    assertEquals(2L, (long) redis.call(c -> c.llen(TaskKeys.TASKS)), "the other two still pending");
  }

  @Test
  void settle_cancelledWhilePending_isTakenWithNoRun() {
    List<Envelope> sent = submit(1);
    redis.call(c -> c.sadd(TaskKeys.CANCELLED, sent.get(0).id().getBytes()));

    List<Tasks.Taken> taken = tasks.settle(INFLIGHT, List.of(), 0, 1, TaskKeys.TASKS);

    assertEquals(1, taken.size());
    assertEquals(0, taken.get(0).runs(), "0: the worker reports it cancelled and runs nothing");
  }

  @Test
  void giveBack_ofAnItemTakenAhead_putsItFirstUncountedAndOnlyOnce() {
    List<Envelope> sent = submit(3);
    List<Tasks.Taken> taken = tasks.settle(INFLIGHT, List.of(), 0, 2, TaskKeys.TASKS);
    Tasks.Taken second = taken.get(1);
    Envelope e = Envelope.decode(second.raw());

    assertTrue(tasks.giveBack(INFLIGHT, second.raw(), e, TaskKeys.TASKS));
    assertFalse(
        tasks.giveBack(INFLIGHT, second.raw(), e, TaskKeys.TASKS),
        "a retry after a lost reply finds it gone and pushes nothing");

    assertEquals(
        List.of(sent.get(0).id()),
        tasks.inflight(INFLIGHT).stream().map(r -> Envelope.decode(r).id()).toList());
    List<Tasks.Taken> next = tasks.settle(INFLIGHT, List.of(), 1, 1, TaskKeys.TASKS);
    assertEquals(List.of(sent.get(1).id()), idsOf(next), "the given-back item comes first");
    assertEquals(1, next.get(0).runs(), "its first start: the one given back did not count");
    assertEquals(1L, (long) redis.call(c -> c.llen(TaskKeys.TASKS)), "the third still pending");
  }

  @Test
  void acknowledge_aJob_takesNothingAndLeavesTheOthersInFlight() {
    String jobs = TaskKeys.inflightJobs("settle-test");
    Envelope a = envelope(Envelope.JOB, 0);
    Envelope b = envelope(Envelope.JOB, 1);
    redis.call(c -> c.rpush(jobs, a.encode(), b.encode()));
    submit(1); // a pending pool item: not for a job's acknowledgement to take

    tasks.acknowledge(jobs, a.encode(), a, report(a, "done"));

    assertEquals(
        List.of(b.id()), tasks.inflight(jobs).stream().map(r -> Envelope.decode(r).id()).toList());
    assertEquals(1L, (long) redis.call(c -> c.llen(TaskKeys.TASKS)));
  }

  private static List<Envelope> submit(int n) {
    List<Envelope> sent = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      Envelope e = envelope(Envelope.TASK, i);
      tasks.submit(e);
      sent.add(e);
    }
    return sent;
  }

  private static Envelope envelope(byte kind, int i) {
    return new Envelope(
        kind,
        "id-" + kind + "-" + i,
        "ctx-a",
        "item " + i,
        0,
        "pool-1",
        new byte[0],
        new byte[0],
        false);
  }

  private static Tasks.Ack ack(Tasks.Taken t, String value) {
    Envelope e = Envelope.decode(t.raw());
    return new Tasks.Ack(t.raw(), e, report(e, value));
  }

  private static Report report(Envelope e, String value) {
    return new Report(Report.VALUE, e.id(), 0, "settle-test", 0, 1, "", value.getBytes());
  }

  private static List<String> ids(List<Envelope> envelopes) {
    return envelopes.stream().map(Envelope::id).toList();
  }

  private static List<String> idsOf(List<Tasks.Taken> taken) {
    return taken.stream().map(t -> Envelope.decode(t.raw()).id()).toList();
  }
}
