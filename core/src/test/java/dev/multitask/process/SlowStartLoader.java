package dev.multitask.process;

/**
 * A system class loader that takes {@link #DELAY_MILLIS} to make, as a JVM started on a machine
 * under heavy load takes long to reach {@code main}: a child started with {@code
 * -Djava.system.class.loader=dev.multitask.process.SlowStartLoader} begins its handshake that much
 * later. Delegates everything to its parent.
 */
public final class SlowStartLoader extends ClassLoader {
  /** How long making the loader takes: past the 10 s a handshake was once allowed. */
  static final long DELAY_MILLIS = 12_000;

  static {
    ClassLoader.registerAsParallelCapable();
  }

  /**
   * Waits {@link #DELAY_MILLIS}, then delegates to {@code parent}.
   *
   * @param parent the JVM's application class loader
   */
  public SlowStartLoader(ClassLoader parent) {
    super(parent);
    try {
      Thread.sleep(DELAY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // starting anyway
    }
  }
}
