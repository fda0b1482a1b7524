package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.redis.ClusterFixture;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link Job} contract ({@link JobContract}) over the cluster context: jobs run in child JVMs
 * of the fixture's worker JVMs, coordinated by its Redis server. A cluster job's parent process is
 * the worker JVM of its host, not the driver (which may be on another machine): the two cases that
 * expect the driver are skipped by name, and {@code parentProcess_inAClusterJob_isAWorkerJvm} says
 * what the cluster does instead.
 */
class ClusterJobContractTest {
  private static final String PARENT_IS_THE_WORKER =
      "a cluster job is a child of the worker JVM of its host, not of the driver";

  @Nested
  class Cluster extends JobContract {
    @Override
    Context newContext() {
      return Multitask.cluster(ClusterFixture.get().url());
    }

    @Override
    String defaultNamePrefix() {
      return "Process";
    }

    @Override
    boolean runsInChildProcess() {
      return true;
    }

    @Test
    @Disabled(PARENT_IS_THE_WORKER)
    @Override
    void parentProcess_inAJob_namesTheProcessThatStartedIt() {}

    @Test
    @Disabled(PARENT_IS_THE_WORKER)
    @Override
    void currentProcess_askedByBody_describesRunningProcess() {}

    @Test
    void parentProcess_inAClusterJob_isAWorkerJvm() throws Exception {
      String seen = ctx.start(parentSeen()).result();
      assertTrue(seen.startsWith("MainProcess/"), seen);
      long parent = Long.parseLong(seen.substring("MainProcess/".length()));
      assertNotEquals(ProcessHandle.current().pid(), parent);
      String command =
          ProcessHandle.of(parent).flatMap(p -> p.info().commandLine()).orElse("(gone)");
      assertTrue(command.contains("WorkerMain"), "the parent runs a cluster worker: " + command);
    }
  }
}
