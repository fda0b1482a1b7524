/**
 * multitask-redis: the cluster context ({@code Multitask.cluster("redis://...")}), its worker JVMs
 * and the tools around them. Only {@code dev.multitask.redis} is exported; the backend itself is
 * found by core through {@link dev.multitask.spi.BackendProvider}.
 */
module dev.multitask.redis {
  requires transitive dev.multitask;
  requires lettuce.core;
  requires java.logging; // to quiet Lettuce's notices of each reconnection

  exports dev.multitask.redis;

  provides dev.multitask.spi.BackendProvider with
      dev.multitask.redis.backend.RedisBackendProvider;
}
