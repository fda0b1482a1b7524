package dev.multitask.redis.backend;

import dev.multitask.redis.client.RedisAddress;
import dev.multitask.spi.Backend;
import dev.multitask.spi.BackendProvider;
import java.net.URI;
import java.util.Set;

/**
 * The cluster backend for {@code redis://} and {@code rediss://} (TLS) URLs: what {@code
 * Multitask.cluster(url)} finds with {@link java.util.ServiceLoader} when this module is on the
 * class path or the module path.
 */
public final class RedisBackendProvider implements BackendProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public RedisBackendProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public Backend open(URI url) {
    return new ClusterBackend(RedisAddress.of(url));
  }
}
