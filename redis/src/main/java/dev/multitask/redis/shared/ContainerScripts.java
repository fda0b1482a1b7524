package dev.multitask.redis.shared;

import dev.multitask.redis.client.Scripts.Script;

/**
 * The Lua scripts of managers and their containers. KEYS[1] of each is the manager's closed flag: a
 * script on a closed manager's container returns {0} and changes nothing; otherwise its reply is
 * {1, ...}. Lua's {@code false} is a nil in a reply (an absent value).
 *
 * <p>A map is a hash (encoded key to encoded value), an order (a sorted set of the keys, scored by
 * when each came in) and a version (a counter every change raises). A list is a list and a version.
 */
final class ContainerScripts {
  private ContainerScripts() {}

  private static final String OPEN =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
      local function pushall(list, items, from)
        for i = from, #items, 1000 do
          redis.call('RPUSH', list, unpack(items, i, math.min(i + 999, #items)))
        end
      end
      """;

  // ---- manager: KEYS closed, containers (set)

  /** ARGV: container key. Lists a new container with its manager, unless the manager is closed. */
  static final Script REGISTER =
      Script.of(
          "manager_register",
          OPEN
              + """
      redis.call('SADD', KEYS[2], ARGV[1])
      return {1}
      """);

  /** ARGV: ttl seconds of the flag. Closes the manager and deletes every container it listed. */
  static final Script CLOSE =
      Script.of(
          "manager_close",
          """
      redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
      local n = 0
      for _, c in ipairs(redis.call('SMEMBERS', KEYS[2])) do
        n = n + redis.call('DEL', c .. ':h', c .. ':o', c .. ':v', c .. ':l')
      end
      redis.call('DEL', KEYS[2])
      return n
      """);

  // ---- map: KEYS closed, hash, order, version

  /** ARGV: key. {1, value or nil}. */
  static final Script MAP_GET =
      Script.of("map_get", OPEN + "return {1, redis.call('HGET', KEYS[2], ARGV[1])}\n");

  /**
   * ARGV: key, value. Puts; a new key goes last in the order, an old one keeps its place. {1, old
   * value or nil}.
   */
  static final Script MAP_PUT =
      Script.of(
          "map_put",
          OPEN
              + """
      local old = redis.call('HGET', KEYS[2], ARGV[1])
      local v = redis.call('INCR', KEYS[4])
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
      if not old then redis.call('ZADD', KEYS[3], v, ARGV[1]) end
      return {1, old}
      """);

  /** ARGV: key, value, ... Puts every pair in one step. {1}. */
  static final Script MAP_PUT_ALL =
      Script.of(
          "map_put_all",
          OPEN
              + """
      for i = 1, #ARGV, 2 do
        local v = redis.call('INCR', KEYS[4])
        if redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) == 1 then
          redis.call('ZADD', KEYS[3], v, ARGV[i])
        end
      end
      return {1}
      """);

  /** ARGV: key. {1, old value or nil}. */
  static final Script MAP_REMOVE =
      Script.of(
          "map_remove",
          OPEN
              + """
      local old = redis.call('HGET', KEYS[2], ARGV[1])
      if old then
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('INCR', KEYS[4])
      end
      return {1, old}
      """);

  /**
   * ARGV: key, expected ('' with absent=1: the key must be absent), absent (1/0), new value, remove
   * (1: remove the key instead). Sets the key only if it still holds what the caller read. {1, 1}
   * when done, {1, 0, current or nil} when it changed meanwhile.
   */
  static final Script MAP_CAS =
      Script.of(
          "map_cas",
          OPEN
              + """
      local cur = redis.call('HGET', KEYS[2], ARGV[1])
      if ARGV[3] == '1' then
        if cur then return {1, 0, cur} end
      elseif cur ~= ARGV[2] then
        return {1, 0, cur}
      end
      local v = redis.call('INCR', KEYS[4])
      if ARGV[5] == '1' then
        if cur then
          redis.call('HDEL', KEYS[2], ARGV[1])
          redis.call('ZREM', KEYS[3], ARGV[1])
        end
      else
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
        if not cur then redis.call('ZADD', KEYS[3], v, ARGV[1]) end
      end
      return {1, 1}
      """);

  /** {1, size}. */
  static final Script MAP_SIZE =
      Script.of("map_size", OPEN + "return {1, redis.call('HLEN', KEYS[2])}\n");

  /** ARGV: key. {1, 1 or 0}. */
  static final Script MAP_CONTAINS =
      Script.of("map_contains", OPEN + "return {1, redis.call('HEXISTS', KEYS[2], ARGV[1])}\n");

  /** {1, version, key, value, key, value, ...} in order. */
  static final Script MAP_ENTRIES =
      Script.of(
          "map_entries",
          OPEN
              + """
      local r = {1, tonumber(redis.call('GET', KEYS[4]) or '0')}
      for _, k in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
        table.insert(r, k)
        table.insert(r, redis.call('HGET', KEYS[2], k))
      end
      return r
      """);

  /**
   * ARGV: version, key, value, ... Sets existing keys (their places kept) if nothing changed since
   * the version was read. {1, 1} done, {1, 0} changed meanwhile.
   */
  static final Script MAP_REPLACE_ALL =
      Script.of(
          "map_replace_all",
          OPEN
              + """
      if tonumber(redis.call('GET', KEYS[4]) or '0') ~= tonumber(ARGV[1]) then return {1, 0} end
      for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
      redis.call('INCR', KEYS[4])
      return {1, 1}
      """);

  /** {1}. */
  static final Script MAP_CLEAR =
      Script.of(
          "map_clear",
          OPEN
              + """
      redis.call('DEL', KEYS[2], KEYS[3])
      redis.call('INCR', KEYS[4])
      return {1}
      """);

  /** ARGV: 'first' or 'last', remove (1/0). {1, key or nil, value or nil}. */
  static final Script MAP_END =
      Script.of(
          "map_end",
          OPEN
              + """
      local ks
      if ARGV[1] == 'first' then
        ks = redis.call('ZRANGE', KEYS[3], 0, 0)
      else
        ks = redis.call('ZRANGE', KEYS[3], -1, -1)
      end
      if #ks == 0 then return {1, false, false} end
      local k = ks[1]
      local v = redis.call('HGET', KEYS[2], k)
      if ARGV[2] == '1' then
        redis.call('HDEL', KEYS[2], k)
        redis.call('ZREM', KEYS[3], k)
        redis.call('INCR', KEYS[4])
      end
      return {1, k, v}
      """);

  // ---- list: KEYS closed, list, version

  /** ARGV: index. {1, size, element or nil when out of range}. */
  static final Script LIST_GET =
      Script.of(
          "list_get",
          OPEN
              + """
      local n = redis.call('LLEN', KEYS[2])
      local i = tonumber(ARGV[1])
      if i < 0 or i >= n then return {1, n, false} end
      return {1, n, redis.call('LINDEX', KEYS[2], i)}
      """);

  /** ARGV: index, element. {1, size, old element or nil when out of range}. */
  static final Script LIST_SET =
      Script.of(
          "list_set",
          OPEN
              + """
      local n = redis.call('LLEN', KEYS[2])
      local i = tonumber(ARGV[1])
      if i < 0 or i >= n then return {1, n, false} end
      local old = redis.call('LINDEX', KEYS[2], i)
      redis.call('LSET', KEYS[2], i, ARGV[2])
      redis.call('INCR', KEYS[3])
      return {1, n, old}
      """);

  /**
   * ARGV: index, element, ... Inserts the elements at the index, in one step. {1, size before, 1}
   * when done, {1, size, 0} when the index is out of range.
   */
  static final Script LIST_INSERT =
      Script.of(
          "list_insert",
          OPEN
              + """
      local n = redis.call('LLEN', KEYS[2])
      local i = tonumber(ARGV[1])
      if i < 0 or i > n then return {1, n, 0} end
      if #ARGV < 2 then return {1, n, 1} end
      if i == n then
        pushall(KEYS[2], ARGV, 2)
      else
        local tail = redis.call('LRANGE', KEYS[2], i, -1)
        if i == 0 then redis.call('DEL', KEYS[2]) else redis.call('LTRIM', KEYS[2], 0, i - 1) end
        pushall(KEYS[2], ARGV, 2)
        pushall(KEYS[2], tail, 1)
      end
      redis.call('INCR', KEYS[3])
      return {1, n, 1}
      """);

  /** ARGV: index, a marker no element equals. {1, size, removed element or nil}. */
  static final Script LIST_REMOVE_AT =
      Script.of(
          "list_remove_at",
          OPEN
              + """
      local n = redis.call('LLEN', KEYS[2])
      local i = tonumber(ARGV[1])
      if i < 0 or i >= n then return {1, n, false} end
      local old = redis.call('LINDEX', KEYS[2], i)
      redis.call('LSET', KEYS[2], i, ARGV[2])
      redis.call('LREM', KEYS[2], 1, ARGV[2])
      redis.call('INCR', KEYS[3])
      return {1, n, old}
      """);

  /** ARGV: 'first' or 'last'. {1, element or nil}. */
  static final Script LIST_POP =
      Script.of(
          "list_pop",
          OPEN
              + """
      local e
      if ARGV[1] == 'first' then e = redis.call('LPOP', KEYS[2]) else e = redis.call('RPOP', KEYS[2]) end
      if e then redis.call('INCR', KEYS[3]) end
      return {1, e}
      """);

  /** {1, size}. */
  static final Script LIST_SIZE =
      Script.of("list_size", OPEN + "return {1, redis.call('LLEN', KEYS[2])}\n");

  /** {1, version, element, ...}. */
  static final Script LIST_SNAPSHOT =
      Script.of(
          "list_snapshot",
          OPEN
              + """
      local r = redis.call('LRANGE', KEYS[2], 0, -1)
      table.insert(r, 1, tonumber(redis.call('GET', KEYS[3]) or '0'))
      table.insert(r, 1, 1)
      return r
      """);

  /**
   * ARGV: index, expected, new. Sets the element if it is still what the caller read. {1, size, 1}
   * done, {1, size, 0, element} changed meanwhile (the element now there), {1, size, -1} out of
   * range.
   */
  static final Script LIST_CAS_AT =
      Script.of(
          "list_cas_at",
          OPEN
              + """
      local n = redis.call('LLEN', KEYS[2])
      local i = tonumber(ARGV[1])
      if i < 0 or i >= n then return {1, n, -1} end
      local cur = redis.call('LINDEX', KEYS[2], i)
      if cur ~= ARGV[2] then return {1, n, 0, cur} end
      redis.call('LSET', KEYS[2], i, ARGV[3])
      redis.call('INCR', KEYS[3])
      return {1, n, 1}
      """);

  /**
   * ARGV: version, element, ... Replaces the whole list if nothing changed since the version was
   * read. {1, 1} done, {1, 0} changed meanwhile.
   */
  static final Script LIST_REPLACE =
      Script.of(
          "list_replace",
          OPEN
              + """
      if tonumber(redis.call('GET', KEYS[3]) or '0') ~= tonumber(ARGV[1]) then return {1, 0} end
      redis.call('DEL', KEYS[2])
      pushall(KEYS[2], ARGV, 2)
      redis.call('INCR', KEYS[3])
      return {1, 1}
      """);

  /** ARGV: element, ... Appends in one step. {1}. */
  static final Script LIST_ADD =
      Script.of(
          "list_add",
          OPEN
              + """
      pushall(KEYS[2], ARGV, 1)
      redis.call('INCR', KEYS[3])
      return {1}
      """);

  /** ARGV: times (>= 0). Python's {@code l *= times}. {1}. */
  static final Script LIST_REPEAT =
      Script.of(
          "list_repeat",
          OPEN
              + """
      local times = tonumber(ARGV[1])
      if times == 0 then
        redis.call('DEL', KEYS[2])
      elseif times > 1 then
        local items = redis.call('LRANGE', KEYS[2], 0, -1)
        for t = 2, times do pushall(KEYS[2], items, 1) end
      end
      redis.call('INCR', KEYS[3])
      return {1}
      """);

  /** {1}. */
  static final Script LIST_CLEAR =
      Script.of(
          "list_clear",
          OPEN
              + """
      redis.call('DEL', KEYS[2])
      redis.call('INCR', KEYS[3])
      return {1}
      """);
}
