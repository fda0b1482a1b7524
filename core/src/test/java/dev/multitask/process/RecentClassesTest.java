package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.process.startup.LambdaShape;
import dev.multitask.process.startup.Preload;
import dev.multitask.process.startup.RecentClasses;
import dev.multitask.spi.ActionTask;
import dev.multitask.wire.Handshake;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serial;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: what a standby worker is told to preload (classes, lambda shapes), and how it travels.
 */
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
    assertEquals(List.of(Job.class.getName(), Payload.class.getName()), recent.preload().classes());
  }

  @Test
  void remember_anAction_namesTheUsersClass_andALambda_theClassThatWroteIt() {
    RecentClasses recent = new RecentClasses();
    recent.remember(new ActionTask(new Chore()));
    Task<Integer> lambda = () -> 1;
    recent.remember(lambda);
    assertEquals(
        List.of(Chore.class.getName(), RecentClassesTest.class.getName()),
        recent.preload().classes());
  }

  /** Writes a lambda from a nested class, whose nest host is the test class. */
  static final class Writer {
    private Writer() {}

    static Task<Integer> lambda() {
      return () -> 2;
    }
  }

  @Test
  void remember_aLambdaOfANestedClass_namesThatClass_whichDeserializesIt_notItsNestHost() {
    RecentClasses recent = new RecentClasses();
    recent.remember(Writer.lambda());
    assertEquals(List.of(Writer.class.getName()), recent.preload().classes());
  }

  @Test
  void remember_keepsTheMostRecent_upToTheLimit() {
    RecentClasses recent = new RecentClasses();
    recent.remember(new Job());
    for (int i = 0; i < RecentClasses.LIMIT; i++) {
      recent.remember(new ActionTask(new Chore()));
    }
    recent.remember(new Job()); // again: becomes the most recent
    List<String> names = recent.preload().classes();
    assertEquals(
        List.of(Chore.class.getName(), Job.class.getName(), Payload.class.getName()), names);
  }

  /**
   * A class that writes lambdas and has no static initializer: linking its lambdas runs none of its
   * code.
   */
  static final class QuietCapturer {
    private QuietCapturer() {}

    static Task<String> make(int n, String text, long big) {
      return () -> text + n + big;
    }
  }

  /** A class that writes lambdas and has a static initializer. */
  static final class NoisyCapturer {
    static final List<String> STATE = List.of("computed"); // not a constant: a static initializer

    private NoisyCapturer() {}

    static Task<String> make(int n) {
      return () -> STATE.get(0) + n;
    }
  }

  @Test
  void remember_aLambda_keepsItsShape_withTheCapturedValuesZeroed() throws Exception {
    RecentClasses recent = new RecentClasses();
    recent.remember(QuietCapturer.make(7, "seven", 70L));
    recent.remember(QuietCapturer.make(8, "eight", 80L)); // the same lambda: one shape
    recent.remember(new Job()); // not a lambda: no shape
    Preload preload = recent.preload();
    assertEquals(1, preload.lambdas().size(), () -> "shapes: " + preload.lambdas());
    LambdaShape shape = preload.lambdas().get(0);
    assertEquals(QuietCapturer.class.getName(), shape.capturingClass());
    assertEquals(Task.class.getName(), shape.functionalInterface());
    // the shape decodes to a working instance of the same lambda, holding nulls and zeros
    Object decoded = dev.multitask.codec.Codec.decode(shape.encoded());
    assertEquals("null00", ((Task<?>) decoded).call());
    assertTrue(
        shape.link(getClass().getClassLoader()), "a quiet capturing class's lambda is linked");
  }

  @Test
  void link_skipsALambdaWhoseCapturingClassHasAStaticInitializer() {
    LambdaShape shape = LambdaShape.of(NoisyCapturer.make(1));
    assertTrue(shape != null, "a serializable lambda has a shape");
    assertTrue(
        !shape.link(getClass().getClassLoader()),
        "linking would run the capturing class's initializer");
    assertEquals(null, LambdaShape.of(new Job()), "a class is not a lambda");
    Runnable notSerializable = () -> {};
    assertEquals(null, LambdaShape.of(notSerializable), "a lambda that cannot travel has no shape");
  }

  @Test
  void bootstrap_carriesPidsAndThePreload_andRefusesAnAbsurdOne() throws IOException {
    LambdaShape lambda = LambdaShape.of(QuietCapturer.make(1, "one", 1L));
    Bootstrap sent =
        new Bootstrap(
            "/run/s",
            7,
            new byte[Handshake.KEY_BYTES],
            41,
            42,
            "/run",
            true,
            false,
            new Preload(List.of("a.B", "c.D"), List.of(lambda)));
    Bootstrap read = Bootstrap.read(new ByteArrayInputStream(sent.toBytes()));
    assertEquals(List.of("a.B", "c.D"), read.preload().classes());
    assertEquals(1, read.preload().lambdas().size());
    LambdaShape travelled = read.preload().lambdas().get(0);
    assertEquals(lambda.capturingClass(), travelled.capturingClass());
    assertEquals(lambda.functionalInterface(), travelled.functionalInterface());
    assertArrayEquals(lambda.encoded(), travelled.encoded());
    assertTrue(read.standby());
    assertFalse(read.filterFree());
    assertTrue(
        Bootstrap.read(
                new ByteArrayInputStream(
                    new Bootstrap(
                            "/run/s",
                            7,
                            new byte[Handshake.KEY_BYTES],
                            41,
                            42,
                            "/run",
                            false,
                            true,
                            Preload.NONE)
                        .toBytes()))
            .filterFree());
    assertEquals(41, read.pid());
    assertEquals(42, read.parentPid());
    assertEquals("MainProcess", read.parentName());
    Bootstrap fromAChild =
        Bootstrap.read(
            new ByteArrayInputStream(
                new Bootstrap(
                        "",
                        7,
                        new byte[Handshake.KEY_BYTES],
                        41,
                        42,
                        "",
                        false,
                        true,
                        Preload.NONE,
                        "middle",
                        40,
                        true)
                    .toBytes()));
    assertEquals("middle", fromAChild.parentName());
    assertEquals(40, fromAChild.grandparentPid());
    assertTrue(fromAChild.parentIsChild());

    byte[] bytes =
        new Bootstrap(
                "/run/s",
                7,
                new byte[Handshake.KEY_BYTES],
                41,
                42,
                "/run",
                true,
                true,
                Preload.NONE)
            .toBytes();
    bytes[bytes.length - 5] = 100; // the count of names
    IOException e =
        assertThrows(IOException.class, () -> Bootstrap.read(new ByteArrayInputStream(bytes)));
    assertTrue(e.getMessage().contains("100 classes"), e.getMessage());

    byte[] lambdas =
        new Bootstrap(
                "/run/s",
                7,
                new byte[Handshake.KEY_BYTES],
                41,
                42,
                "/run",
                true,
                true,
                Preload.NONE)
            .toBytes();
    lambdas[lambdas.length - 1] = 100; // the count of lambdas
    e = assertThrows(IOException.class, () -> Bootstrap.read(new ByteArrayInputStream(lambdas)));
    assertTrue(e.getMessage().contains("100 lambdas"), e.getMessage());

    // read from the lifeline: exactly the bootstrap, so that the byte after it is the lifeline's
    byte[] whole =
        new Bootstrap("", 7, new byte[Handshake.KEY_BYTES], 41, 42, "", false, true, Preload.NONE)
            .toBytes();
    ByteArrayInputStream lifeline =
        new ByteArrayInputStream(java.util.Arrays.copyOf(whole, whole.length + 1));
    Bootstrap.read(lifeline);
    assertEquals(1, lifeline.available(), "the byte after the bootstrap is left to the lifeline");
    e =
        assertThrows(
            IOException.class,
            () ->
                Bootstrap.read(
                    new ByteArrayInputStream(java.util.Arrays.copyOf(whole, whole.length - 3))));
    assertTrue(e.getMessage().contains("of its"), e.getMessage());
  }
}
