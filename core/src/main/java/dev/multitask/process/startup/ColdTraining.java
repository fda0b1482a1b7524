package dev.multitask.process.startup;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.engine.CurrentProcess;
import dev.multitask.process.shm.ExitCleanup;
import dev.multitask.spi.ActionTask;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * The first jobs a cold worker's {@link AotCache} is trained with, split as a real job is: the
 * parent encodes them ({@link #encodedJobs}) and the training JVM, given them on its standard
 * input, decodes, runs and answers them ({@link #runJobs}) as {@code WorkerMain} does a first job.
 *
 * <p>Why the split: a cache holds every class its training loads, and every JVM started with it
 * loads them all (some 25 µs each, measured). Encoding a lambda needs reflection that decoding it
 * does not; training on encoded bytes keeps the encoder's classes out of a cold worker. The jobs
 * are the kinds a cold worker's first job takes without JDK serialization: a lambda task, a lambda
 * {@link Action}, a plain class ({@link PlainProbe}), and a lambda capturing a record ({@link
 * RecordProbe}); their answers are numbers, a null and a string.
 *
 * <pre>
 *   standard input = count:int, then count × (length:int, Codec bytes)
 * </pre>
 */
public final class ColdTraining {
  private ColdTraining() {}

  /** In the parent: the training jobs, framed for {@link #runJobs}. */
  static byte[] encodedJobs() {
    // the task captures as a job's body usually does: a primitive and an object
    int count = 1;
    String text = "training";
    Task<Object> task = () -> text.length() + count;
    Action action = () -> {};
    RecordProbe probe = new RecordProbe(count, text);
    Task<Object> capturesARecord = () -> probe.text().length() + probe.number();
    Object[] jobs = {task, action, new PlainProbe(), capturesARecord};
    BytesOut out = new BytesOut(1024).writeInt(jobs.length);
    for (Object job : jobs) {
      out.writeBytes(Codec.encode(job));
    }
    return out.toByteArray();
  }

  /**
   * In the training JVM: decodes each job of {@code in} as a worker's first job is decoded, runs it
   * and encodes its answer. A job that fails ends the jobs there (training is an optimisation: the
   * cache holds what was loaded up to it).
   */
  public static void runJobs(InputStream in) throws IOException {
    BytesIn jobs = new BytesIn(in.readAllBytes());
    // as a worker learns who it is from its bootstrap (ProcessHandle would bring a thread pool)
    CurrentProcess.becomeChild("training", 2, 1, false);
    ExitCleanup.class.getName(); // a worker loads it before DONE
    int count = jobs.remaining() >= Integer.BYTES ? jobs.readInt() : 0;
    for (int i = 0; i < count; i++) {
      try {
        Object decoded = Codec.decodeFirst(jobs.readBytes(), true);
        Object result =
            decoded instanceof Action action
                ? new ActionTask(action).call()
                : ((Task<?>) decoded).call();
        BytesOut reply = FrameChannel.begin(WireDescriptor.RESULT, 64).writeLong(1);
        Codec.encode(result instanceof PlainProbe ? result.toString() : result, reply);
      } catch (Exception | LinkageError e) {
        return; // the cache holds what the jobs before it loaded; a cold worker loads the rest
      }
    }
  }

  /**
   * A record, which a job captures as often as a number: decoding it takes classes of the codec
   * that no other training job does, which a cold worker would otherwise read from the class path's
   * jar (a fresh JVM's first read of a jar reads its whole directory: ~30 ms for a large jar).
   */
  public record RecordProbe(int number, String text) implements Serializable {}

  /** A plain serializable class: the codec sends it field by field. */
  public static final class PlainProbe implements Serializable, Task<Object> {
    private static final long serialVersionUID = 1L;
    private final int number = 1;
    private final String text = "plain";

    @Override
    public Object call() {
      return this;
    }

    @Override
    public String toString() {
      return text + number;
    }
  }
}
