package dev.multitask.process.shm;

import java.lang.ref.Cleaner;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The shared objects one context made (queues, locks, events, shared values, shared memory), and
 * the rule for when their segments go:
 *
 * <ul>
 *   <li>when the context {@linkplain #close() closes}: every one is unlinked and unmapped here;
 *   <li>before that, once nothing in this JVM holds an object any more, if it never left this
 *       process: the {@link Reclaimer} releases it;
 *   <li>an object that did leave (a copy was serialized for a child or a queue: {@link Made#pin()})
 *       stays until the context closes, since another process may still attach it by name; Python
 *       asks the same of its users (keep a lock alive while children use it), this rule keeps it
 *       for them.
 * </ul>
 *
 * <p>Thread-safe. Releases run at most once each.
 */
public final class MadeObjects {
  private final Set<Made> live = ConcurrentHashMap.newKeySet();
  private final Queue<Runnable> atClose = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  /** One tracked object: what releases its memory, and the pin that keeps it. */
  public final class Made implements Runnable {
    private final Runnable release;
    private volatile Cleaner.Cleanable cleanable;
    private volatile Object pin;

    private Made(Runnable release) {
      this.release = release;
    }

    /**
     * Keeps {@code owner} (the tracked object) until its context closes: a copy left this process.
     */
    public void pin(Object owner) {
      if (pin == null) {
        pin = owner;
      }
    }

    /** Releases the object now (unlink, unmap); later calls, and the collector's, do nothing. */
    public void release() {
      cleanable.clean();
    }

    @Override
    public void run() {
      live.remove(this);
      pin = null;
      try {
        release.run();
      } catch (RuntimeException
          | InternalError damaged) { // InternalError: a truncated file's fault
        // a damaged segment (a name overwritten, a file removed) must not stop the others' release,
        // nor make a context's close throw; what could be released is
        System.getLogger("dev.multitask")
            .log(
                System.Logger.Level.WARNING,
                "could not release all of a shared object's memory",
                damaged);
      }
    }
  }

  /**
   * Tracks {@code owner}, whose memory {@code release} frees; {@code release} must not refer to
   * {@code owner}.
   */
  public Made add(Object owner, Runnable release) {
    Made made = new Made(release);
    made.cleanable = Reclaimer.register(owner, made); // before it is live: close() may clean it
    live.add(made);
    if (closed) { // closed meanwhile: the context's close may have missed it
      made.release();
    }
    return made;
  }

  /**
   * Runs {@code action} when the context closes, whether or not anything still holds what it
   * concerns: shared memory's unlink, whose name may have been handed out as a string.
   */
  public void atClose(Runnable action) {
    atClose.add(action);
    if (closed) {
      runAtClose();
    }
  }

  private void runAtClose() {
    for (Runnable action; (action = atClose.poll()) != null; ) {
      action.run();
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Releases every object still tracked (unlinked everywhere, unmapped in this JVM), then runs
   * {@link #atClose}.
   */
  public void close() {
    closed = true;
    for (Made made : live) {
      made.release();
    }
    runAtClose();
  }
}
