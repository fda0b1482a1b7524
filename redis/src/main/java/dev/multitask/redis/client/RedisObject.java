package dev.multitask.redis.client;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * What every cluster object is underneath: the server it lives on and its key. Serializing one
 * writes those two (a handle), never its contents; the copy in another JVM finds that JVM's client
 * of the same server ({@link Connections#of}) on first use.
 */
public abstract class RedisObject implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** The server, without password. */
  protected final RedisAddress server;

  /** The object's key; its other keys start with it. */
  protected final String key;

  private transient volatile Redis redis;

  /**
   * An object on {@code redis}'s server at {@code key}.
   *
   * @param redis the client
   * @param key the key
   */
  protected RedisObject(Redis redis, String key) {
    this.server = redis.address().server();
    this.key = Objects.requireNonNull(key, "key");
    this.redis = redis;
  }

  /** This JVM's client of the object's server. */
  protected final Redis redis() {
    Redis r = redis;
    if (r == null) {
      r = Connections.of(server);
      redis = r;
    }
    return r;
  }

  /** The object's key (for tests and messages). */
  public final String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && ((RedisObject) o).key.equals(key)
        && ((RedisObject) o).server.equals(server);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + key + " on " + server + "]";
  }
}
