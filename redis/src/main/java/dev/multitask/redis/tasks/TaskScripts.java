package dev.multitask.redis.tasks;

import dev.multitask.redis.client.Scripts.Script;

/** The task system's atomic steps. */
final class TaskScripts {
  private TaskScripts() {}

  /**
   * The Lua functions of a take: {@code envelope_id} reads an envelope's id where {@link Envelope}
   * puts it (after the kind byte, a 4-byte big-endian length and the UTF-8 bytes); {@code begin}
   * returns 0 if the id was cancelled while pending (the caller then forgets the mark, {@link
   * Tasks#wasCancelled}), else counts a start of the id at {@code mt:runs:ID} ({@link
   * TaskKeys#runs}, a key the scripts name themselves: a single server is assumed, as everywhere in
   * the cluster) and returns the count.
   */
  private static final String BEGIN_FUNCTIONS =
      """
      local function envelope_id(raw)
        local a, b, c, d = string.byte(raw, 2, 5)
        return string.sub(raw, 6, 5 + ((a * 256 + b) * 256 + c) * 256 + d)
      end
      local function begin(raw, cancelled, ttl)
        local id = envelope_id(raw)
        if redis.call('SISMEMBER', cancelled, id) == 1 then return 0 end
        local runs = redis.call('INCR', 'mt:runs:' .. id)
        redis.call('EXPIRE', 'mt:runs:' .. id, ttl)
        return runs
      end
      """;

  /**
   * KEYS: cancelled. ARGV: envelope, ttl seconds. Begins an envelope a worker took: returns 0 if it
   * was cancelled while pending, else its start count, this start included.
   */
  static final Script BEGIN =
      Script.of(
          "task_begin",
          BEGIN_FUNCTIONS
              + """
      return begin(ARGV[1], KEYS[1], ARGV[2])
      """);

  /**
   * KEYS: inflight, done, result, pending, cancelled. ARGV: envelope, report, ttl seconds, take
   * (1/0). Acknowledges the envelope and posts the report, at once: a worker that dies before this
   * leaves the envelope in flight (it runs again elsewhere), never a result without its
   * acknowledgement or the reverse. With take = 1 it then moves the next pending envelope into the
   * same in-flight list and begins it ({@link #BEGIN}), so a busy worker's item costs one round
   * trip. Returns {} when nothing was taken, else {envelope, start count or 0 if cancelled}.
   *
   * <p>Safe to run twice (a retry after the connection dropped with the reply): the envelope is
   * gone already, the report is posted again (a context ignores a second one), and what the first
   * run took is found in the in-flight list, which held only the acknowledged envelope: it is
   * returned again, begun once.
   */
  static final Script ACK_AND_TAKE =
      Script.of(
          "task_ack_take",
          BEGIN_FUNCTIONS
              + """
      redis.call('LREM', KEYS[1], 1, ARGV[1])
      redis.call('RPUSH', KEYS[2], ARGV[2])
      redis.call('EXPIRE', KEYS[2], ARGV[3])
      redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[3])
      if ARGV[4] ~= '1' then return {} end
      local held = redis.call('LINDEX', KEYS[1], 0)
      if held then
        local id = envelope_id(held)
        if redis.call('SISMEMBER', KEYS[5], id) == 1 then return {held, 0} end
        return {held, tonumber(redis.call('GET', 'mt:runs:' .. id) or '1')}
      end
      local raw = redis.call('LMOVE', KEYS[4], KEYS[1], 'LEFT', 'RIGHT')
      if not raw then return {} end
      return {raw, begin(raw, KEYS[5], ARGV[3])}
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
