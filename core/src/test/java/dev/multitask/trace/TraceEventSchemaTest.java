package dev.multitask.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trace file against the trace-event schema ({@link TraceEventSchema}): a recorded process pool
 * run passes it, and the check itself catches each kind of mistake it looks for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TraceEventSchemaTest {
  @Test
  void recordedPoolRun_json_passesTheSchema() throws Exception {
    Recording run = TracedRuns.poolRun();
    String json = run.toChromeJson();
    assertEquals(List.of(), TraceEventSchema.problems(json));

    Map<?, ?> top = (Map<?, ?>) Json.parse(json);
    List<?> events = (List<?>) top.get("traceEvents");
    long drawn = events.stream().filter(e -> !"M".equals(((Map<?, ?>) e).get("ph"))).count();
    assertEquals(run.events().size(), drawn, "one trace event per recorded event");
    Set<Object> named = new TreeSet<>();
    for (Object o : events) {
      Map<?, ?> e = (Map<?, ?>) o;
      if ("process_name".equals(e.get("name"))) {
        named.add(e.get("pid"));
      }
    }
    Set<Object> pids = new TreeSet<>(run.pids());
    assertEquals(pids, named, "every process is named");
    assertEquals(TracedRuns.WORKERS, TracedRuns.workerPids(run).size());
    assertEquals(
        TracedRuns.ITEMS, RecorderTest.kinds(run, TraceEvent.Kind.TASK).size(), run.toString());
  }

  @Test
  void validTrace_withEveryPhase_passes() {
    String json =
        """
        {"traceEvents":[
        {"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"p"}},
        {"name":"thread_sort_index","ph":"M","pid":1,"tid":2,"args":{"sort_index":3}},
        {"name":"a","ph":"B","ts":1,"pid":1,"tid":2},
        {"name":"x","cat":"task","ph":"X","ts":1.5,"dur":0.5,"pid":1,"tid":2,"args":{}},
        {"name":"m","ph":"i","s":"t","ts":2,"pid":1,"tid":2},
        {"ph":"E","ts":3,"pid":1,"tid":2}
        ],"displayTimeUnit":"ms"}
        """;
    assertEquals(List.of(), TraceEventSchema.problems(json));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "X without dur | {\"name\":\"x\",\"ph\":\"X\",\"ts\":1,\"pid\":1,\"tid\":1}"
            + " | dur is missing",
        "negative dur | {\"name\":\"x\",\"ph\":\"X\",\"ts\":1,\"dur\":-1,\"pid\":1,\"tid\":1}"
            + " | dur < 0",
        "ts as text | {\"name\":\"x\",\"ph\":\"X\",\"ts\":\"1\",\"dur\":1,\"pid\":1,\"tid\":1}"
            + " | ts is missing or not a number",
        "pid as text | {\"name\":\"x\",\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":\"1\",\"tid\":1}"
            + " | pid is missing or not an integer",
        "no name | {\"ph\":\"i\",\"ts\":1,\"pid\":1,\"tid\":1} | name is missing",
        "unknown phase | {\"name\":\"x\",\"ph\":\"Q\",\"ts\":1,\"pid\":1,\"tid\":1} | no phase",
        "bad scope | {\"name\":\"x\",\"ph\":\"i\",\"s\":\"q\",\"ts\":1,\"pid\":1,\"tid\":1}"
            + " | scope",
        "E alone | {\"ph\":\"E\",\"ts\":1,\"pid\":1,\"tid\":1} | no open B",
        "B never closed | {\"name\":\"x\",\"ph\":\"B\",\"ts\":1,\"pid\":1,\"tid\":1}"
            + " | never closed",
        "M without name arg | {\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":1,"
            + "\"args\":{}} | args.name",
        "unknown metadata | {\"name\":\"colour\",\"ph\":\"M\",\"pid\":1,\"tid\":1,\"args\":{}}"
            + " | metadata name",
        "ts going back | {\"name\":\"x\",\"ph\":\"i\",\"ts\":5,\"pid\":1,\"tid\":1},"
            + "{\"name\":\"y\",\"ph\":\"i\",\"ts\":4,\"pid\":1,\"tid\":1} | before the previous",
        "M after X | {\"name\":\"x\",\"ph\":\"i\",\"ts\":5,\"pid\":1,\"tid\":1},"
            + "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"p\"}}"
            + " | metadata after",
      })
  void schema_catchesTheMistake(String mistake, String events, String expected) {
    List<String> problems = TraceEventSchema.problems("{\"traceEvents\":[" + events + "]}");
    assertFalse(problems.isEmpty(), mistake + " passed");
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(expected)),
        mistake + ": expected a problem with '" + expected + "', got " + problems);
  }

  @Test
  void schema_notJsonOrNoEvents_fails() {
    assertFalse(TraceEventSchema.problems("{\"traceEvents\":[").isEmpty());
    assertFalse(TraceEventSchema.problems("[]").isEmpty());
    assertFalse(TraceEventSchema.problems("{\"events\":[]}").isEmpty());
  }
}
