package dev.multitask.process.shm;

import dev.multitask.process.ipc.ShmQueue;
import java.util.concurrent.TimeUnit;

/**
 * The child side of the multi-process tests. Usage:
 *
 * <ul>
 *   <li>{@code wait <segment name>}: attach, then run the waiter side of the layout below.
 *   <li>{@code create-and-exit}: create a segment, print {@code NAME <name>}, return from main
 *       without closing it (the shutdown hook must unlink it).
 *   <li>{@code create-and-hang}: create a segment, print {@code NAME <name>}, sleep until killed.
 *   <li>{@code queue-and-exit}: fill an unbounded process queue until it chains rings, put a large
 *       element (a file of its own), print {@code PID <pid>}, return without releasing it.
 * </ul>
 *
 * <p>Layout of the test segment for {@code wait}:
 *
 * <pre>
 *   0                   4                   8                  12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | word              | ready             | ack               | impl              |
 *   +-------------------+-------------------+-------------------+-------------------+
 *   word:  the parent stores 1 (release), then wakes; the child waits while it is 0
 *   ready: the child stores 1 (release) just before it starts waiting
 *   ack:   the child stores 1 + the last Futex.wait outcome (release) once the word changed
 *   impl:  the child stores 1 for SyscallFutex, 2 for PollingFutex (before ready)
 * </pre>
 */
final class ShmChildMain {
  static final long WORD = 0;
  static final long READY = 4;
  static final long ACK = 8;
  static final long IMPL = 12;
  static final long BYTES = 4096;

  private ShmChildMain() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "wait" -> waitForWord(args[1]);
      case "create-and-exit" -> System.out.println("NAME " + SharedSegment.create(BYTES).name());
      case "create-and-hang" -> {
        System.out.println("NAME " + SharedSegment.create(BYTES).name());
        System.out.flush();
        TimeUnit.MINUTES.sleep(10);
      }
      case "queue-and-exit" -> {
        ShmQueue<Object> q = ShmQueue.create(dev.multitask.spi.QueueOrder.FIFO, 0, null);
        for (int i = 0; i < 100_000; i++) {
          q.put("element " + i + " fills the first ring");
        }
        q.put(new byte[1 << 20]);
        System.out.println("PID " + ProcessHandle.current().pid());
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void waitForWord(String name) throws InterruptedException {
    Futex futex = Futex.get();
    try (SharedSegment segment = SharedSegment.attach(name)) {
      var mem = segment.memory();
      MemoryAccess.setIntRelease(mem, IMPL, futex instanceof SyscallFutex ? 1 : 2);
      MemoryAccess.setIntRelease(mem, READY, 1);
      futex.wake(mem, READY, Integer.MAX_VALUE);
      int outcome;
      do {
        outcome = futex.wait(mem, WORD, 0, TimeUnit.SECONDS.toNanos(60));
      } while (outcome != Futex.TIMED_OUT && MemoryAccess.intAcquire(mem, WORD) == 0);
      MemoryAccess.setIntRelease(mem, ACK, 1 + outcome);
      futex.wake(mem, ACK, Integer.MAX_VALUE);
    }
  }
}
