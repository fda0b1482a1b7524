package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.trace.Recorder;
import dev.multitask.trace.Recording;
import dev.multitask.trace.Trace;
import dev.multitask.trace.TraceEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker's TRACE frame: what it encodes comes out the same, the parent merges it into its trace
 * by pid and thread (a child's main lane included), and a damaged frame is refused before anything
 * is allocated for it.
 */
class TraceFramesTest {
  private static final long CHILD = 4_000_001;
  private static final long GRANDCHILD = 4_000_002;

  /** Events a child recorded, {@code at} and after (a trace keeps what ends after its start). */
  private static Recorder.Batch batch(long at) {
    return new Recorder.Batch(
        List.of(
            new TraceEvent(TraceEvent.Kind.LOCK_WAIT, "lock A", CHILD, 7, at, 500, CHILD, 9, null),
            new TraceEvent(
                TraceEvent.Kind.LOCK_WAIT, "lock A", CHILD, 9, at + 1000, 10, 0, 0, null),
            new TraceEvent(
                TraceEvent.Kind.BARRIER,
                "barrier b",
                GRANDCHILD,
                1,
                at + 2000,
                20,
                1,
                2,
                "released")),
        Map.of(CHILD, "job-1", GRANDCHILD, "job-1-1"),
        Map.of(CHILD, Map.of(7L, "job-1", 9L, "helper"), GRANDCHILD, Map.of(1L, "job-1-1")),
        Map.of(CHILD, 7L, GRANDCHILD, 1L),
        3);
  }

  private static BytesIn body(BytesOut frame) {
    // a frame is length, kind, then the body the reader hands over
    return new BytesIn(frame.array(), 5, frame.size() - 5);
  }

  @Test
  void encode_thenDecode_givesTheSameBatch() {
    Recorder.Batch sent = batch(1_000);
    Recorder.Batch received = TraceFrames.decode(body(TraceFrames.encode(sent)));
    assertEquals(sent, received);
  }

  @Test
  void encode_repeatedNames_sendsThemOnce() {
    BytesOut frame = TraceFrames.encode(batch(1_000));
    String text =
        new String(frame.array(), 0, frame.size(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(text.indexOf("lock A"), text.lastIndexOf("lock A"));
  }

  @Test
  void merge_whileTracing_addsChildEventsOnTheirLanes() {
    Recording recording;
    try (Trace trace = Trace.start()) {
      long now = System.nanoTime();
      Recorder.merge(batch(now));
      // what the parent records of the child's pool task: on the child's main lane
      Recorder.poolTask("pool-9", "submit", 1, 0, CHILD, null, now - 100, now + 600, "ok");
      recording = trace.snapshot();
    }
    assertEquals(3, recording.dropped());
    assertEquals("job-1", recording.processName(CHILD));
    assertEquals("helper", recording.threadName(CHILD, 9));
    TraceEvent task =
        recording.events().stream()
            .filter(e -> e.kind() == TraceEvent.Kind.TASK)
            .findFirst()
            .orElseThrow();
    assertEquals(7, task.tid(), "the child's main thread, as the child named it");
    assertEquals(List.of(CHILD, GRANDCHILD), List.copyOf(recording.pids()));
    assertTrue(
        recording.toChromeJson().contains("\"holder\":\"thread 'helper' (9) of pid " + CHILD));
  }

  @Test
  void merge_afterTheTraceStopped_dropsTheBatch() {
    Trace.start().stop();
    Recorder.merge(batch(System.nanoTime()));
    try (Trace trace = Trace.start()) {
      assertEquals(List.of(), trace.stop().events());
    }
  }

  @Test
  void decode_countLargerThanTheFrame_isRefused() {
    BytesOut frame = TraceFrames.encode(batch(1_000));
    byte[] bytes = Arrays.copyOf(frame.array(), frame.size());
    // the string count, right after the version: claim a billion strings
    bytes[9] = 0x3b;
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TraceFrames.decode(new BytesIn(bytes, 5, bytes.length - 5)));
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
  }

  @Test
  void decode_otherVersion_isRefused() {
    BytesOut frame = TraceFrames.encode(batch(1_000));
    byte[] bytes = Arrays.copyOf(frame.array(), frame.size());
    bytes[8] = 2;
    assertThrows(
        IllegalArgumentException.class,
        () -> TraceFrames.decode(new BytesIn(bytes, 5, bytes.length - 5)));
  }
}
