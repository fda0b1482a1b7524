package dev.multitask.process;

import java.nio.file.Path;

/** The JVM's ahead-of-time cache for worker start-up (filled in below). */
final class AotCache {
  private AotCache() {}

  static Path forSpec(LaunchSpec spec) {
    return null;
  }
}
