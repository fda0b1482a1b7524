package dev.multitask.pool;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.redis.ClusterFixture;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link Pool} contract ({@link TaskContract}, {@link MapContract}, {@link WorkerContract})
 * over the cluster context: a pool's items run in child JVMs of the fixture's worker JVMs.
 */
class ClusterPoolContractTest {

  @Nested
  class Cluster extends PoolContract {
    @Override
    Context newContext() {
      return Multitask.cluster(ClusterFixture.get().url());
    }

    @Override
    boolean workersAreProcesses() {
      return true;
    }

    @Override
    boolean workersAreVirtualThreads() {
      return true; // a slot only waits for the cluster: its pool's size has no limit
    }

    @Nested
    class Tasks extends TaskContract {
      @Override
      PoolContract backend() {
        return Cluster.this;
      }
    }

    @Nested
    class Mapping extends MapContract {
      @Override
      PoolContract backend() {
        return Cluster.this;
      }
    }

    @Nested
    class Workers extends WorkerContract {
      @Override
      PoolContract backend() {
        return Cluster.this;
      }

      @Test
      @Disabled(
          "a cluster pool's slots are not processes: the workers' child JVMs serve every pool and"
              + " are not recycled after maxTasksPerWorker")
      @Override
      void worker_afterMaxTasks_isRecycled() {}

      @Test
      @Disabled(
          "the initializer runs once per child JVM of the workers that serves the pool (six in"
              + " the fixture), not once per slot; ClusterSmokeTest checks that every item runs"
              + " after it")
      @Override
      void initializer_runsOncePerWorkerBeforeItsTasks() {}

      @Test
      @Disabled(
          "a cluster slot learns which child JVM ran an item only from its report, after the"
              + " timeline recorded the item's start: the entry's pid is 0")
      @Override
      void timeline_recordsEveryTaskWithWorkerAndPid() {}
    }
  }
}
