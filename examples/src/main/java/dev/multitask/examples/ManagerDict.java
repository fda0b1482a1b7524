package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedMap;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tutorial's data sharing between processes: a dict {@code {'key': 100}} made by a {@link
 * Manager}, and a {@link Lock}; 100 processes each take the lock and decrement {@code dic['key']},
 * and the dict ends at 0. The dict lives in shared memory, not in a manager process: a child's
 * {@code get} and {@code put} are a few hundred nanoseconds, where Python's are a round trip to the
 * manager process (tens of microseconds).
 *
 * <p>The lock is there because a read and a write are two steps; {@code dic.merge("key", -1,
 * Integer::sum)} is one atomic step in the dict itself and would need no lock at all.
 */
public final class ManagerDict {
  private static final int PROCESSES = 100;
  private static final int WAVE = 10;

  private ManagerDict() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes();
        Manager m = ctx.manager()) {
      SharedMap<String, Integer> dic = m.dict(Map.of("key", 100));
      Lock lock = ctx.lock();
      // ten at a time: a hundred JVMs starting at once on a small, busy machine can take longer
      // to start than a child may take to answer its parent (then start() fails)
      for (int wave = 0; wave < PROCESSES; wave += WAVE) {
        List<Job<Void>> processes = new ArrayList<>();
        for (int i = 0; i < WAVE; i++) {
          processes.add(ctx.start(() -> changeDic(dic, lock)));
        }
        for (Job<Void> p : processes) {
          p.result(); // join, and fail here if a child failed
        }
      }
      System.out.println(dic);
    }
  }

  private static void changeDic(SharedMap<String, Integer> dic, Lock lock) {
    try (Hold _ = lock.hold()) { // with lock:
      dic.put("key", dic.get("key") - 1); // dic['key'] -= 1
    }
  }
}
