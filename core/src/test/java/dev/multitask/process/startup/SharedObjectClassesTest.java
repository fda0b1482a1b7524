package dev.multitask.process.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.Task;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedDoubleArray;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.shared.SharedMemory;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.io.IOException;
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
 * The classes of multitask's own that a cold worker loads to attach and use the shared objects a
 * job captures ({@link SharedObjectClasses}'s list), which a cold worker's cache is trained with:
 * one class missing from it is read from the class path's jar, and a fresh JVM's first read of a
 * jar reads its whole directory (~30 ms for a large jar, measured). A change that brings a new
 * class onto that way fails here, naming it; add it to the list (run with {@code
 * -Dmultitask.sharedClasses.record=true} to write the list anew).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedObjectClassesTest {
  private static final Path LIST =
      Path.of("src/main/resources/" + SharedObjectClasses.RESOURCE.substring(1));

  /** The first class the job's body loads. */
  static final class Begin {
    static int touch() {
      return 1;
    }
  }

  /** The class the job's body loads last. */
  static final class End {
    static int touch() {
      return 1;
    }
  }

  @Test
  void aColdWorkerAttachingEachKindOfSharedObject_loadsOnlyListedClassesOfOurs(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("classes.log");
    try (Context ctx = Multitask.processes(ClassLoadLog.coldWorkersLoggingTo(log))) {
      Event event = ctx.event();
      Lock lock = ctx.lock();
      RLock rlock = ctx.rlock();
      Semaphore semaphore = ctx.semaphore(1);
      Barrier barrier = ctx.barrier(1);
      SharedLong counter = ctx.sharedLong(1);
      SharedDouble share = ctx.sharedDouble(1);
      SharedLongArray longs = ctx.sharedLongArray(2);
      SharedDoubleArray doubles = ctx.sharedDoubleArray(2);
      Queue<Integer> queue = ctx.queue();
      SharedMemory memory = ctx.sharedMemory(16);
      Pipe<Integer> pipe = ctx.pipe();
      Connection<Integer> end = pipe.right();
      Task<Integer> job =
          () -> {
            int n = Begin.touch();
            event.set();
            lock.lock();
            lock.unlock();
            rlock.lock();
            rlock.unlock();
            semaphore.acquire();
            semaphore.release();
            barrier.await();
            counter.set(counter.get() + 1);
            share.set(share.get() + 1);
            longs.set(0, longs.get(1) + 1);
            doubles.set(0, doubles.get(1) + 1);
            queue.put(1);
            n += queue.take();
            n += memory.byteSize() > 0 ? 1 : 0;
            end.send(1);
            memory.close();
            return n + End.touch();
          };
      assertEquals(4, ctx.start(job).result());
      assertEquals(1, pipe.left().recv());
    }
    Set<String> loaded = ofOurs(Files.readAllLines(log));
    assertTrue(loaded.size() > 20, "too few classes read from the log: " + loaded.size());
    if (Boolean.getBoolean("multitask.sharedClasses.record")) {
      List<String> lines = new ArrayList<>(loaded);
      lines.removeAll(coldWorkerClasses());
      Files.write(LIST, lines);
    }
    List<String> missing = new ArrayList<>(loaded);
    missing.removeAll(SharedObjectClasses.NAMES);
    missing.removeAll(coldWorkerClasses());
    assertEquals(
        List.of(),
        missing,
        "classes of ours a cold worker loads to use shared objects that "
            + SharedObjectClasses.RESOURCE
            + " does not list: each is read from the jar; add it to the list");
  }

  /** The classes a cold worker loads anyway, on its way to any first job. */
  private static List<String> coldWorkerClasses() throws IOException {
    return Files.readAllLines(
        Path.of("src/test/resources/dev/multitask/process/startup/cold-worker-classes.txt"));
  }

  /**
   * Multitask's classes loaded from decoding the job up to {@link End}, without this test's own and
   * without hidden classes (lambdas are made, not read from a jar).
   */
  private static Set<String> ofOurs(List<String> lines) throws IOException {
    Set<String> names = new TreeSet<>();
    boolean decoding = false;
    for (String line : lines) {
      String name = ClassLoadLog.loaded(line);
      if (name == null) {
        continue;
      }
      if (name.equals("dev.multitask.codec.RecordCodec")) {
        decoding = true;
      }
      if (name.equals(End.class.getName())) {
        return names;
      }
      if (decoding
          && name.startsWith("dev.multitask.")
          && !name.contains("/0x")
          && !name.startsWith(SharedObjectClassesTest.class.getName())) {
        names.add(name);
      }
    }
    throw new IOException("the job's end marker is not in the log: " + lines.size() + " lines");
  }
}
