package dev.multitask.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.Pipe;
import dev.multitask.ipc.Queue;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedMemory;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import dev.multitask.sync.Semaphore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tier 2: a job that captures a process lock, event, queue or shared value travels on the codec's
 * tagged lambda path, not JDK serialization: reading it needs no {@code ObjectInputStream}, whose
 * set-up (the deserialization filter's configuration) costs a fresh worker tens of milliseconds.
 * Each object arrives as the receiving JVM's one instance of its memory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedObjectCodecTest {
  private static final ProcessOptions COLD = ProcessOptions.defaults().standby(0);

  @Test
  void aLambdaCapturingSharedObjects_takesTheTaggedPath_andFindsThemAgain() throws Exception {
    try (Context ctx = Multitask.processes(COLD)) {
      Event event = ctx.event();
      Lock lock = ctx.lock();
      Semaphore semaphore = ctx.semaphore(2);
      Barrier barrier = ctx.barrier(1);
      SharedLong counter = ctx.sharedLong(5);
      SharedMemory memory = ctx.sharedMemory(64);
      Queue<Integer> queue = ctx.queue();
      for (Object shared : List.of(event, lock, semaphore, barrier, counter, queue)) {
        Task<Object> job = () -> shared;
        byte[] bytes = Codec.encode(job);
        assertEquals(Codec.LAMBDA, bytes[0], "tag of a lambda capturing " + shared);
        assertSame(shared, ((Task<?>) Codec.decode(bytes)).call(), "this JVM's one instance");
      }
      Pipe<String> pipe = ctx.pipe();
      Connection<String> end = pipe.right();
      Task<Object> sends = () -> end;
      byte[] encoded = Codec.encode(sends);
      assertEquals(Codec.LAMBDA, encoded[0], "a lambda capturing a pipe's end");
      @SuppressWarnings("unchecked")
      Connection<String> copy = (Connection<String>) ((Task<?>) Codec.decode(encoded)).call();
      copy.send("through the copy"); // another end over the same two queues
      assertEquals("through the copy", pipe.left().recv());
      Task<Object> job = () -> memory; // attached again, as Python's SharedMemory(name) is
      byte[] bytes = Codec.encode(job);
      assertEquals(Codec.LAMBDA, bytes[0]);
      SharedMemory again = (SharedMemory) ((Task<?>) Codec.decode(bytes)).call();
      assertEquals(memory.toString(), again.toString());
      again.close();
    }
  }

  @Test
  void aFreshWorker_readsAJobCapturingThem_andUsesThem() throws Exception {
    try (Context ctx = Multitask.processes(COLD)) {
      Event event = ctx.event();
      Lock lock = ctx.lock();
      SharedLong counter = ctx.sharedLong(5);
      Queue<Integer> queue = ctx.queue();
      Condition condition = ctx.condition(lock); // its handle holds the lock's, nested
      Task<Integer> job = () -> condition.hashCode();
      assertEquals(Codec.LAMBDA, Codec.encode(job)[0]);
      Barrier withAction = ctx.barrier(1, () -> {}); // its handle holds a lambda: the stream's way
      Task<Integer> waits = () -> withAction.hashCode();
      assertEquals(Codec.JAVA, Codec.encode(waits)[0]);
      long seen =
          ctx.start(
                  () -> {
                    event.set();
                    lock.lock();
                    try {
                      counter.set(counter.get() + 1);
                      condition.signalAll();
                    } finally {
                      lock.unlock();
                    }
                    queue.put(7);
                    return counter.get();
                  })
              .result();
      assertEquals(6, seen);
      assertEquals(true, event.isSet());
      assertEquals(7, queue.take());
    }
  }
}
