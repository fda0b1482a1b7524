package dev.multitask.process.shm;

import java.lang.ref.Cleaner;

/**
 * Releases the shared memory of objects that nobody in this JVM holds any more: each shared object
 * registers, at creation or at attach, what releases its segments (unmap, and for the creator of an
 * object that never left this process, unlink), and that runs once, either when its context closes
 * or after the garbage collector found the object unreachable. The release must not refer to the
 * object itself, or the object would never become unreachable.
 *
 * <p>One daemon thread, started at the first registration (a worker JVM that never maps a shared
 * object never starts it).
 */
public final class Reclaimer {
  private Reclaimer() {}

  private static final class Holder {
    static final Cleaner CLEANER =
        Cleaner.create(Thread.ofPlatform().daemon().name("multitask-reclaimer").factory());
  }

  /**
   * Registers {@code release} to run once {@code owner} is unreachable, or when the returned handle
   * is cleaned, whichever comes first.
   */
  public static Cleaner.Cleanable register(Object owner, Runnable release) {
    return Holder.CLEANER.register(owner, release);
  }
}
