package dev.multitask.bench;

import dev.multitask.ProcessOptions;
import dev.multitask.process.startup.LaunchSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The workloads of issue 23 as users write them, multitask against CPython, their samples taken in
 * turn in the same minutes: {@link UserWorkloads} (a fresh JVM per sample) against {@code
 * bench/python/as_users.py} (a fresh interpreter per sample), as {@link ColdStartPaired} does for
 * cold starts. This machine's speed drifts more within minutes than many of the differences
 * measured, and samples taken in turn see the same machine.
 *
 * <p>A <em>round</em> is one sample of each side of a pair (the multitask program, and the CPython
 * script under each start method compared), in an order that rotates from round to round. Before
 * each round the 1-minute load average is printed, and the round waits while a JDK AOT training
 * runs. A round is <em>thrown away</em> and measured again when, during it, other work used more
 * than {@code --busy-above} of the machine's cores (default {@value #BUSY_ABOVE}: 0.2 per core;
 * {@link MachineLoad} says how that is told from this benchmark's own processes), or an AOT
 * training ran. A pair that cannot get its rounds measured quietly within its budget ({@value
 * #MAX_DISCARDED} rounds thrown away) is not reported: its line says why instead.
 *
 * <p>Prints one JSON line per pair: each side's figures, a list per figure with one value per kept
 * round (aligned across sides, so a ratio can be taken round by round), the rounds kept and thrown
 * away, and the load seen. {@code bench/python/report.py} turns them into BENCHMARKS.md's rows.
 *
 * <p>Besides issue 23's workloads, the coroutines issue's sleepers ({@link CoroutineSleepers}, its
 * floor {@link VirtualThreadSleepers}, and {@code coroutines.py --sleepers-child}, asyncio's),
 * under the same rules.
 *
 * <p>With {@code --ab A.jar B.jar} it compares two builds of multitask instead: each pair's Java
 * workloads run from one jar, then from the other (sides {@code a.*} and {@code b.*}), in turn and
 * under the same rules, without CPython. A change is checked so, with a build before it and one
 * after, in the same minutes.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * dev.multitask.bench.PairedRuns <path of as_users.py> [--only a,b] [--busy-above 0.2]
 * [--rounds-scale 1.0] [--ab A.jar B.jar]}
 */
public final class PairedRuns {
  static final double BUSY_ABOVE = 0.2;
  static final int MAX_DISCARDED = 6;

  /** The longest a round waits for an AOT training to end before it is measured anyway. */
  private static final long TRAINING_PATIENCE_MS = 180_000;

  private PairedRuns() {}

  /** One program of a pair: a label ({@code multitask}, {@code python.fork}) and its command. */
  record Side(String label, List<String> command) {}

  /** A pair: its name, the rounds it keeps, and its sides. */
  record Pair(String name, int rounds, List<Side> sides) {}

  /**
   * Measures the pairs and prints their JSON lines.
   *
   * @param args the path of {@code as_users.py}, then options
   * @throws Exception if a sample fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "usage: PairedRuns <path of as_users.py> [--only a,b] [--busy-above share]"
              + " [--rounds-scale x]");
    }
    String script = args[0];
    Set<String> only = null;
    double busyAbove = BUSY_ABOVE;
    double roundsScale = 1;
    String[] ab = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--only" -> only = Set.of(args[i + 1].split(","));
        case "--busy-above" -> busyAbove = Double.parseDouble(args[i + 1]);
        case "--rounds-scale" -> roundsScale = Double.parseDouble(args[i + 1]);
        case "--ab" -> {
          ab = new String[] {args[i + 1], args[i + 2]};
          i++;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (Pair p : ab == null ? pairs(script) : abPairs(pairs(script), ab[0], ab[1])) {
      if (only == null || only.contains(p.name())) {
        pairs.add(
            new Pair(p.name(), Math.max(2, (int) Math.round(p.rounds() * roundsScale)), p.sides()));
      }
    }
    say(
        "paired runs: %d cores; a round is thrown away when others use more than %.2f of them%s",
        MachineLoad.cores(),
        busyAbove,
        MachineLoad.subreaper() ? "" : " (no subreaper: orphans' CPU counts as others')");
    // untimed: each Java workload once, so that the workers' AOT caches exist and hold the
    // workloads' classes before anything is measured (a program's later runs meet them so)
    for (Pair pair : pairs) {
      for (Side side : pair.sides()) {
        if (userWorkload(side)) {
          say("%s: a first, untimed run of %s", pair.name(), side.label());
          run(side);
        }
        if (side.label().equals("hello") || side.label().equals("idle")) {
          helloCache(); // trained before any round: a training during one would throw it away
        }
      }
    }
    for (Pair pair : pairs) {
      System.out.println(measure(pair, busyAbove));
    }
  }

  /** The pairs, in the order they run. */
  static List<Pair> pairs(String script) {
    List<Pair> pairs = new ArrayList<>();
    List<String> methods = List.of("spawn", "forkserver", "fork");
    pairs.add(
        new Pair("map", 4, List.of(java("multitask", "map"), python("python", script, "map"))));
    pairs.add(
        new Pair(
            "map_auto",
            3,
            List.of(java("multitask", "map_auto"), python("python", script, "map_auto"))));
    pairs.add(
        new Pair(
            "starmap",
            3,
            List.of(java("multitask", "starmap"), python("python", script, "starmap"))));
    pairs.add(
        new Pair(
            "submit",
            3,
            List.of(
                java("multitask", "submit"),
                java("multitask.object", "submit_object"),
                python("python", script, "submit"))));
    pairs.add(
        new Pair(
            "queue",
            3,
            List.of(
                java("multitask", "queue"),
                java("multitask.bounded", "queue_bounded"),
                python("python", script, "queue"))));
    for (String workload : List.of("start_loop", "start_event", "start_spaced", "burst", "rss")) {
      List<Side> sides = new ArrayList<>();
      sides.add(java("multitask", workload));
      for (String method : methods) {
        sides.add(python("python." + method, script, workload, "--method", method));
      }
      if (workload.equals("start_loop")) {
        sides.add(new Side("hello", List.of())); // a JVM printing "hi": the floor of a cold start
      }
      if (workload.equals("rss")) {
        sides.add(new Side("idle", List.of())); // a JVM that only sleeps: the floor of its memory
      }
      pairs.add(new Pair(workload, workload.equals("start_loop") ? 4 : 3, sides));
    }
    // the coroutines issue's sleepers: ours as a user runs it, in steady state and in parallel
    // mode, the plain virtual threads under them, and asyncio (a fresh interpreter), each sample a
    // fresh process
    String n = Integer.toString(SLEEPERS);
    String coroutines = Path.of(script).resolveSibling("coroutines.py").toString();
    pairs.add(
        new Pair(
            "sleepers",
            2, // ~65 s a round: three would take bench/run past its 20 minutes
            List.of(
                main("multitask", CoroutineSleepers.class, n),
                main("multitask.steady", CoroutineSleepers.class, n, "--steady"),
                main("multitask.parallel", CoroutineSleepers.class, n, "--parallel"),
                main("jdk.vthread", VirtualThreadSleepers.class, n),
                main("jdk.vthread.steady", VirtualThreadSleepers.class, n, "--steady"),
                python("python", coroutines, "--sleepers-child", n))));
    return pairs;
  }

  /** How many coroutines sleep in the sleepers pair. */
  static final int SLEEPERS = 1_000_000;

  /** The pairs' {@link UserWorkloads} sides, each from jar {@code a} and from jar {@code b}. */
  static List<Pair> abPairs(List<Pair> pairs, String a, String b) {
    List<Pair> out = new ArrayList<>();
    for (Pair pair : pairs) {
      List<Side> sides = new ArrayList<>();
      for (Side side : pair.sides()) {
        if (userWorkload(side)) {
          String workload = side.command().get(side.command().size() - 1);
          sides.add(java("a" + side.label().substring("multitask".length()), workload, a));
          sides.add(java("b" + side.label().substring("multitask".length()), workload, b));
        }
      }
      out.add(new Pair(pair.name(), pair.rounds(), sides));
    }
    return out;
  }

  private static boolean userWorkload(Side side) {
    return side.command().contains(UserWorkloads.class.getName());
  }

  /** A fresh JVM with default flags running {@code main} with {@code args}. */
  private static Side main(String label, Class<?> main, String... args) {
    return new Side(label, jvm(System.getProperty("java.class.path"), main.getName(), args));
  }

  /** The command of a fresh JVM with default flags running {@code main} from {@code classPath}. */
  private static List<String> jvm(String classPath, String main, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPath,
                main));
    command.addAll(List.of(args));
    return command;
  }

  private static Side java(String label, String workload) {
    return java(label, workload, System.getProperty("java.class.path"));
  }

  private static Side java(String label, String workload, String classPath) {
    return new Side(label, jvm(classPath, UserWorkloads.class.getName(), workload));
  }

  private static Side python(String label, String script, String... args) {
    List<String> command = new ArrayList<>(List.of("python3", script));
    command.addAll(List.of(args));
    return new Side(label, command);
  }

  private static String measure(Pair pair, double busyAbove) throws Exception {
    Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
    List<Double> loads = new ArrayList<>();
    List<Double> others = new ArrayList<>();
    List<Double> discardedOthers = new ArrayList<>();
    int kept = 0;
    int discarded = 0;
    for (int round = 0; kept < pair.rounds(); round++) {
      if (discarded > MAX_DISCARDED) {
        String why =
            String.format(
                Locale.ROOT,
                "not reported: the machine was busy in %d rounds (others used %s of the cores;"
                    + " the limit is %.2f), %d kept of the %d wanted",
                discarded,
                percentages(discardedOthers),
                busyAbove,
                kept,
                pair.rounds());
        say("%s: %s", pair.name(), why);
        return String.format(
            Locale.ROOT, "{\"name\": \"paired.%s\", \"refused\": \"%s\"}", pair.name(), why);
      }
      awaitNoTraining(pair.name());
      double load = MachineLoad.loadAverage();
      say(
          "%s round %d: load average %.2f (%.2f per core)",
          pair.name(), round + 1, load, load / MachineLoad.cores());
      Map<String, Map<String, Double>> samples = new LinkedHashMap<>();
      AtomicBoolean training = new AtomicBoolean();
      Thread watch = Thread.ofPlatform().daemon(true).start(() -> watchTraining(training));
      MachineLoad.Snapshot before = MachineLoad.snapshot();
      int n = pair.sides().size();
      for (int i = 0; i < n; i++) {
        Side side = pair.sides().get((round + i) % n);
        Thread.sleep(100); // the last sample's processes are gone and reaped
        samples.put(side.label(), run(side));
      }
      MachineLoad.Snapshot after = MachineLoad.snapshot();
      watch.interrupt();
      watch.join();
      double share = MachineLoad.othersShare(before, after);
      boolean busy = share > busyAbove || training.get() || before.training() || after.training();
      say(
          "%s round %d: others used %.1f %% of the cores%s: %s",
          pair.name(),
          round + 1,
          share * 100,
          training.get() || before.training() || after.training() ? ", an AOT training ran" : "",
          busy ? "thrown away" : "kept");
      if (busy) {
        discarded++;
        discardedOthers.add(share);
        continue;
      }
      kept++;
      loads.add(load);
      others.add(share);
      for (Map.Entry<String, Map<String, Double>> side : samples.entrySet()) {
        Map<String, List<Double>> lists =
            figures.computeIfAbsent(side.getKey(), k -> new LinkedHashMap<>());
        for (Map.Entry<String, Double> f : side.getValue().entrySet()) {
          lists.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue());
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "{\"name\": \"paired.%s\", \"kept_rounds\": %d, \"discarded_rounds\": %d,"
                + " \"busy_above\": %.2f, \"load_before\": %s, \"others_share\": %s, \"sides\": {",
            pair.name(),
            kept,
            discarded,
            busyAbove,
            list(loads),
            list(others)));
    boolean firstSide = true;
    for (Map.Entry<String, Map<String, List<Double>>> side : figures.entrySet()) {
      out.append(firstSide ? "" : ", ").append('"').append(side.getKey()).append("\": {");
      firstSide = false;
      boolean firstFigure = true;
      for (Map.Entry<String, List<Double>> f : side.getValue().entrySet()) {
        out.append(firstFigure ? "" : ", ")
            .append('"')
            .append(f.getKey())
            .append("\": ")
            .append(list(f.getValue()));
        firstFigure = false;
      }
      out.append('}');
    }
    return out.append("}}").toString();
  }

  private static void awaitNoTraining(String pair) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + TRAINING_PATIENCE_MS;
    boolean said = false;
    while (MachineLoad.trainingRuns() && System.currentTimeMillis() < deadline) {
      if (!said) {
        say("%s: waiting for an AOT training to end", pair);
        said = true;
      }
      Thread.sleep(500);
    }
  }

  private static void watchTraining(AtomicBoolean seen) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (MachineLoad.trainingRuns()) {
          seen.set(true);
        }
        Thread.sleep(300);
      }
    } catch (InterruptedException e) {
      // the round is over
    } catch (IOException e) {
      seen.set(true); // cannot tell: count the round as busy
    }
  }

  /**
   * Runs one sample and returns the numbers of its JSON line; the "hello" side times a JVM that
   * prints "hi" instead.
   */
  private static Map<String, Double> run(Side side) throws IOException, InterruptedException {
    if (side.label().equals("hello")) {
      return hello();
    }
    if (side.label().equals("idle")) {
      return idle();
    }
    ProcessBuilder builder =
        new ProcessBuilder(side.command()).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = builder.start();
    String json = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("{")) {
          json = line;
        }
      }
    }
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || json == null) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", side.command())
              + " failed (exit "
              + (process.isAlive() ? "none" : process.exitValue())
              + "); its error output above says why");
    }
    MachineLoad.reapOrphans(Set.of());
    return numbers(json);
  }

  /**
   * A JVM with a worker's flags and an AOT cache that prints "hi" and exits: 5 runs, their median.
   */
  private static Map<String, Double> hello() throws IOException, InterruptedException {
    double[] ms = new double[5];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(bareJvm()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("a JVM printing hi failed");
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return Map.of("median_ms", UserWorkloads.median(ms));
  }

  /**
   * A JVM with a worker's flags and an AOT cache that prints "hi" and sleeps: its resident memory 1
   * s after the "hi", as {@code UserWorkloads}' rss measures a worker's.
   */
  private static Map<String, Double> idle() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(bareJvm());
    command.add("sleep");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (p.getInputStream().read() < 0) {
        throw new IllegalStateException("a sleeping JVM ended before its hi");
      }
      Thread.sleep(1000);
      return Map.of(
          "rss_mib", UserWorkloads.statusKib(p.pid(), "/status", "VmRSS:") / 1024.0,
          "pss_mib", UserWorkloads.statusKib(p.pid(), "/smaps_rollup", "Pss:") / 1024.0);
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  /**
   * The command of a JVM with a worker's flags ({@code LaunchSpec}) running {@link Hello}, from an
   * AOT cache trained for it as a worker's is: a worker starts from one, and without it the same
   * JVM takes some 40 ms and 10 MiB more here, which would flatter every start compared with it.
   */
  private static List<String> bareJvm() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(workerFlags());
    command.add(1, "-XX:AOTCache=" + helloCache());
    return command;
  }

  /** A worker's command line ({@link LaunchSpec}) without an AOT cache, running {@link Hello}. */
  private static List<String> workerFlags() {
    List<String> command = new ArrayList<>(LaunchSpec.of(ProcessOptions.defaults()).command(null));
    if (command.size() < 2 || command.get(command.size() - 2).equals("-m")) {
      throw new IllegalStateException("the benchmarks run from the class path: " + command);
    }
    command.set(command.size() - 1, Hello.class.getName()); // the worker's main class
    return command;
  }

  private static Path helloCache;

  /** Trains {@link Hello}'s AOT cache once per run, in a directory removed when this JVM exits. */
  private static synchronized Path helloCache() throws IOException, InterruptedException {
    if (helloCache == null) {
      Path dir = Files.createTempDirectory("multitask-bench-hello-");
      Path cache = dir.resolve("hello.aot");
      List<String> training = workerFlags();
      training.add(1, "-XX:AOTCacheOutput=" + cache);
      training.add(2, "-Xlog:aot=off,cds=off");
      Process p = new ProcessBuilder(training).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0 || !Files.isRegularFile(cache)) {
        throw new IllegalStateException("training an AOT cache for a JVM printing hi failed");
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (var files = Files.list(dir)) {
                      for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                      }
                      Files.deleteIfExists(dir);
                    } catch (IOException e) {
                      // a temporary directory left behind: named for what it is
                    }
                  }));
      helloCache = cache;
    }
    return helloCache;
  }

  /** The numeric members of a flat JSON object. */
  static Map<String, Double> numbers(String json) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    String body = json.trim();
    body = body.substring(1, body.length() - 1);
    for (String member : body.split(",")) {
      String[] kv = member.split(":", 2);
      if (kv.length != 2) {
        continue;
      }
      String key = kv[0].trim().replace("\"", "");
      String value = kv[1].trim();
      if (!value.startsWith("\"")) {
        try {
          numbers.put(key, Double.parseDouble(value));
        } catch (NumberFormatException notANumber) {
          // null, true, false: not a figure
        }
      }
    }
    return numbers;
  }

  private static String list(List<Double> values) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(String.format(Locale.ROOT, "%.4f", v));
    }
    return "[" + String.join(", ", out) + "]";
  }

  private static String percentages(List<Double> shares) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (double s : shares) {
      String p = String.format(Locale.ROOT, "%.0f %%", s * 100);
      if (seen.add(p)) {
        out.add(p);
      }
    }
    return String.join(", ", out);
  }

  private static void say(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }

  /** A JVM's floor: prints "hi" (and with the argument {@code sleep}, then sleeps a minute). */
  public static final class Hello {
    private Hello() {}

    /**
     * Prints "hi", then sleeps if asked to.
     *
     * @param args {@code sleep}, or nothing
     * @throws InterruptedException if interrupted while sleeping
     */
    public static void main(String[] args) throws InterruptedException {
      System.out.println("hi");
      if (args.length > 0 && args[0].equals("sleep")) {
        Thread.sleep(60_000);
      }
    }
  }
}
