package dev.multitask.ipc;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.redis.ClusterFixture;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Queue} and {@link JoinableQueue} contract ({@link QueueOperationContract}, {@link
 * QueueSharingContract}, {@link QueueIterationContract}) over the cluster context.
 */
class ClusterQueueContractTest {

  @Nested
  class Cluster extends IpcContract {
    @Override
    Context newContext() {
      return Multitask.cluster(ClusterFixture.get().url());
    }

    @Override
    int elementsPerProducer() {
      return 2_000; // each put and take is a round trip to Redis (or two, for a bounded queue)
    }

    @Nested
    class Iteration extends QueueIterationContract {
      @Override
      IpcContract backend() {
        return Cluster.this;
      }
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
