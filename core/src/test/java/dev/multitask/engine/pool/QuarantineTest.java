package dev.multitask.engine.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.pool.TaskQuarantinedException;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.spi.PoolWorker;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: the rule that tells a worker killed by its task from one killed from outside, and what it
 * costs the task.
 */
class QuarantineTest {
  private static PoolWorker.Death death(int exitCode) {
    return new PoolWorker.Death(
        new WorkerDiedException("died: " + exitCode, 42, exitCode, ""), 0, false);
  }

  @Test
  void byTheTask_exitStatusFaultSignalsOrTheWorkersOwnReport_notOtherSignals() {
    for (int code : new int[] {0, 1, 7, 137, -4, -5, -6, -7, -8, -11, -31}) {
      assertTrue(Quarantine.byTheTask(death(code)), "exit code " + code);
    }
    for (int code : new int[] {-9, -15, -2, -1, -3, -10, -12, -13, -14}) {
      assertFalse(Quarantine.byTheTask(death(code)), "exit code " + code);
    }
    assertTrue(
        Quarantine.byTheTask(
            new PoolWorker.Death(new WorkerDiedException("oversized frame", 42, -9, ""), 0, true)));
  }

  @Test
  void mapItem_killedByItself_runsAgainUntilItsThirdDeath_andCountsOnceTowardItsCode() {
    Quarantine quarantine = new Quarantine();
    Quarantine.ItemDeaths item = new Quarantine.ItemDeaths();
    assertEquals(Quarantine.Verdict.RUN_AGAIN, quarantine.mapItemDied("f", item, death(7)));
    assertEquals(Quarantine.Verdict.RUN_AGAIN, quarantine.mapItemDied("f", item, death(-11)));
    assertEquals(Quarantine.Verdict.QUARANTINED, quarantine.mapItemDied("f", item, death(7)));
    assertNull(quarantine.check("f"), "one item, however often it ran, is one death of its code");
    quarantine.mapItemDied("f", new Quarantine.ItemDeaths(), death(7));
    quarantine.mapItemDied("f", new Quarantine.ItemDeaths(), death(7));
    assertInstanceOf(TaskQuarantinedException.class, quarantine.check("f"), "three items in a row");
    quarantine.release();
    assertNull(quarantine.check("f"));
  }

  @Test
  void mapItem_killedFromOutside_isChargedOnlyWhenItDiesAgainWhileNoOtherWorkerDid() {
    Quarantine quarantine = new Quarantine();
    Quarantine.ItemDeaths item = new Quarantine.ItemDeaths();
    Quarantine.ItemDeaths other = new Quarantine.ItemDeaths();
    quarantine.mapItemDied("f", item, death(-9));
    quarantine.mapItemDied("f", other, death(-9)); // a kill storm: others die too
    quarantine.mapItemDied("f", item, death(-9));
    assertEquals(0, item.charged, "killed from outside along with other workers");
    quarantine.mapItemDied("f", item, death(-9)); // it alone, again: the kernel's OOM killer, say
    assertEquals(1, item.charged);
    quarantine.mapItemDied("f", item, death(-9));
    assertEquals(Quarantine.Verdict.QUARANTINED, quarantine.mapItemDied("f", item, death(-15)));
  }

  @Test
  void mapItem_killedFromOutsideOnly_runsAgainUpToMaxDeaths_andNeverQuarantinesItsCode() {
    Quarantine quarantine = new Quarantine();
    Quarantine.ItemDeaths item = new Quarantine.ItemDeaths();
    for (int i = 1; i < Quarantine.MAX_DEATHS; i++) {
      assertEquals(Quarantine.Verdict.RUN_AGAIN, quarantine.mapItemDied("f", item, death(-9)));
      quarantine.mapItemDied(
          "f", new Quarantine.ItemDeaths(), death(-9)); // another worker died between
    }
    assertEquals(Quarantine.Verdict.GIVE_UP, quarantine.mapItemDied("f", item, death(-9)));
    assertNull(quarantine.check("f"));
    for (int i = 0; i < 5; i++) {
      quarantine.taskDied("g", death(-9));
    }
    assertNull(quarantine.check("g"), "submitted tasks killed from outside");
  }

  @Test
  void submittedTasks_killingWorkersThemselves_quarantineTheirCodeAtTheThirdInARow() {
    Quarantine quarantine = new Quarantine();
    quarantine.taskDied("h", death(3));
    quarantine.taskDied("h", death(3));
    quarantine.survived("h");
    quarantine.taskDied("h", death(3));
    quarantine.taskDied("h", death(-6));
    assertNull(quarantine.check("h"), "a success clears the count");
    quarantine.taskDied("h", death(-11));
    TaskQuarantinedException e =
        assertInstanceOf(TaskQuarantinedException.class, quarantine.check("h"));
    assertTrue(e.getMessage().contains("releaseQuarantine"), e.getMessage());
  }
}
