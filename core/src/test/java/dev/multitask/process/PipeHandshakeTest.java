package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.process.os.ControlPipes;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.Handshake;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Handshake} over a worker's control pipes, the default control channel: a peer that
 * cannot prove the worker's key is refused before anything but the handshake's fixed frames is
 * read, and a worker does not take a parent that cannot prove it either. Two FIFOs stand in for the
 * inherited pipes; the tests play one side by hand.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeHandshakeTest {
  private static final long ID = 42;

  @TempDir Path dir;
  private FrameChannel parent;
  private FrameChannel child;

  @BeforeEach
  void openPipes() throws Exception {
    Path up = dir.resolve("up");
    Path down = dir.resolve("down");
    Process mkfifo =
        new ProcessBuilder("mkfifo", up.toString(), down.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
    // opening a FIFO waits for its other end: the two sides open on two threads
    CompletableFuture<ControlPipes> parentEnds =
        CompletableFuture.supplyAsync(() -> open(up, down));
    ControlPipes childEnds = open(down, up);
    child = new FrameChannel(childEnds.in(), childEnds.out());
    ControlPipes parentPipes = parentEnds.get(10, TimeUnit.SECONDS);
    parent = new FrameChannel(parentPipes.in(), parentPipes.out());
  }

  private static ControlPipes open(Path in, Path out) {
    try {
      // a FIFO's open waits for its other end, so both sides open "up" first, then "down"
      if (in.getFileName().toString().equals("up")) {
        FileChannel read = FileChannel.open(in, StandardOpenOption.READ);
        return new ControlPipes(read, FileChannel.open(out, StandardOpenOption.WRITE));
      }
      FileChannel write = FileChannel.open(out, StandardOpenOption.WRITE);
      return new ControlPipes(FileChannel.open(in, StandardOpenOption.READ), write);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void closePipes() {
    if (parent != null) {
      parent.close();
    }
    if (child != null) {
      child.close();
    }
  }

  @Test
  void handshake_proofWithAnotherKey_isRefusedByParent() throws Exception {
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Long> accepted = CompletableFuture.supplyAsync(() -> accept(key));

    FrameChannel.Frame challenge = child.read(WireDescriptor.HANDSHAKE_MAX);
    assertEquals(WireDescriptor.CHALLENGE, challenge.type(), "the parent speaks first on pipes");
    byte[] parentNonce = challenge.body().readBytes();
    byte[] wrongKey = Handshake.randomBytes(Handshake.KEY_BYTES);
    child.send(
        FrameChannel.begin(WireDescriptor.PROOF, 40)
            .writeBytes(Handshake.childFirstMac(wrongKey, ID, parentNonce)));

    assertEquals(-1L, accepted.get(10, TimeUnit.SECONDS), "a wrong proof is refused");
  }

  @Test
  void handshake_anythingButAProof_isRefusedByParent() throws Exception {
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Long> accepted = CompletableFuture.supplyAsync(() -> accept(key));
    child.send(FrameChannel.begin(WireDescriptor.RUN, 16).writeLong(1));
    assertEquals(-1L, accepted.get(10, TimeUnit.SECONDS));
  }

  @Test
  void proofOfAnotherWorker_isRefused() throws Exception {
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Long> accepted = CompletableFuture.supplyAsync(() -> accept(key));
    byte[] parentNonce = child.read(WireDescriptor.HANDSHAKE_MAX).body().readBytes();
    child.send(
        FrameChannel.begin(WireDescriptor.PROOF, 40)
            .writeBytes(Handshake.childFirstMac(key, ID + 1, parentNonce)));
    assertEquals(-1L, accepted.get(10, TimeUnit.SECONDS), "the proof names the worker");
  }

  @Test
  void workerRefusesAParentThatDoesNotHoldItsKey_andNeverSendsItsProof() throws Exception {
    byte[] parentsKey = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Long> accepted = CompletableFuture.supplyAsync(() -> accept(parentsKey));
    byte[] workersKey = Handshake.randomBytes(Handshake.KEY_BYTES);

    IOException refused =
        assertThrows(IOException.class, () -> Handshake.proveOnPipes(child, ID, workersKey, null));
    assertTrue(
        refused.getMessage().contains("does not hold this worker's key"), refused.getMessage());
    child.close(); // as the worker does: it exits
    assertEquals(-1L, accepted.get(10, TimeUnit.SECONDS), "no proof came");
  }

  @Test
  void parentGivesUpOnAPeerThatSaysNothing_withinTheTimeout() throws Exception {
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    long start = System.nanoTime();
    long accepted =
        Handshake.acceptOnPipesWithin(parent, ID, key, 200, Handshake.ChallengeSent.NOTHING);
    assertEquals(-1L, accepted);
    assertTrue(
        System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10),
        "gave up at the timeout, not at some later event");
    assertEquals(WireDescriptor.CHALLENGE, child.read(WireDescriptor.HANDSHAKE_MAX).type());
    assertNull(
        child.read(WireDescriptor.HANDSHAKE_MAX),
        "then the worker's side reads end-of-file: it exits");
  }

  @Test
  void bothSidesAgreeWithTheSameKey_andFramesFollow() throws Exception {
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Long> accepted = CompletableFuture.supplyAsync(() -> accept(key));
    Handshake.proveOnPipes(child, ID, key, null);
    assertEquals(ID, accepted.get(10, TimeUnit.SECONDS));

    child.send(FrameChannel.begin(WireDescriptor.DONE, 16).writeLong(7).writeInt(0));
    FrameChannel.Frame done = parent.read(WireDescriptor.HANDSHAKE_MAX);
    assertEquals(WireDescriptor.DONE, done.type());
    assertEquals(7, done.body().readLong());
    child.close();
    assertNull(
        parent.read(WireDescriptor.HANDSHAKE_MAX), "end of file once the worker's end is closed");
  }

  /** As a cold worker's job goes: right behind the challenge, before the parent has the proof. */
  @Test
  void
      aFrameSentOnceTheChallengeIsOut_reachesTheWorkerBeforeItsProof_whileTheParentStillWaitsForIt()
          throws Exception {
    byte[] key = Handshake.randomBytes(Handshake.KEY_BYTES);
    CompletableFuture<Long> accepted =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Handshake.acceptOnPipes(
                    parent,
                    ID,
                    key,
                    () -> parent.send(FrameChannel.begin(WireDescriptor.RUN, 16).writeLong(99)));
              } catch (IOException e) {
                return -2L;
              }
            });
    FrameChannel.Frame challenge = child.read(WireDescriptor.HANDSHAKE_MAX);
    assertEquals(WireDescriptor.CHALLENGE, challenge.type());
    byte[] parentNonce = challenge.body().readBytes();
    assertTrue(
        Handshake.matches(
            Handshake.parentFirstMac(key, ID, parentNonce), challenge.body().readBytes()));

    FrameChannel.Frame run = child.read(WireDescriptor.HANDSHAKE_MAX);
    assertEquals(WireDescriptor.RUN, run.type(), "the frame comes behind the challenge");
    assertEquals(99, run.body().readLong());
    assertFalse(accepted.isDone(), "the parent still waits for the proof");
    child.send(
        FrameChannel.begin(WireDescriptor.PROOF, 40)
            .writeBytes(Handshake.childFirstMac(key, ID, parentNonce)));
    assertEquals(ID, accepted.get(10, TimeUnit.SECONDS));
  }

  private long accept(byte[] key) {
    try {
      return Handshake.acceptOnPipes(parent, ID, key, Handshake.ChallengeSent.NOTHING);
    } catch (IOException e) {
      return -1;
    }
  }
}
