package dev.multitask.process.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cold worker JVM loads on its way to its first job, against an allow-list ({@code
 * cold-worker-classes.txt} beside this class): every class costs a fresh JVM time (tens of
 * microseconds each, milliseconds for the set-up some of them bring: {@code BigInteger}'s, {@code
 * MessageDigest}'s security debugging, the method handles a lambda spins). A change that pulls a
 * new class onto that way fails here, naming it; if the class is worth its cost, add it to the list
 * (run with {@code -Dmultitask.coldStart.record=true} to write the list anew, and say in the commit
 * why).
 *
 * <p>The worker here starts without an AOT cache (the tests' class path holds directories), so the
 * list is the classes themselves, wherever they come from.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ColdStartClassesTest {
  private static final Path ALLOWED =
      Path.of("src/test/resources/dev/multitask/process/startup/cold-worker-classes.txt");

  /** Never on the way to a first job, whatever else changes: each brings costly set-up. */
  private static final List<String> FORBIDDEN =
      List.of(
          "java.math.BigInteger",
          "java.security.MessageDigest",
          "java.security.SecureRandom",
          "java.time.Duration",
          "java.io.ObjectOutputStream",
          "java.util.stream.ReferencePipeline");

  /** The first class the job's body loads: where the way to the first job ends in the log. */
  static final class Marker {
    static int touch() {
      return 42;
    }
  }

  /** A plain job class: no lambda of ours, a serialVersionUID, so it takes the plain codec path. */
  static final class FirstJob implements Task<Integer> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Integer call() {
      return Marker.touch();
    }
  }

  @Test
  void coldWorker_onItsWayToItsFirstJob_loadsOnlyAllowedClasses(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("classes.log");
    ProcessOptions options = ClassLoadLog.coldWorkersLoggingTo(log);
    try (Context ctx = Multitask.processes(options)) {
      assertEquals(42, ctx.start(new FirstJob()).result());
    }
    Set<String> loaded = beforeTheJob(Files.readAllLines(log));
    assertTrue(loaded.size() > 100, "too few classes read from the log: " + loaded.size());

    List<String> forbidden = loaded.stream().filter(FORBIDDEN::contains).toList();
    assertEquals(
        List.of(), forbidden, "classes a cold worker must never load before its first job");

    if (Boolean.getBoolean("multitask.coldStart.record") || !Files.exists(ALLOWED)) {
      Files.write(ALLOWED, loaded);
    }
    Set<String> allowed = new TreeSet<>(Files.readAllLines(ALLOWED));
    List<String> extra = new ArrayList<>(loaded);
    extra.removeAll(allowed);
    assertEquals(
        List.of(),
        extra,
        "classes a cold worker now loads on its way to its first job that"
            + " cold-worker-classes.txt does not allow: each costs every cold start; remove what pulls"
            + " it in, or allow it in that file and say why in the commit");
  }

  /** The classes loaded before {@link Marker}, names of hidden classes without their address. */
  private static Set<String> beforeTheJob(List<String> lines) throws IOException {
    Set<String> names = new TreeSet<>();
    for (String line : lines) {
      String loaded = ClassLoadLog.loaded(line);
      if (loaded == null) {
        continue;
      }
      String name = loaded.replaceAll("/0x[0-9a-f]+$", "");
      if (name.equals(Marker.class.getName())) {
        return names;
      }
      names.add(name);
    }
    throw new IOException("the job's marker class is not in the log: " + lines.size() + " lines");
  }
}
