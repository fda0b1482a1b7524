package dev.multitask;

import java.io.Serial;
import java.io.Serializable;

/**
 * What a job body saw of {@link Multitask#currentProcess()}, in a form that travels back from a
 * child JVM ({@link ProcessInfo} itself is not serializable).
 */
record Seen(String name, long pid, long parentPid, boolean isChild, boolean isDaemon)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  static Seen now() {
    ProcessInfo info = Multitask.currentProcess();
    return new Seen(info.name(), info.pid(), info.parentPid(), info.isChild(), info.isDaemon());
  }
}
