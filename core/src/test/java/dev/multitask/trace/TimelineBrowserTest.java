package dev.multitask.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTML timeline of a recorded process pool run, opened in a real browser: headless Chromium
 * loads {@code trace.html} from disk with the network off, and the page's DOM, as the browser built
 * it, must have a section per process, a lane per thread, and a bar per event, task bars on the
 * lanes of the worker processes. A screenshot is saved as {@code target/trace-timeline.png}.
 *
 * <p>Chromium is part of the test set-up ({@code .ci/run} installs Debian's {@code chromium}); on a
 * machine without it this test fails and says how to install it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TimelineBrowserTest {
  private static final Path OUT = Path.of("target", "trace-timeline");
  private static final Path SCREENSHOT = Path.of("target", "trace-timeline.png");

  /** A tag the page draws: the element, then its attributes. */
  private static final Pattern TAG = Pattern.compile("<(section|div)\\s([^>]*)>");

  private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");

  @Test
  void recordedPoolRun_inChromium_drawsALanePerThreadAndABarPerEvent() throws Exception {
    Path browser = chromium();
    Recording run = TracedRuns.poolRun();
    Path html = TracedRuns.writePoolRun(OUT).toAbsolutePath();

    String dom = runChromium(browser, "--dump-dom", html);
    assertTrue(
        dom.contains("data-ready=\"true\""), "the page's script ran to the end:\n" + head(dom));

    Map<String, Lane> lanes = new LinkedHashMap<>();
    List<Long> processes = new ArrayList<>();
    Lane current = null;
    int bars = 0;
    Matcher tag = TAG.matcher(dom);
    while (tag.find()) {
      Map<String, String> a = attributes(tag.group(2));
      String cls = a.getOrDefault("class", "");
      if (tag.group(1).equals("section") && cls.equals("process")) {
        processes.add(Long.parseLong(a.get("data-pid")));
      } else if (cls.equals("lane")) {
        current = new Lane(Long.parseLong(a.get("data-pid")), Long.parseLong(a.get("data-tid")));
        lanes.put(current.pid + ":" + current.tid, current);
      } else if (cls.startsWith("bar ")) {
        assertTrue(current != null, "a bar outside any lane: " + tag.group());
        current.categories.merge(a.get("data-cat"), 1, Integer::sum);
        bars++;
      }
    }

    assertEquals(
        run.pids().stream().sorted().toList(),
        processes.stream().sorted().toList(),
        "a section per process");
    assertEquals(run.events().size(), bars, "a bar per event");
    Map<String, Integer> eventLanes = new HashMap<>();
    for (TraceEvent e : run.events()) {
      eventLanes.merge(e.pid() + ":" + e.tid(), 1, Integer::sum);
    }
    assertEquals(eventLanes.keySet(), lanes.keySet(), "a lane per thread");
    int taskBars = 0;
    for (long worker : TracedRuns.workerPids(run)) {
      List<Lane> ofWorker = lanes.values().stream().filter(l -> l.pid == worker).toList();
      int tasks = ofWorker.stream().mapToInt(l -> l.categories.getOrDefault("task", 0)).sum();
      assertTrue(tasks > 0, "task bars on worker " + worker + "'s lanes: " + ofWorker);
      assertTrue(
          ofWorker.stream().anyMatch(l -> l.categories.getOrDefault("span", 0) > 0),
          "the worker's own spans are drawn too: " + ofWorker);
      taskBars += tasks;
    }
    assertEquals(TracedRuns.ITEMS, taskBars, "a task bar per map item");

    Files.deleteIfExists(SCREENSHOT);
    runChromium(browser, "--screenshot=" + SCREENSHOT.toAbsolutePath(), html);
    byte[] png = Files.readAllBytes(SCREENSHOT);
    assertTrue(
        png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
        "a PNG screenshot in " + SCREENSHOT);
  }

  @Test
  void manyEvents_inChromium_drawsTheLongestInViewAndSaysSo() throws Exception {
    Path browser = chromium();
    List<TraceEvent> events = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      events.add(
          new TraceEvent(
              TraceEvent.Kind.SPAN, "short " + i, 1, 1 + i % 3, i * 1_000L, 500, 0, 0, null));
    }
    events.add(
        new TraceEvent(TraceEvent.Kind.SPAN, "the long one", 1, 1, 0, 30_000_000, 0, 0, null));
    Recording many = new Recording(events, new Names(), 0, Long.MIN_VALUE);
    Path html = many.writeTo(OUT.resolveSibling("trace-timeline-many")).toAbsolutePath();

    String dom = runChromium(browser, "--dump-dom", html);
    assertTrue(dom.contains("data-ready=\"true\""), head(dom));
    assertEquals(20_000, count(dom, "class=\"bar "), "at most 20 000 bars at a time");
    assertTrue(dom.contains("data-name=\"the long one\""), "the longest are drawn first");
    assertTrue(dom.contains("zoom in to see the others"), "the page says that some are left out");
    assertTrue(dom.contains("30001 events"), "the summary counts them all");
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  /** A lane of the page and how many bars of each category it has. */
  private record Lane(long pid, long tid, Map<String, Integer> categories) {
    Lane(long pid, long tid) {
      this(pid, tid, new HashMap<>());
    }
  }

  private static Map<String, String> attributes(String text) {
    Map<String, String> attributes = new HashMap<>();
    Matcher m = ATTRIBUTE.matcher(text);
    while (m.find()) {
      attributes.put(m.group(1), m.group(2));
    }
    return attributes;
  }

  /** Runs headless Chromium on {@code page} with the network off; returns its standard output. */
  private static String runChromium(Path browser, String action, Path page)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
    Path output = profile.resolve("stdout.txt");
    Path errors = profile.resolve("stderr.txt");
    List<String> command =
        List.of(
            browser.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--disable-extensions",
            "--hide-scrollbars",
            "--window-size=1400,1000",
            "--virtual-time-budget=5000",
            "--user-data-dir=" + profile.toAbsolutePath(),
            action,
            page.toUri().toString());
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(errors.toFile())
            .start();
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        fail("Chromium did not finish in 90 s: " + String.join(" ", command));
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        fail(
            "Chromium exited with "
                + p.exitValue()
                + ": "
                + String.join(" ", command)
                + "\n"
                + Files.readString(errors, StandardCharsets.UTF_8));
      }
      return out;
    } finally {
      p.destroyForcibly().waitFor();
      deleteTree(profile);
    }
  }

  /** The browser: $MULTITASK_CHROMIUM, or chromium on the PATH; fails with how to get one. */
  private static Path chromium() {
    String configured = System.getenv("MULTITASK_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return fail(
        "this test opens the trace timeline in headless Chromium, which is not installed:"
            + " install Debian's chromium (sudo apt-get install chromium; .ci/run does it on a"
            + " fresh machine), or point MULTITASK_CHROMIUM at a Chromium or Chrome binary");
  }

  private static String head(String text) {
    return text.substring(0, Math.min(2000, text.length()));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
