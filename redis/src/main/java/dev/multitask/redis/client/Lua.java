package dev.multitask.redis.client;

import dev.multitask.redis.client.Scripts.Script;

/**
 * The Lua scripts of the cluster's primitives. Each runs atomically on the server.
 *
 * <p>Waiting, in every primitive, is one protocol: a caller that cannot proceed registers its
 * waiter id in the object's wait list ({@code RPUSH wq id}) in the same script that found it
 * cannot; it then blocks on its own wake key ({@code BLPOP w:id}) for at most a slice and tries
 * again. Whoever makes progress possible pops waiters from the wait list and pushes a token to each
 * one's wake key ({@code notify}). A waiter that vanished only costs the others a slice, a token
 * that comes late only a spurious retry: the state in Redis, not the token, decides.
 */
public final class Lua {
  private Lua() {}

  /** Pops up to {@code n} waiters of list {@code wq} and wakes them (n = -1: all). */
  private static final String NOTIFY =
      """
      local function notify(wq, n)
        local woken = 0
        while n < 0 or woken < n do
          local id = redis.call('LPOP', wq)
          if not id then break end
          local w = 'mt:w:' .. id
          redis.call('RPUSH', w, '1')
          redis.call('PEXPIRE', w, 60000)
          woken = woken + 1
        end
        return woken
      end
      local function wait_on(wq, id)
        redis.call('LREM', wq, 0, id)
        redis.call('RPUSH', wq, id)
        redis.call('PEXPIRE', wq, 86400000)
      end
      """;

  /** KEYS: wq. ARGV: n (-1 for all). Returns how many were woken. */
  public static final Script NOTIFY_WAITERS =
      Script.of(
          "notify",
          NOTIFY
              + """
      return notify(KEYS[1], tonumber(ARGV[1]))
      """);

  /**
   * KEYS: wq, the waiter's wake key. ARGV: waiter id. Leaves the wait list and drops a token that
   * came too late. Returns 1 if a token was there.
   */
  public static final Script LEAVE =
      Script.of(
          "leave",
          """
      redis.call('LREM', KEYS[1], 0, ARGV[1])
      local token = redis.call('LPOP', KEYS[2])
      redis.call('DEL', KEYS[2])
      if token then return 1 end
      return 0
      """);

  /**
   * KEYS: wq, the waiter's wake key. ARGV: waiter id. As {@link #LEAVE}, and a token that was there
   * goes to the next waiter instead. Returns 1 if one was passed on.
   */
  public static final Script LEAVE_PASSING_ON =
      Script.of(
          "leave_passing_on",
          NOTIFY
              + """
      redis.call('LREM', KEYS[1], 0, ARGV[1])
      local token = redis.call('LPOP', KEYS[2])
      redis.call('DEL', KEYS[2])
      if token then return notify(KEYS[1], 1) end
      return 0
      """);

  /**
   * KEYS: a taker's own list, the queue's space wq. ARGV: how many putters to wake. What a taker of
   * a bounded queue does once it has its element: drops its list and wakes a putter.
   */
  public static final Script TAKEN =
      Script.of(
          "taken",
          NOTIFY
              + """
      redis.call('DEL', KEYS[1])
      return notify(KEYS[2], tonumber(ARGV[1]))
      """);

  /** KEYS: wq. ARGV: id. Registers a waiter. */
  public static final Script WAIT_ON =
      Script.of(
          "wait_on",
          NOTIFY
              + """
      wait_on(KEYS[1], ARGV[1])
      return 1
      """);

  // ---- locks: value "owner|token|count", with a lease (PX); 'held' says no release happened ----

  /**
   * KEYS: lock, fence, held, wq. ARGV: owner, leaseMs, reentrant (1/0), waiter id ('' = do not
   * register). Returns {acquired (1/0), token or pttl, ownerDied (1/0), count}; when not acquired,
   * the third element is 1 if the caller holds this plain lock itself, and 2 if waiting would close
   * a cycle of holders, each waiting for a lock the next one holds: then the elements after the
   * fourth are the cycle's edges, three each (waiter, lock key, holder), starting with the caller.
   *
   * <p>A waiter that takes the lock leaves the wait list in the same step, and drops the wake-up
   * that brought it (the release it stood for is used: the taker releases in turn).
   *
   * <p>A caller that registers as a waiter also records what it waits for, at {@code
   * mt:waitsfor:OWNER} (with the lease as TTL), so that the next one can walk the graph; taking the
   * lock deletes the record, and so does a waiter that gives up ({@link #LOCK_GAVE_UP}). The walk
   * reads keys it cannot name in KEYS: a single server is assumed, as everywhere in the cluster.
   */
  public static final Script LOCK_ACQUIRE =
      Script.of(
          "lock_acquire",
          NOTIFY
              + """
      local cur = redis.call('GET', KEYS[1])
      if cur then
        local o, t, c = string.match(cur, '^(.*)|(%d+)|(%d+)$')
        if o == ARGV[1] and ARGV[3] == '1' then
          c = tonumber(c) + 1
          redis.call('SET', KEYS[1], o .. '|' .. t .. '|' .. c, 'PX', ARGV[2])
          return {1, tonumber(t), 0, c}
        end
        if o == ARGV[1] then return {0, redis.call('PTTL', KEYS[1]), 1, 0} end
        if ARGV[4] ~= '' then
          local edges = {ARGV[1], KEYS[1], o}
          local cur = o
          for _ = 1, 64 do
            local w = redis.call('GET', 'mt:waitsfor:' .. cur)
            if not w then break end
            local v = redis.call('GET', w)
            if not v then break end
            local h = string.match(v, '^(.*)|%d+|%d+$')
            table.insert(edges, cur)
            table.insert(edges, w)
            table.insert(edges, h)
            if h == ARGV[1] then
              local r = {0, redis.call('PTTL', KEYS[1]), 2, 0}
              for _, e in ipairs(edges) do table.insert(r, e) end
              return r
            end
            if h == cur then break end
            cur = h
          end
          redis.call('SET', 'mt:waitsfor:' .. ARGV[1], KEYS[1], 'PX', ARGV[2])
          wait_on(KEYS[4], ARGV[4])
        end
        return {0, redis.call('PTTL', KEYS[1]), 0, 0}
      end
      redis.call('DEL', 'mt:waitsfor:' .. ARGV[1])
      if ARGV[4] ~= '' then
        redis.call('LREM', KEYS[4], 0, ARGV[4])
        redis.call('DEL', 'mt:w:' .. ARGV[4])
      end
      local died = redis.call('EXISTS', KEYS[3])
      local t = redis.call('INCR', KEYS[2])
      redis.call('SET', KEYS[1], ARGV[1] .. '|' .. t .. '|1', 'PX', ARGV[2])
      redis.call('SET', KEYS[3], ARGV[1])
      return {1, t, died, 1}
      """);

  /** KEYS: none. ARGV: owner. A waiter that gave up no longer waits for anything. */
  public static final Script LOCK_GAVE_UP =
      Script.of(
          "lock_gave_up",
          """
      redis.call('DEL', 'mt:waitsfor:' .. ARGV[1])
      return 1
      """);

  /**
   * KEYS: lock, held, wq. ARGV: owner, all (1: release every hold), the token of the caller's own
   * hold ("" if it has none), anyone (1: a plain Lock, which any thread may release, as Python's).
   * Returns the holds left (0: free now), -2 if the lock is not held, or -1 if the caller may not
   * release it: not the owner of an RLock, or a holder whose lease ran out (its token is stale).
   */
  public static final Script LOCK_RELEASE =
      Script.of(
          "lock_release",
          NOTIFY
              + """
      local cur = redis.call('GET', KEYS[1])
      if not cur then
        if ARGV[3] ~= '' then return -1 end
        return -2
      end
      local o, t, c = string.match(cur, '^(.*)|(%d+)|(%d+)$')
      if o ~= ARGV[1] and (ARGV[4] ~= '1' or ARGV[3] ~= '') then return -1 end
      if o == ARGV[1] and ARGV[3] ~= '' and ARGV[3] ~= t then return -1 end
      c = tonumber(c) - 1
      if c > 0 and ARGV[2] ~= '1' then
        redis.call('SET', KEYS[1], o .. '|' .. t .. '|' .. c, 'KEEPTTL')
        return c
      end
      redis.call('DEL', KEYS[1], KEYS[2])
      notify(KEYS[3], 1)
      return 0
      """);

  /** KEYS: lock. ARGV: owner, leaseMs. Returns 1 if renewed, 0 if the caller no longer owns it. */
  public static final Script LOCK_RENEW =
      Script.of(
          "lock_renew",
          """
      local cur = redis.call('GET', KEYS[1])
      if not cur then return 0 end
      local o = string.match(cur, '^(.*)|%d+|%d+$')
      if o ~= ARGV[1] then return 0 end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
      """);

  /** KEYS: high, value. ARGV: token, value. Writes if token >= the highest seen; 1 or 0. */
  public static final Script FENCED_WRITE =
      Script.of(
          "fenced_write",
          """
      local high = tonumber(redis.call('GET', KEYS[1]) or '0')
      local t = tonumber(ARGV[1])
      if t < high then return 0 end
      redis.call('SET', KEYS[1], ARGV[1])
      redis.call('SET', KEYS[2], ARGV[2])
      return 1
      """);

  // ---- semaphore: count, and max for a bounded one (-1: unbounded) ----

  /** KEYS: count, wq. ARGV: waiter id or ''. Returns 1 if a permit was taken. */
  public static final Script SEM_ACQUIRE =
      Script.of(
          "sem_acquire",
          NOTIFY
              + """
      local n = tonumber(redis.call('GET', KEYS[1]) or '0')
      if n > 0 then
        redis.call('DECR', KEYS[1])
        return 1
      end
      if ARGV[1] ~= '' then wait_on(KEYS[2], ARGV[1]) end
      return 0
      """);

  /** KEYS: count, wq. ARGV: permits, max (-1 none). Returns the new count, or -1 if over max. */
  public static final Script SEM_RELEASE =
      Script.of(
          "sem_release",
          NOTIFY
              + """
      local n = tonumber(redis.call('GET', KEYS[1]) or '0')
      local add = tonumber(ARGV[1])
      local max = tonumber(ARGV[2])
      if max >= 0 and n + add > max then return -1 end
      n = redis.call('INCRBY', KEYS[1], add)
      notify(KEYS[2], add)
      return n
      """);

  // ---- event ----

  /** KEYS: flag, wq. ARGV: waiter id or ''. Returns 1 if set. */
  public static final Script EVENT_CHECK =
      Script.of(
          "event_check",
          NOTIFY
              + """
      if redis.call('GET', KEYS[1]) == '1' then return 1 end
      if ARGV[1] ~= '' then wait_on(KEYS[2], ARGV[1]) end
      return 0
      """);

  /** KEYS: flag, wq, sets (count of sets). Sets the flag and wakes everyone. */
  public static final Script EVENT_SET =
      Script.of(
          "event_set",
          NOTIFY
              + """
      redis.call('SET', KEYS[1], '1')
      redis.call('INCR', KEYS[3])
      return notify(KEYS[2], -1)
      """);

  // ---- barrier: hash {gen, count, broken} ----

  /**
   * KEYS: barrier, wq. ARGV: parties, waiter id. Returns {state, index, gen}: state 1 = the caller
   * trips the barrier (runs the action, then BARRIER_TRIP), 0 = wait for gen to change, -1 broken.
   */
  public static final Script BARRIER_ARRIVE =
      Script.of(
          "barrier_arrive",
          NOTIFY
              + """
      if redis.call('HGET', KEYS[1], 'broken') == '1' then return {-1, 0, 0} end
      local gen = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
      local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
      local parties = tonumber(ARGV[1])
      local index = count - 1
      if count >= parties then return {1, index, gen} end
      wait_on(KEYS[2], ARGV[2])
      return {0, index, gen}
      """);

  /** KEYS: barrier, wq. ARGV: gen, broken (1 if the action failed). Opens the barrier. */
  public static final Script BARRIER_TRIP =
      Script.of(
          "barrier_trip",
          NOTIFY
              + """
      if tonumber(redis.call('HGET', KEYS[1], 'gen') or '0') ~= tonumber(ARGV[1]) then return 0 end
      if ARGV[2] == '1' then
        redis.call('HSET', KEYS[1], 'broken', '1')
      else
        redis.call('HSET', KEYS[1], 'gen', tonumber(ARGV[1]) + 1, 'count', 0)
      end
      notify(KEYS[2], -1)
      return 1
      """);

  /**
   * KEYS: barrier, wq. ARGV: gen the caller waits in, waiter id. Returns 1 = opened (gen moved on),
   * -1 = broken (now, or by a reset while it waited), 0 = still closed (registered again).
   */
  public static final Script BARRIER_CHECK =
      Script.of(
          "barrier_check",
          NOTIFY
              + """
      local gen = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
      local mine = tonumber(ARGV[1])
      if redis.call('HGET', KEYS[1], 'brokengen') == ARGV[1] then return -1 end
      if gen == mine and redis.call('HGET', KEYS[1], 'broken') == '1' then return -1 end
      if gen ~= mine then return 1 end
      wait_on(KEYS[2], ARGV[2])
      return 0
      """);

  /**
   * KEYS: barrier, wq. ARGV: mode: 'abort' (broken until reset), 'reset' (the waiters of this
   * generation see it broken; the barrier starts afresh).
   */
  public static final Script BARRIER_BREAK =
      Script.of(
          "barrier_break",
          NOTIFY
              + """
      local gen = tonumber(redis.call('HGET', KEYS[1], 'gen') or '0')
      if ARGV[1] == 'reset' then
        if tonumber(redis.call('HGET', KEYS[1], 'count') or '0') > 0 then
          redis.call('HSET', KEYS[1], 'brokengen', gen)
        end
        redis.call('HSET', KEYS[1], 'gen', gen + 1, 'count', 0, 'broken', '0')
      else
        redis.call('HSET', KEYS[1], 'broken', '1')
      end
      notify(KEYS[2], -1)
      return 1
      """);

  // ---- queues: list, meta hash {closed, unfinished}, space wq (putters), join wq ----

  /**
   * KEYS: list, meta, space wq, closed signal list. ARGV: element, capacity (0 none), lifo (1/0),
   * waiter id or ''. Returns 1 put, 0 full (registered), -1 closed.
   */
  public static final Script QUEUE_PUT =
      Script.of(
          "queue_put",
          NOTIFY
              + """
      if redis.call('HGET', KEYS[2], 'closed') == '1' then return -1 end
      local cap = tonumber(ARGV[2])
      if cap > 0 and redis.call('LLEN', KEYS[1]) >= cap then
        if ARGV[4] ~= '' then wait_on(KEYS[3], ARGV[4]) end
        return 0
      end
      if ARGV[3] == '1' then
        redis.call('LPUSH', KEYS[1], ARGV[1])
      else
        redis.call('RPUSH', KEYS[1], ARGV[1])
      end
      redis.call('HINCRBY', KEYS[2], 'unfinished', 1)
      return 1
      """);

  /**
   * KEYS: list, meta, space wq. ARGV: entry, capacity (0 none), pivot ('' = at the tail), the
   * version of the puts the caller read, waiter id or ''. A priority queue's put: the entry goes
   * before the pivot, the first entry the caller found greater, if no put happened since it read
   * the list (takers only remove from the head, which keeps the order). Returns 1 put, 0 full
   * (registered), -1 closed, -2 stale (read the list again).
   */
  public static final Script PRIORITY_PUT =
      Script.of(
          "priority_put",
          NOTIFY
              + """
      if redis.call('HGET', KEYS[2], 'closed') == '1' then return -1 end
      local cap = tonumber(ARGV[2])
      if cap > 0 and redis.call('LLEN', KEYS[1]) >= cap then
        if ARGV[5] ~= '' then wait_on(KEYS[3], ARGV[5]) end
        return 0
      end
      if tonumber(redis.call('HGET', KEYS[2], 'puts') or '0') ~= tonumber(ARGV[4]) then
        return -2
      end
      if ARGV[3] == '' then
        redis.call('RPUSH', KEYS[1], ARGV[1])
      elseif redis.call('LINSERT', KEYS[1], 'BEFORE', ARGV[3], ARGV[1]) < 0 then
        return -2
      end
      redis.call('HINCRBY', KEYS[2], 'puts', 1)
      redis.call('HINCRBY', KEYS[2], 'unfinished', 1)
      return 1
      """);

  /** KEYS: list, meta. Returns {version of the puts, entries...}: a priority queue's snapshot. */
  public static final Script PRIORITY_READ =
      Script.of(
          "priority_read",
          """
      local r = redis.call('LRANGE', KEYS[1], 0, -1)
      table.insert(r, 1, tonumber(redis.call('HGET', KEYS[2], 'puts') or '0'))
      return r
      """);

  /**
   * KEYS: meta, space wq, list, join wq. ARGV: the closed marker. Closes the queue: the marker goes
   * at the tail of the list, behind every element (no put comes after it), so that a blocked taker
   * wakes on it once the elements are taken; putters and joiners are woken.
   */
  public static final Script QUEUE_CLOSE =
      Script.of(
          "queue_close",
          NOTIFY
              + """
      if redis.call('HGET', KEYS[1], 'closed') == '1' then return 0 end
      redis.call('HSET', KEYS[1], 'closed', '1')
      redis.call('RPUSH', KEYS[3], ARGV[1])
      notify(KEYS[2], -1)
      notify(KEYS[4], -1)
      return 1
      """);

  /**
   * KEYS: list, space wq. ARGV: the closed marker, capacity. Takes the head without blocking; the
   * marker stays where it is. Returns the element, or nil when there is none.
   */
  public static final Script QUEUE_POLL =
      Script.of(
          "queue_poll",
          NOTIFY
              + """
      local e = redis.call('LPOP', KEYS[1])
      if not e then return false end
      if e == ARGV[1] then
        redis.call('LPUSH', KEYS[1], e)
        return false
      end
      if tonumber(ARGV[2]) > 0 then notify(KEYS[2], 1) end
      return e
      """);

  /**
   * KEYS: list. ARGV: the closed marker. Returns the number of elements, the marker not counted.
   */
  public static final Script QUEUE_SIZE =
      Script.of(
          "queue_size",
          """
      local n = redis.call('LLEN', KEYS[1])
      if n > 0 and redis.call('LINDEX', KEYS[1], -1) == ARGV[1] then n = n - 1 end
      return n
      """);

  /** KEYS: meta, join wq. Returns the unfinished count left, or -1 if it was already 0. */
  public static final Script QUEUE_TASK_DONE =
      Script.of(
          "queue_task_done",
          NOTIFY
              + """
      local n = tonumber(redis.call('HGET', KEYS[1], 'unfinished') or '0')
      if n <= 0 then return -1 end
      n = redis.call('HINCRBY', KEYS[1], 'unfinished', -1)
      if n == 0 then notify(KEYS[2], -1) end
      return n
      """);

  /** KEYS: meta, join wq. ARGV: waiter id. Returns the unfinished count (registers if > 0). */
  public static final Script QUEUE_JOIN_CHECK =
      Script.of(
          "queue_join_check",
          NOTIFY
              + """
      local n = tonumber(redis.call('HGET', KEYS[1], 'unfinished') or '0')
      if n > 0 then wait_on(KEYS[2], ARGV[1]) end
      return n
      """);

  // ---- shared values ----

  /** KEYS: value. ARGV: expected, new. Compare-and-set on the string form; 1 or 0. */
  public static final Script CAS =
      Script.of(
          "cas",
          """
      local cur = redis.call('GET', KEYS[1]) or ARGV[3]
      if cur ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[2])
      return 1
      """);

  /** KEYS: hash. ARGV: field, expected, new, default. Compare-and-set of a hash field; 1 or 0. */
  public static final Script HCAS =
      Script.of(
          "hcas",
          """
      local cur = redis.call('HGET', KEYS[1], ARGV[1]) or ARGV[4]
      if cur ~= ARGV[2] then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
      return 1
      """);
}
