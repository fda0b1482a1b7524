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
   * KEYS: inflight, pending, cancelled. ARGV: ttl seconds, held, max, then four per acknowledged
   * envelope: envelope, its context's done list, its result key, report. Settles a worker's batch:
   * acknowledges each envelope and posts its report, at once (a worker that dies before this leaves
   * the envelope in flight, where it runs again elsewhere; never a result without its
   * acknowledgement or the reverse), then moves up to {@code max} pending envelopes into the same
   * in-flight list and begins them ({@link #BEGIN}). A busy worker so costs one round trip per
   * batch, not per item. Returns {envelope, start count or 0 if cancelled, ...} for those taken.
   *
   * <p>{@code held} is how many envelopes the in-flight list holds after the acknowledgements (the
   * ones still running). Taken envelopes go to the list's tail, so a list longer than that holds
   * what an earlier run of this call took and whose reply was lost with its connection: a retry
   * returns those, begun once, instead of taking more. Safe to run twice otherwise too: an
   * acknowledged envelope is gone already, and a report posted again is ignored by its context.
   */
  static final Script SETTLE =
      Script.of(
          "task_settle",
          BEGIN_FUNCTIONS
              + """
      local ttl = ARGV[1]
      local touched = {}
      for i = 4, #ARGV, 4 do
        redis.call('LREM', KEYS[1], 1, ARGV[i])
        redis.call('RPUSH', ARGV[i + 1], ARGV[i + 3])
        touched[ARGV[i + 1]] = true
        redis.call('SET', ARGV[i + 2], ARGV[i + 3], 'EX', ttl)
      end
      for done in pairs(touched) do redis.call('EXPIRE', done, ttl) end
      local out = {}
      local earlier = redis.call('LRANGE', KEYS[1], tonumber(ARGV[2]), -1)
      for _, raw in ipairs(earlier) do
        local id = envelope_id(raw)
        out[#out + 1] = raw
        if redis.call('SISMEMBER', KEYS[3], id) == 1 then
          out[#out + 1] = 0
        else
          out[#out + 1] = tonumber(redis.call('GET', 'mt:runs:' .. id) or '1')
        end
      end
      for _ = #earlier + 1, tonumber(ARGV[3]) do
        local raw = redis.call('LMOVE', KEYS[2], KEYS[1], 'LEFT', 'RIGHT')
        if not raw then break end
        out[#out + 1] = raw
        out[#out + 1] = begin(raw, KEYS[3], ttl)
      end
      return out
      """);

  /**
   * KEYS: inflight, pending. ARGV: envelope, id. A worker gives back an envelope it took ahead and
   * did not start: out of its in-flight list, back at the head of the pending list, and its start
   * uncounted. Returns 1, or 0 if the list did not hold it (a retry after a lost reply, or a reaper
   * that put it back already): nothing is pushed twice.
   */
  static final Script GIVE_BACK =
      Script.of(
          "task_give_back",
          """
      if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
      redis.call('LPUSH', KEYS[2], ARGV[1])
      if redis.call('DECR', 'mt:runs:' .. ARGV[2]) <= 0 then
        redis.call('DEL', 'mt:runs:' .. ARGV[2])
      end
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
