package dev.multitask.sync;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.redis.ClusterFixture;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The synchronization and shared-value contract ({@link LockContract}, {@link
 * CoordinationContract}, {@link SharedValueContract}) over the cluster context. The cluster has no
 * raw shared memory on purpose (its hosts share nothing but Redis): {@code sharedMemory} is
 * refused, which {@code sharedMemory_onTheCluster_isRefused} checks, and the three cases that use
 * it are skipped here, by name.
 */
class ClusterSyncContractTest {
  /**
   * How many times fewer steps each job makes in the many-jobs cases than on a local backend: each
   * is a round trip to Redis from a child JVM (0.3-0.7 ms on a busy 2-core machine, against well
   * under a microsecond in shared memory). The jobs still contend from their first step on.
   */
  private static final int ROUND_TRIPS_FEWER = 4;

  private static final String NO_SHARED_MEMORY =
      "the cluster has no shared memory between hosts: ctx.sharedMemory is refused";

  @Nested
  class Cluster extends SyncContract {
    @Override
    Context newContext() {
      return Multitask.cluster(ClusterFixture.get().url());
    }

    @Nested
    class Locks extends LockContract {
      @Override
      Context ctx() {
        return Cluster.this.ctx();
      }

      @Override
      int perJob(int local) {
        return local / ROUND_TRIPS_FEWER;
      }
    }

    @Nested
    class Coordination extends CoordinationContract {
      @Override
      Context ctx() {
        return Cluster.this.ctx();
      }
    }

    @Nested
    class SharedValues extends SharedValueContract {
      @Override
      Context ctx() {
        return Cluster.this.ctx();
      }

      @Override
      int perJob(int local) {
        return local / ROUND_TRIPS_FEWER;
      }

      @Test
      @Disabled(NO_SHARED_MEMORY)
      @Override
      void sharedMemory_bytesWrittenByJob_areSeen() {}

      @Test
      @Disabled(NO_SHARED_MEMORY)
      @Override
      void sharedMemory_attachedByName_isTheSameMemory() {}

      @Test
      @Disabled(NO_SHARED_MEMORY)
      @Override
      void sharedMemory_contextCloses_isUnlinked() {}

      @Test
      void sharedMemory_onTheCluster_isRefused() {
        UnsupportedOperationException e =
            assertThrows(UnsupportedOperationException.class, () -> ctx().sharedMemory(64));
        assertTrue(e.getMessage().contains("shared memory"), e.getMessage());
      }
    }
  }
}
