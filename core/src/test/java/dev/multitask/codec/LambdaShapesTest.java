package dev.multitask.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Task;
import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier 1: lambdas split into a shape, sent once per channel, and their captured values. */
class LambdaShapesTest {

  private static Task<String> task(int k, String text) {
    return () -> text + k;
  }

  @Test
  void split_lambdasOfOneClass_shareTheirShape_andDifferInTheirValues() {
    LambdaShapes.Parts a = LambdaShapes.split(task(1, "a"));
    LambdaShapes.Parts b = LambdaShapes.split(task(2, "b"));
    assertNotNull(a);
    assertEquals(a.shapeId(), b.shapeId());
    assertSame(a.shape(), b.shape(), "one shape per lambda class, made once");
    assertTrue(a.captured().length < 16, "only the values travel with each lambda");
  }

  @Test
  void split_whatTheTaggedPathDoesNotTake_isNotSplit() {
    int[] array = {1};
    Task<Integer> capturesArray = () -> array[0];
    assertNull(LambdaShapes.split(capturesArray), "an array has an identity: JDK serialization");
    assertNull(LambdaShapes.split("not a lambda"));
    assertNull(LambdaShapes.split(null));
  }

  @Test
  void lambdasCapturingRecordsAndSharedObjects_splitToo_withWriteReplaceRunOnce() throws Exception {
    RecordCodecTest.Shared shared = RecordCodecTest.Shared.named("shapes");
    LambdaShapes.Receiver receiver = new LambdaShapes.Receiver();
    for (int k = 0; k < 3; k++) {
      RecordCodecTest.Point point =
          new RecordCodecTest.Point(k, 2L, 3, "p", RecordCodecTest.Color.RED);
      Task<String> task = () -> shared.name + point.x();
      int before = RecordCodecTest.Shared.REPLACED.get();
      LambdaShapes.Parts parts = LambdaShapes.split(task);
      assertNotNull(parts, "split");
      assertEquals(before + 1, RecordCodecTest.Shared.REPLACED.get(), "writeReplace ran once");
      Object back =
          receiver.decode(
              parts.shapeId(), k == 0 ? parts.shape() : null, new BytesIn(parts.captured()));
      assertEquals("shapes" + k, ((Task<?>) back).call());
      assertTrue(receiver.madeByConstructor(parts.shapeId()), "by the lambda's constructor");
    }

    List<String> list = new ArrayList<>(List.of("x"));
    Task<String> withAList = () -> shared.name + list;
    int before = RecordCodecTest.Shared.REPLACED.get();
    Object whole = LambdaShapes.encode(withAList);
    assertEquals(before + 1, RecordCodecTest.Shared.REPLACED.get(), "once, not again for JDK's");
    byte[] bytes = (byte[]) whole;
    assertEquals(Codec.JAVA, bytes[0]);
    assertEquals("shapes[x]", ((Task<?>) Codec.decode(bytes)).call());
  }

  @Test
  void receiver_afterTheShapeOnce_decodesLambdasFromTheirValuesAlone() throws Exception {
    LambdaShapes.Receiver receiver = new LambdaShapes.Receiver();
    for (int k = 0; k < 5; k++) {
      LambdaShapes.Parts parts = LambdaShapes.split(task(k, "v"));
      byte[] shape = k == 0 ? parts.shape() : null;
      Object back = receiver.decode(parts.shapeId(), shape, new BytesIn(parts.captured()));
      assertEquals("v" + k, ((Task<?>) back).call());
      assertTrue(
          receiver.madeByConstructor(parts.shapeId()),
          "after the first, made by the lambda class's constructor");
    }
    Task<Long> primitives = primitives(7, 3L, 0.5, true, 'c');
    LambdaShapes.Parts parts = LambdaShapes.split(primitives);
    receiver.decode(parts.shapeId(), parts.shape(), new BytesIn(parts.captured()));
    Object back = receiver.decode(parts.shapeId(), null, new BytesIn(parts.captured()));
    assertTrue(receiver.madeByConstructor(parts.shapeId()));
    assertEquals(primitives.call(), ((Task<?>) back).call(), "primitive captures unboxed in");
  }

  private static Task<Long> primitives(int i, long l, double d, boolean b, char c) {
    return () -> i + l + (long) (d * 10) + (b ? 100 : 0) + c;
  }

  @Test
  void receiver_anIdItWasNeverSent_failsTheDecode() {
    LambdaShapes.Parts parts = LambdaShapes.split(task(1, "x"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LambdaShapes.Receiver()
                    .decode(parts.shapeId(), null, new BytesIn(parts.captured())));
    assertTrue(e.getMessage().contains("never sent"), e.getMessage());
  }

  @Test
  void receiver_asksTheFilterAboutWhatObjectInputStreamWould_everyTime() {
    LambdaShapes.Receiver receiver = new LambdaShapes.Receiver();
    List<String> seen = new ArrayList<>();
    ObjectInputFilter recording =
        info -> {
          seen.add(
              info.serialClass().getSimpleName().replaceAll("/0x\\p{XDigit}+$", "")
                  + (info.arrayLength() >= 0 ? "[" + info.arrayLength() + "]" : ""));
          return ObjectInputFilter.Status.UNDECIDED;
        };
    int n = 3;
    Task<Integer> lambda = () -> n;
    LambdaShapes.Parts parts = LambdaShapes.split(lambda);
    List<String> expected =
        List.of(
            "SerializedLambda",
            "Object[]",
            "Object[][1]",
            "Integer",
            "Number",
            "LambdaShapesTest",
            "LambdaShapesTest$$Lambda");
    receiver.decode(parts.shapeId(), parts.shape(), new BytesIn(parts.captured()), recording);
    assertEquals(expected, seen, "the first lambda of its shape");
    seen.clear();
    receiver.decode(parts.shapeId(), null, new BytesIn(parts.captured()), recording);
    assertEquals(expected, seen, "a lambda made from its values alone");

    ObjectInputFilter refuseIntegers = Filters.refusing(Integer.class);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                receiver.decode(
                    parts.shapeId(), null, new BytesIn(parts.captured()), refuseIntegers));
    assertTrue(e.getMessage().contains("rejects java.lang.Integer"), e.getMessage());
  }

  @Test
  void receiver_aShapeThatCannotBeDecoded_failsEachLambdaOfIt_withTheSameReason() {
    LambdaShapes.Receiver receiver = new LambdaShapes.Receiver();
    LambdaShapes.Parts parts = LambdaShapes.split(task(1, "x"));
    byte[] broken = java.util.Arrays.copyOf(parts.shape(), 10);
    assertThrows(
        IllegalArgumentException.class,
        () -> receiver.decode(parts.shapeId(), broken, new BytesIn(parts.captured())));
    assertThrows(
        IllegalArgumentException.class,
        () -> receiver.decode(parts.shapeId(), null, new BytesIn(parts.captured())),
        "its later lambdas fail too, rather than as an unknown id");
  }
}
