package dev.multitask.shared;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.redis.ClusterFixture;
import org.junit.jupiter.api.Nested;

/**
 * The manager contract ({@link SharedMapContract}, {@link SharedListContract}, {@link
 * NamespaceContract}, {@link ManagerLifecycleContract}, {@link CpythonManagerPorts}) over the
 * cluster context: the containers live in Redis, the jobs on the fixture's workers.
 */
class ClusterManagerContractTest {

  @Nested
  class Cluster extends ContainerContract {
    @Override
    Context newContext() {
      return Multitask.cluster(ClusterFixture.get().url());
    }

    @Override
    boolean processes() {
      return true;
    }

    /** Each update is a round trip to Redis from a child JVM: a quarter of a local backend's. */
    @Override
    int perJob(int local) {
      return local / 4;
    }

    @Nested
    class Maps extends SharedMapContract {
      @Override
      ContainerContract run() {
        return Cluster.this;
      }
    }

    @Nested
    class Lists extends SharedListContract {
      @Override
      ContainerContract run() {
        return Cluster.this;
      }
    }

    @Nested
    class Namespaces extends NamespaceContract {
      @Override
      ContainerContract run() {
        return Cluster.this;
      }
    }

    @Nested
    class Lifecycle extends ManagerLifecycleContract {
      @Override
      ContainerContract run() {
        return Cluster.this;
      }
    }

    @Nested
    class CpythonPorts extends CpythonManagerPorts {
      @Override
      ContainerContract run() {
        return Cluster.this;
      }
    }
  }
}
