package dev.multitask.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Fn;
import dev.multitask.Task;
import java.io.ObjectInputFilter;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: serializable lambdas on {@link Codec}'s tagged path, and when they keep to JDK
 * serialization.
 */
class LambdaCodecTest {

  private static Object roundTrip(Object value, byte expectedTag) {
    byte[] bytes = Codec.encode(value);
    assertEquals(expectedTag, bytes[0], "tag");
    return Codec.decode(bytes);
  }

  @Test
  void aLambdaCapturingScalars_takesTheTaggedPath_andComesBackWithItsValues() throws Exception {
    int n = 7;
    long big = Long.MIN_VALUE;
    String text = "seven";
    String none = null;
    char c = 'x';
    double d = 0.5;
    Task<String> task = () -> text + n + big + none + c + d;
    Object back = roundTrip(task, Codec.LAMBDA);
    assertEquals(task.call(), ((Task<?>) back).call());

    Task<Integer> capturesNothing = () -> 42;
    assertEquals(42, ((Task<?>) roundTrip(capturesNothing, Codec.LAMBDA)).call());
  }

  @Test
  void aMethodReference_takesTheTaggedPath() throws Exception {
    Fn<String, Integer> parse = Integer::parseInt;
    @SuppressWarnings("unchecked")
    Fn<String, Integer> back = (Fn<String, Integer>) roundTrip(parse, Codec.LAMBDA);
    assertEquals(12, back.apply("12"));
  }

  @Test
  void aLambdaCapturingAnArrayOrAnObject_keepsToJdkSerialization_whichKeepsSharedValuesShared()
      throws Exception {
    int[] shared = {1, 2, 3};
    int[] same = shared;
    Task<Boolean> task = () -> shared == same && shared[2] == 3;
    assertTrue(
        (Boolean) ((Task<?>) roundTrip(task, Codec.JAVA)).call(),
        "one array after the round trip, as before");

    List<String> list = new ArrayList<>(List.of("a"));
    Task<Integer> capturesList = () -> list.size();
    assertEquals(1, ((Task<?>) roundTrip(capturesList, Codec.JAVA)).call());
  }

  @Test
  void aLambdaThatIsNotSerializable_stillFailsInEncode_namingTheProblem() {
    Runnable plain = () -> {};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.encode(plain));
    assertTrue(e.getMessage().contains("lambda"), e.getMessage());
  }

  @Test
  void theFilterSeesTheClassesObjectInputStreamWould_andItsRefusalFailsTheDecode()
      throws Exception {
    int n = 3;
    Task<Integer> task = () -> n;
    byte[] bytes = Codec.encode(task);
    List<String> seen = new ArrayList<>();
    ObjectInputFilter allowAll =
        info -> {
          seen.add(
              info.serialClass().getSimpleName()
                  + (info.arrayLength() >= 0 ? "[" + info.arrayLength() + "]" : ""));
          return ObjectInputFilter.Status.ALLOWED;
        };
    BytesIn in = new BytesIn(bytes, 1, bytes.length - 1);
    assertInstanceOf(Task.class, LambdaCodec.read(in, allowAll));
    assertEquals(
        List.of(
            "SerializedLambda",
            "Object[]",
            "Object[][1]",
            "Integer",
            "Number",
            "LambdaCodecTest",
            "LambdaCodecTest$$Lambda"),
        seen.stream().map(name -> name.replaceAll("/0x\\p{XDigit}+$", "")).toList());
    assertEquals(
        seenByObjectInputStream(task), seen, "the classes an ObjectInputStream shows the filter");

    ObjectInputFilter refuseIntegers = Filters.refusing(Integer.class);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LambdaCodec.read(new BytesIn(bytes, 1, bytes.length - 1), refuseIntegers));
    assertTrue(e.getMessage().contains("rejects java.lang.Integer"), e.getMessage());

    ObjectInputFilter refuseTheWriter = Filters.refusing(LambdaCodecTest.class);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LambdaCodec.read(new BytesIn(bytes, 1, bytes.length - 1), refuseTheWriter));
    assertTrue(
        e.getMessage().contains("rejects " + LambdaCodecTest.class.getName()), e.getMessage());
  }

  @Test
  void aBrokenLambdaEncoding_failsCleanly() {
    String text = "x";
    Task<String> task = () -> text;
    byte[] bytes = Codec.encode(task);
    // the one captured value is a string: make its tag claim a JDK-serialized object instead
    int last = lastIndexOf(bytes, Codec.STRING);
    bytes[last] = Codec.JAVA;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(bytes));
    assertTrue(e.getMessage().contains("not a multitask encoding"), e.getMessage());

    byte[] truncated = java.util.Arrays.copyOf(Codec.encode(task), 20);
    assertThrows(IllegalArgumentException.class, () -> Codec.decode(truncated));
  }

  @Test
  void aLambdaItsCapturingClassDoesNotKnow_failsTheDecode_namingTheClass() {
    Task<Integer> real = () -> 42;
    java.lang.invoke.SerializedLambda form = Codec.serializedForm(real);
    java.lang.invoke.SerializedLambda unknown =
        new java.lang.invoke.SerializedLambda(
            LambdaCodecTest.class,
            form.getFunctionalInterfaceClass(),
            form.getFunctionalInterfaceMethodName(),
            form.getFunctionalInterfaceMethodSignature(),
            form.getImplMethodKind(),
            form.getImplClass(),
            "lambda$noSuchLambda$0",
            form.getImplMethodSignature(),
            form.getInstantiatedMethodType(),
            new Object[0]);
    byte[] bytes = Codec.encodeLambda(unknown, LambdaCodecTest.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codec.decode(bytes));
    assertTrue(
        e.getMessage()
            .contains(
                "the lambda of " + LambdaCodecTest.class.getName() + " could not be deserialized"),
        e.getMessage());
  }

  /** Makes lambdas that capture it. */
  static final class Maker implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private final int k = 5;

    Task<Integer> task() {
      return () -> k; // captures this: not a scalar
    }
  }

  @Test
  void aLambdaCapturingItsEnclosingObject_keepsToJdkSerialization() throws Exception {
    assertEquals(5, ((Task<?>) roundTrip(new Maker().task(), Codec.JAVA)).call());
  }

  @Test
  void aSerializedLambdaItself_isAnOrdinaryObject() {
    Task<Integer> task = () -> 1;
    SerializedLambda form = LambdaCodec.prepare(task).form();
    assertEquals(LambdaCodecTest.class.getName().replace('.', '/'), form.getCapturingClass());
    // encoding the form (not the lambda) is JDK serialization, whose readResolve makes the lambda
    Object back = roundTrip(form, Codec.JAVA);
    assertInstanceOf(Task.class, back);
    assertNotSame(task, back);
  }

  /** The classes (and array lengths) a filter sees when JDK serialization reads {@code lambda}. */
  private static List<String> seenByObjectInputStream(Object lambda) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(lambda);
    }
    List<String> seen = new ArrayList<>();
    try (var in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      in.setObjectInputFilter(
          info -> {
            if (info.serialClass() != null) {
              seen.add(
                  info.serialClass().getSimpleName()
                      + (info.arrayLength() >= 0 ? "[" + info.arrayLength() + "]" : ""));
            }
            return ObjectInputFilter.Status.UNDECIDED;
          });
      in.readObject();
    }
    return seen;
  }

  private static int lastIndexOf(byte[] bytes, byte value) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == value) {
        return i;
      }
    }
    throw new AssertionError("no byte " + value);
  }
}
