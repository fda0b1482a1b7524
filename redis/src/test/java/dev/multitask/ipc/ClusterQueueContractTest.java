package dev.multitask.ipc;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.redis.ClusterFixture;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Queue} and {@link JoinableQueue} contract ({@link QueueOperationContract}, {@link
 * QueueSharingContract}) over the cluster context.
 */
class ClusterQueueContractTest {

  @Nested
  class Cluster extends IpcContract {
    @Override
    Context newContext() {
      return Multitask.cluster(ClusterFixture.get().url());
    }

    @Nested
    class Operations extends QueueOperationContract {
      @Override
      IpcContract backend() {
        return Cluster.this;
      }
    }

    @Nested
    class Sharing extends QueueSharingContract {
      @Override
      IpcContract backend() {
        return Cluster.this;
      }
    }
  }
}
