package dev.multitask.redis.tasks;

import dev.multitask.redis.client.Scripts.Script;

/** The task system's atomic steps. */
final class TaskScripts {
  private TaskScripts() {}

  /**
   * KEYS: inflight, done, result. ARGV: envelope, report, ttl seconds. Acknowledges the envelope
   * and posts the report, at once: a worker that dies before this leaves the envelope in flight (it
   * runs again elsewhere), never a result without its acknowledgement or the reverse.
   */
  static final Script ACK =
      Script.of(
          "task_ack",
          """
      redis.call('LREM', KEYS[1], 1, ARGV[1])
      redis.call('RPUSH', KEYS[2], ARGV[2])
      redis.call('EXPIRE', KEYS[2], ARGV[3])
      redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[3])
      return 1
      """);

  /**
   * KEYS: alive, workers, in-flight lists (set), tasks, jobs. ARGV: worker. If the worker's
   * heartbeat is gone, puts what its in-flight lists hold back at the head of the pending lists
   * (lists whose name ends in {@code :jobs} to the jobs) and forgets the worker. Returns how many
   * envelopes moved, or -1 if the worker is alive.
   */
  static final Script REAP =
      Script.of(
          "task_reap",
          """
      if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
      local moved = 0
      for _, list in ipairs(redis.call('SMEMBERS', KEYS[3])) do
        local pending = KEYS[4]
        if string.sub(list, -5) == ':jobs' then pending = KEYS[5] end
        while redis.call('LMOVE', list, pending, 'RIGHT', 'LEFT') do moved = moved + 1 end
      end
      redis.call('DEL', KEYS[3])
      redis.call('SREM', KEYS[2], ARGV[1])
      return moved
      """);

  /**
   * KEYS: pending, cancelled. ARGV: envelope, id. Removes a pending envelope; if a worker has it
   * already, marks the id cancelled. Returns 1 if removed while pending.
   */
  static final Script CANCEL =
      Script.of(
          "task_cancel",
          """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then return 1 end
      redis.call('SADD', KEYS[2], ARGV[2])
      redis.call('EXPIRE', KEYS[2], 86400)
      return 0
      """);
}
