package dev.multitask.process.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Liveness tells a live owner from a dead one and from a reused pid, the same in every process. */
class LivenessTest {
  @Test
  void ownPid_readFromProc_isTheJdksPidOfThisProcess() {
    assertEquals(ProcessHandle.current().pid(), Liveness.ownPid());
    assertEquals(ProcessHandle.current().pid(), Liveness.SELF_PID);
  }

  @Test
  void alive_ofALiveChild_isTrue_andItsOwnerWordCarriesTheStartTicksOfProc() throws Exception {
    Process child = new ProcessBuilder("sleep", "60").start();
    try {
      long word = Liveness.ownerWord(child.toHandle());
      String stat = Files.readString(Path.of("/proc/" + child.pid() + "/stat"));
      long ticks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
      assertEquals(child.pid() << 32 | ticks, word);
      for (int i = 0; i < 1_000; i++) {
        assertTrue(Liveness.alive(word), "a live child judged dead at check " + i);
      }
      assertFalse(
          Liveness.alive(word + 1), "the same pid with another start time is another process");
      assertTrue(Liveness.alive(child.pid() << 32), "an unknown start time matches the pid");
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void alive_ofAZombieOrAnExitedProcess_isFalse() throws Exception {
    // a child that exits and is not reaped stays a zombie: ProcessHandle still counts it alive
    Process child = new ProcessBuilder("sh", "-c", "exit 0").start();
    long word = child.pid() << 32;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Liveness.alive(word) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(Liveness.alive(word));
    child.waitFor();
    assertFalse(Liveness.alive(word), "reaped");
  }

  @Test
  void self_isAlwaysAlive() {
    assertTrue(Liveness.alive(Liveness.SELF));
    assertEquals(Liveness.SELF, Liveness.ownerWord(ProcessHandle.current()));
  }
}
