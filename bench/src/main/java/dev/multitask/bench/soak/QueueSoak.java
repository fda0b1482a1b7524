package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import dev.multitask.shared.SharedLongArray;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Producer and consumer processes on one queue (bounded or not), struck at random. Each element
 * carries its producer and sequence number and a payload derived from them (now and then one large
 * enough to travel in a file of its own); consumers forward what they take to a second queue that
 * the parent drains. Consumers poll with a timeout and, once the queue is closed, finish with
 * {@code take()}, as {@link Queue#close()} says a consumer should. Checks: the closed queue is
 * empty when its consumers end; nothing duplicated or corrupt; nothing a producer's {@code offer}
 * confirmed is lost beyond one element per consumer killed (the one it was taking or forwarding);
 * nothing received that was never offered; every timed call returns near its timeout; the queue's
 * {@code close()} returns.
 */
final class QueueSoak extends Scenario {
  private static final int PRODUCERS = 3;
  private static final int CONSUMERS = 3;
  private static final int MAX_KILLS = 3;
  private static final long POLL_MILLIS = 300;
  private static final int BLOB =
      140 * 1024; // over the 128 KiB of a ring record: a file of its own

  QueueSoak(Signals signals, Tally tally) {
    super("queue", signals, tally);
  }

  @Override
  void round() throws Exception {
    int capacity = random().nextBoolean() ? 0 : between(4, 256);
    int count = between(300, 2000);
    Queue<byte[]> q = ctx.queue(capacity);
    Queue<byte[]> out = ctx.queue();
    SharedLongArray sent = ctx.sharedLongArray(PRODUCERS, false);
    SharedLongArray stats = ctx.sharedLongArray(1, false);
    List<Job<Void>> producers = new ArrayList<>();
    List<Job<Void>> consumers = new ArrayList<>();
    BitSet[] received = new BitSet[PRODUCERS];
    long[] counts = new long[2]; // duplicates, elements
    for (int p = 0; p < PRODUCERS; p++) {
      received[p] = new BitSet();
      producers.add(start("producer" + p, producer(q, sent, stats, p, count)));
    }
    for (int c = 0; c < CONSUMERS; c++) {
      consumers.add(start("consumer", consumer(q, out, stats)));
    }
    int consumerKills = 0;
    int kills = 0;
    long strikeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(between(50, 400));
    long give = System.nanoTime() + JOIN.toNanos();
    phase("producing");
    while (producers.stream().anyMatch(Job::isAlive) && System.nanoTime() < give) {
      drain(out, received, counts, POLL_MILLIS);
      if (System.nanoTime() >= strikeAt) {
        List<Job<Void>> all = new ArrayList<>(producers);
        all.addAll(consumers);
        Job<Void> victim = pickAlive(all);
        if (victim != null) {
          if (kills < MAX_KILLS && random().nextInt(100) < 30) {
            if (kill(victim)) {
              kills++;
              if (consumers.contains(victim)) {
                consumerKills++;
                consumers.add(start("consumer", consumer(q, out, stats)));
              }
            }
          } else {
            stop(victim);
          }
        }
        strikeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(between(100, 600));
      }
    }
    phase("closing");
    joinAll(producers, "producers");
    long t0 = System.nanoTime();
    q.close();
    timed("close()", t0, 0);
    long until = System.nanoTime() + JOIN.toNanos();
    while ((consumers.stream().anyMatch(Job::isAlive) || !out.isEmpty())
        && System.nanoTime() < until) {
      drain(out, received, counts, POLL_MILLIS);
    }
    joinAll(consumers, "consumers");
    while (drain(out, received, counts, 0)) {
      // the last forwarded elements
    }
    out.close();
    int left = 0;
    for (byte[] ignored : q) {
      left++;
    }
    if (left > 0) {
      violation("the consumers ended, yet the closed queue still holds " + left + " elements");
    }
    check(sent, received, counts, consumerKills);
    childOverrun(stats.get(0), "queue poll/offer");
    progressed();
  }

  private void check(SharedLongArray sent, BitSet[] received, long[] counts, int consumerKills) {
    long lost = 0;
    for (int p = 0; p < PRODUCERS; p++) {
      long confirmed = sent.get(p);
      BitSet r = received[p];
      int beyond = r.nextSetBit((int) confirmed + 1);
      if (beyond >= 0) {
        violation(
            "producer "
                + p
                + " confirmed "
                + confirmed
                + " elements, yet element "
                + beyond
                + " arrived");
      }
      lost += confirmed - r.get(0, (int) confirmed).cardinality();
    }
    tally.add("queue.ops", counts[1]);
    tally.add("queue.lost", lost);
    tally.add("queue.lostAllowance", consumerKills);
    tally.add("queue.duplicated", counts[0]);
    if (lost > consumerKills) {
      violation(
          lost
              + " confirmed elements lost, while "
              + consumerKills
              + " consumer kills allow at most that many");
    }
  }

  /** Takes what {@code out} holds (waiting up to {@code millis} for the first); false if none. */
  private boolean drain(Queue<byte[]> out, BitSet[] received, long[] counts, long millis)
      throws InterruptedException {
    long t0 = System.nanoTime();
    byte[] e = millis == 0 ? out.poll() : out.poll(millis, TimeUnit.MILLISECONDS);
    if (millis > 0 && e == null) {
      timed("poll(" + millis + " ms)", t0, TimeUnit.MILLISECONDS.toNanos(millis));
    }
    boolean any = false;
    while (e != null) {
      any = true;
      ByteBuffer b = ByteBuffer.wrap(e);
      int p = b.getInt();
      int seq = b.getInt();
      if (p < 0 || p >= PRODUCERS || seq < 0 || !intact(e, p, seq)) {
        violation(
            "a corrupt element: producer " + p + ", sequence " + seq + ", " + e.length + " bytes");
      } else if (received[p].get(seq)) {
        counts[0]++;
        violation("element (producer " + p + ", sequence " + seq + ") arrived twice");
      } else {
        received[p].set(seq);
      }
      counts[1]++;
      e = out.poll();
    }
    return any;
  }

  static byte[] element(int p, int seq) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int size = r.nextInt(300) == 0 ? BLOB : 8 + r.nextInt(120);
    byte[] e = new byte[size];
    ByteBuffer.wrap(e).putInt(p).putInt(seq);
    for (int i = 8; i < size; i++) {
      e[i] = (byte) (p * 31 + seq + i);
    }
    return e;
  }

  private static boolean intact(byte[] e, int p, int seq) {
    for (int i = 8; i < e.length; i++) {
      if (e[i] != (byte) (p * 31 + seq + i)) {
        return false;
      }
    }
    return true;
  }

  static Action producer(
      Queue<byte[]> q, SharedLongArray sent, SharedLongArray stats, int p, int count) {
    return () -> {
      long timeout = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
      for (int seq = 0; seq < count; seq++) {
        byte[] e = element(p, seq);
        while (true) {
          long t0 = System.nanoTime();
          if (q.offer(e, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            break;
          }
          ChildStats.timed(stats, 0, t0, timeout);
        }
        sent.set(p, seq + 1);
      }
    };
  }

  static Action consumer(Queue<byte[]> q, Queue<byte[]> out, SharedLongArray stats) {
    return () -> {
      long timeout = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
      while (true) {
        long t0 = System.nanoTime();
        byte[] e = q.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (e != null) {
          out.put(e);
          continue;
        }
        ChildStats.timed(stats, 0, t0, timeout);
        if (!q.isClosed()) {
          continue;
        }
        // closed: nothing more arrives, but this null may only say the time ran out (another
        // taker stopped holding the queue); take() returns the rest, then throws
        try {
          while (true) {
            out.put(q.take());
          }
        } catch (QueueClosedException drained) {
          return;
        }
      }
    };
  }
}
