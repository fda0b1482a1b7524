package dev.multitask.process;

import dev.multitask.wire.FrameChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers' control channels open in this JVM. At exit, idle workers are retired and every
 * channel is closed, so that no reader thread of ours is left blocked in native code: HotSpot waits
 * up to 300 ms for such threads before it exits.
 */
final class OpenChannels {
  private static final Set<FrameChannel> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(OpenChannels::closeAll, "multitask-control-cleanup"));
  }

  private OpenChannels() {}

  static void add(FrameChannel channel) {
    OPEN.add(channel);
  }

  /** A worker's channel has closed. */
  static void closed(FrameChannel channel) {
    OPEN.remove(channel);
  }

  private static void closeAll() {
    WorkerSupply.retireAllIdle(Duration.ofMillis(100));
    OPEN.forEach(FrameChannel::close);
  }
}
