package dev.multitask.process;

import dev.multitask.job.ActionTask;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The application classes of a supply's recent jobs, which its standby workers load before they
 * report ready: what Python's {@code set_forkserver_preload} does, learnt from the jobs instead of
 * configured. A job's first steps in a fresh worker are loading its class and describing it for
 * deserialization, most of the time a warm start takes; a preloaded worker has done both, as far
 * as it can without running the class's code ({@link ClassPreload}).
 *
 * <p>For a job: its class (for a lambda, the class that wrote it) and the declared types of its
 * fields, where they are application classes (JDK classes are in the JVM's shared archive
 * already). At most {@value #LIMIT}, the most recent kept. Thread-safe.
 */
final class RecentClasses {
  /** How many class names are kept, and sent to a worker at most. */
  static final int LIMIT = 16;

  /** The names a task brings, computed once per class. */
  private static final ClassValue<List<String>> OF = new ClassValue<>() {
    @Override
    protected List<String> computeValue(Class<?> type) {
      List<String> names = new ArrayList<>();
      add(type, names);
      for (Field field : type.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          add(field.getType(), names);
        }
      }
      return List.copyOf(names);
    }
  };

  /** Most recent last; guarded by this. */
  private final LinkedHashSet<String> names = new LinkedHashSet<>();

  /** Notes the classes of {@code task} (a job's body). */
  void remember(Object task) {
    Object body = task instanceof ActionTask action ? action.action() : task; // the user's class, not our wrapper
    List<String> found = OF.get(body.getClass());
    synchronized (this) {
      for (String name : found) {
        names.remove(name); // re-added as the most recent
        names.add(name);
      }
      while (names.size() > LIMIT) {
        names.removeFirst();
      }
    }
  }

  /** The names to preload, at most {@value #LIMIT}. */
  synchronized List<String> names() {
    return List.copyOf(names);
  }

  private static void add(Class<?> type, List<String> names) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (type.isHidden()) {
      type = type.getNestHost(); // a lambda: the class that wrote it, which deserializes it
    }
    ClassLoader loader = type.getClassLoader();
    if (!type.isPrimitive() && loader != null && loader != ClassLoader.getPlatformClassLoader()
        && !names.contains(type.getName())) {
      names.add(type.getName());
    }
  }
}
