package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.job.ActionTask;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serial;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier 1: which classes a standby worker is told to preload, and how the list travels. */
class RecentClassesTest {
  record Payload(int[] values) implements java.io.Serializable {}

  static final class Job implements Task<Integer> {
    @Serial private static final long serialVersionUID = 1L;
    private static final Payload SHARED = new Payload(new int[0]); // static: not the job's state
    private final Payload[] payloads = {SHARED};
    private final String label = "job";
    private final int count = 1;

    @Override
    public Integer call() {
      return payloads.length + label.length() + count;
    }
  }

  static final class Chore implements Action {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public void run() {}
  }

  @Test
  void remember_takesTheTaskClassAndItsFieldsApplicationTypes_notJdkOrPrimitives() {
    RecentClasses recent = new RecentClasses();
    recent.remember(new Job());
    assertEquals(List.of(Job.class.getName(), Payload.class.getName()), recent.names());
  }

  @Test
  void remember_anAction_namesTheUsersClass_andALambda_theClassThatWroteIt() {
    RecentClasses recent = new RecentClasses();
    recent.remember(new ActionTask(new Chore()));
    Task<Integer> lambda = () -> 1;
    recent.remember(lambda);
    assertEquals(List.of(Chore.class.getName(), RecentClassesTest.class.getName()), recent.names());
  }

  @Test
  void remember_keepsTheMostRecent_upToTheLimit() {
    RecentClasses recent = new RecentClasses();
    recent.remember(new Job());
    for (int i = 0; i < RecentClasses.LIMIT; i++) {
      recent.remember(new ActionTask(new Chore()));
    }
    recent.remember(new Job()); // again: becomes the most recent
    List<String> names = recent.names();
    assertEquals(List.of(Chore.class.getName(), Job.class.getName(), Payload.class.getName()), names);
  }

  @Test
  void bootstrap_carriesPidsAndThePreloadList_andRefusesAnAbsurdOne() throws IOException {
    Bootstrap sent = new Bootstrap("/run/s", 7, new byte[Handshake.KEY_BYTES], 41, 42, "/run", true, List.of("a.B", "c.D"));
    Bootstrap read = Bootstrap.read(new ByteArrayInputStream(sent.toBytes()));
    assertEquals(List.of("a.B", "c.D"), read.preload());
    assertTrue(read.standby());
    assertEquals(41, read.pid());
    assertEquals(42, read.parentPid());

    byte[] bytes = new Bootstrap("/run/s", 7, new byte[Handshake.KEY_BYTES], 41, 42, "/run", true, List.of()).toBytes();
    bytes[bytes.length - 1] = 100; // the count of names
    IOException e = assertThrows(IOException.class, () -> Bootstrap.read(new ByteArrayInputStream(bytes)));
    assertTrue(e.getMessage().contains("100 classes"), e.getMessage());
  }
}
