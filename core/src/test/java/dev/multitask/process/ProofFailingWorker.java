package dev.multitask.process;

import dev.multitask.process.os.ControlPipes;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.WireDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in worker for {@link EarlyFrameTest}: it takes the parent's challenge and the job's early
 * frame as a worker does, then answers with a proof that holds no key and waits, as a worker that
 * went wrong (or was not ours) would. Only a SIGKILL from the parent ends it early.
 */
final class ProofFailingWorker {
  private ProofFailingWorker() {}

  public static void main(String[] args) throws Exception {
    Path marker = Path.of(System.getenv("MULTITASK_TEST_MARKER"));
    ControlPipes.Streams inherited = ControlPipes.inheritedStreams();
    FrameChannel pipes = new FrameChannel(inherited.in(), inherited.out());
    FrameChannel.Frame challenge = pipes.read(WireDescriptor.HANDSHAKE_MAX);
    FrameChannel.Frame job = pipes.read(1 << 20);
    // what it got, for the test to check that the early frame really came before the proof
    Files.writeString(marker, challenge.type() + " " + job.type() + " " + job.body().readLong());
    pipes.send(FrameChannel.begin(WireDescriptor.PROOF, 40).writeBytes(new byte[32]));
    Thread.sleep(120_000);
  }
}
