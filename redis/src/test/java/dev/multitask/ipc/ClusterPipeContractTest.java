package dev.multitask.ipc;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.redis.ClusterFixture;
import org.junit.jupiter.api.Nested;

/** The {@link Pipe} contract ({@link PipeContract}) over the cluster context. */
class ClusterPipeContractTest {

  @Nested
  class Cluster extends PipeContract {
    @Override
    Context newContext() {
      return Multitask.cluster(ClusterFixture.get().url());
    }
  }
}
