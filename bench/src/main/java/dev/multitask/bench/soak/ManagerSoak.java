package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writer processes change a manager's shared map and list ({@code ctx.manager()}): each step puts
 * its sequence number and a value of random size (up to 8 KiB, so that the data segments grow and
 * move), appends to the list, merges into a shared total and now and then puts and removes a key;
 * writers are SIGKILLed mid-write and SIGSTOPped at random. Checks: each writer's list entries are
 * its sequence numbers in order with none missing or repeated; the map holds each writer's last
 * confirmed step (or, for a killed writer, the one it was making); the total is the confirmed steps
 * plus at most one per kill; every entry still reads back; the manager closes.
 */
final class ManagerSoak extends Scenario {
  private static final int WRITERS = 3;
  private static final int MAX_WRITERS = 16;
  private static final int MAX_KILLS = 3;
  private static final int STOP = MAX_WRITERS;
  private static final long ID = 1_000_000L;
  private static final int STEPS = 2000;

  ManagerSoak(Signals signals, Tally tally) {
    super("manager", signals, tally);
  }

  @Override
  void round() throws Exception {
    Manager m = ctx.manager();
    SharedMap<String, Object> d = m.dict();
    SharedList<Long> list = m.list();
    SharedLongArray confirmed = ctx.sharedLongArray(MAX_WRITERS + 1, false);
    List<Job<Void>> writers = new ArrayList<>();
    Set<Integer> killed = new HashSet<>();
    for (int w = 0; w < WRITERS; w++) {
      writers.add(start("writer", writer(d, list, confirmed, w)));
    }
    int kills = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(between(4, 10));
    phase("striking");
    while (System.nanoTime() < end) {
      sleep(between(150, 700));
      Job<Void> victim = pickAlive(writers);
      if (victim == null) {
        continue;
      }
      if (kills < MAX_KILLS && writers.size() < MAX_WRITERS && random().nextInt(100) < 35) {
        if (kill(victim)) {
          kills++;
          killed.add(writers.indexOf(victim));
          writers.add(start("writer", writer(d, list, confirmed, writers.size())));
        }
      } else {
        stop(victim);
      }
    }
    phase("checking");
    confirmed.set(STOP, 1);
    joinAll(writers, "manager writers");
    check(d, list, confirmed, writers.size(), killed, kills);
    long t0 = System.nanoTime();
    m.close();
    timed("manager close()", t0, 0);
    progressed();
  }

  private void check(
      SharedMap<String, Object> d,
      SharedList<Long> list,
      SharedLongArray confirmed,
      int writers,
      Set<Integer> killed,
      int kills) {
    List<Long> entries = new ArrayList<>(list);
    long[] next = new long[writers];
    for (long e : entries) {
      int w = (int) (e / ID);
      long seq = e % ID;
      if (w < 0 || w >= writers) {
        violation("list entry " + e + " names no writer");
      } else if (seq != next[w]) {
        violation("writer " + w + "'s list entry " + seq + " came where " + next[w] + " was due");
        next[w] = seq + 1;
      } else {
        next[w]++;
      }
    }
    long sum = 0;
    for (int w = 0; w < writers; w++) {
      long c = confirmed.get(w);
      sum += c;
      boolean died = killed.contains(w);
      if (next[w] != c && !(died && next[w] == c + 1)) {
        violation(
            "writer "
                + w
                + " (killed: "
                + died
                + ") confirmed "
                + c
                + " steps, list has "
                + next[w]);
      }
      Object v = d.get("w" + w);
      long last = v == null ? -1 : (Long) v;
      if (last != c - 1 && !(died && last == c)) {
        violation(
            "writer " + w + " (killed: " + died + ") confirmed " + c + " steps, map holds " + last);
      }
    }
    Object total = d.get("total");
    long t = total == null ? 0 : (Long) total;
    if (t < sum || t > sum + kills) {
      violation("total " + t + " for " + sum + " confirmed steps and " + kills + " kills");
    }
    int read = 0;
    for (Map.Entry<String, Object> e : d.entrySet()) {
      if (e.getValue() == null) {
        violation("entry " + e.getKey() + " reads back null");
      }
      read++;
    }
    tally.add("manager.ops", entries.size() * 3L + read);
  }

  static Action writer(
      SharedMap<String, Object> d, SharedList<Long> list, SharedLongArray confirmed, int w) {
    return () -> {
      java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
      for (long seq = 0; confirmed.get(STOP) == 0 && seq < STEPS; seq++) {
        d.put("w" + w, seq);
        d.put("blob" + w, "x".repeat(r.nextInt(8192)));
        list.add(w * ID + seq);
        d.merge("total", 1L, (a, b) -> (Long) a + (Long) b);
        if (r.nextInt(8) == 0) {
          String tmp = "tmp" + w + "-" + seq;
          d.put(tmp, seq);
          d.remove(tmp);
        }
        confirmed.set(w, seq + 1);
      }
    };
  }
}
