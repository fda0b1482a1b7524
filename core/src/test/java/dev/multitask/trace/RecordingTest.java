package dev.multitask.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording's own rules, with no run behind it: the buffer's bound, which events a trace keeps,
 * how a child's main lane is resolved, and what the files say.
 */
class RecordingTest {
  private static TraceEvent event(TraceEvent.Kind kind, String name, long pid, long tid, long at) {
    return new TraceEvent(kind, name, pid, tid, at, 1_500, 0, 0, null);
  }

  @Test
  void buffer_pastItsLimit_countsDroppedEvents() {
    EventBuffer buffer = new EventBuffer(3);
    for (int i = 0; i < 5; i++) {
      buffer.add(event(TraceEvent.Kind.SPAN, "s" + i, 1, 1, i));
    }
    assertEquals(3, buffer.snapshot().size());
    assertEquals(2, buffer.dropped());
    assertEquals(3, buffer.drain().size());
    buffer.add(event(TraceEvent.Kind.SPAN, "after a drain", 1, 1, 9));
    assertEquals(1, buffer.snapshot().size(), "a drain makes room");
    assertEquals(2, buffer.takeDropped());
    assertEquals(0, buffer.dropped());
  }

  @Test
  void buffer_zeroLimit_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new EventBuffer(0));
  }

  @Test
  void recording_keepsEventsEndingAfterItsStart_inTimeOrder() {
    List<TraceEvent> events =
        List.of(
            event(TraceEvent.Kind.SPAN, "late", 1, 1, 10_000),
            event(TraceEvent.Kind.SPAN, "before", 1, 1, 0), // ends at 1 500
            event(TraceEvent.Kind.SPAN, "overlapping", 1, 1, 1_000)); // ends at 2 500
    Recording r = new Recording(events, new Names(), 0, 2_000);
    assertEquals(
        List.of("overlapping", "late"), r.events().stream().map(TraceEvent::name).toList());
    assertEquals(1_000, r.originNanos(), "the files count from the earliest event kept");
  }

  @Test
  void mainThreadLane_resolvesToTheChildsMainOrItsPid() {
    Names names = new Names();
    names.mainThread(20, 3);
    List<TraceEvent> events =
        List.of(
            event(TraceEvent.Kind.TASK, "named", 20, TraceEvent.MAIN_THREAD, 0),
            event(TraceEvent.Kind.TASK, "unnamed", 30, TraceEvent.MAIN_THREAD, 0));
    Recording r = new Recording(events, names, 0, Long.MIN_VALUE);
    Map<String, Long> tids =
        Map.of(
            r.events().get(0).name(),
            r.events().get(0).tid(),
            r.events().get(1).name(),
            r.events().get(1).tid());
    assertEquals(3L, tids.get("named"));
    assertEquals(30L, tids.get("unnamed"), "a child that never named its main thread: its pid");
    assertEquals("main", r.threadName(30, 30));
  }

  @Test
  void chromeJson_escapesMarkupAndControlCharacters() {
    Recording r =
        new Recording(
            List.of(event(TraceEvent.Kind.SPAN, "</script><b>\"x\"\n", 1, 1, 0)),
            new Names(),
            0,
            Long.MIN_VALUE);
    String json = r.toChromeJson();
    assertFalse(json.contains("<"), json);
    assertTrue(json.contains("\\u003c/script>\\u003cb>\\\"x\\\"\\n"), json);
    assertEquals(List.of(), TraceEventSchema.problems(json));
    String html = r.toHtml();
    assertEquals(2, html.split("</script>", -1).length - 1, "the page's own two scripts only");
  }

  @Test
  void chromeJson_timesAreExactMicroseconds() {
    assertEquals("0.000", ChromeJson.micros(0));
    assertEquals("1.234", ChromeJson.micros(1_234));
    assertEquals("12345678.009", ChromeJson.micros(12_345_678_009L));
    assertEquals("-0.005", ChromeJson.micros(-5));
  }

  @Test
  void writeTo_makesTheDirectoryAndBothFiles(@TempDir Path tmp) throws Exception {
    Recording r =
        new Recording(
            List.of(event(TraceEvent.Kind.SPAN, "s", 1, 1, 0)), new Names(), 0, Long.MIN_VALUE);
    Path dir = tmp.resolve("a/b");
    Path html = r.writeTo(dir);
    assertEquals(dir.resolve(Recording.HTML_FILE), html);
    assertEquals(r.toChromeJson(), Files.readString(dir.resolve(Recording.JSON_FILE)));
    String page = Files.readString(html);
    assertTrue(page.contains(r.toChromeJson().strip()));
    assertFalse(page.contains("http://") || page.contains("https://"), "no link out of the page");
  }

  @Test
  void traceEvent_negativeDuration_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new TraceEvent(TraceEvent.Kind.SPAN, "s", 1, 1, 0, -1, 0, 0, null));
  }
}
