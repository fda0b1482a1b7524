package dev.multitask.process.startup;

import dev.multitask.spi.ActionTask;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The application classes of a supply's recent jobs, which its standby workers load before they
 * report ready: what Python's {@code set_forkserver_preload} does, learnt from the jobs instead of
 * configured. A job's first steps in a fresh worker are loading its class and describing it for
 * deserialization, most of the time a warm start takes; a preloaded worker has done both, as far as
 * it can without running the class's code ({@link ClassPreload}).
 *
 * <p>For a job: its class (for a lambda, the class that wrote it) and the declared types of its
 * fields, where they are application classes (JDK classes are in the JVM's shared archive already);
 * for a serializable lambda also its {@link LambdaShape}, which a worker links. At most {@value
 * #LIMIT} of each, the most recent kept. Thread-safe.
 */
public final class RecentClasses {
  /** How many class names are kept, and sent to a worker at most. */
  public static final int LIMIT = 16;

  /** The names a task brings, computed once per class. */
  private static final ClassValue<List<String>> OF =
      new ClassValue<>() {
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

  /**
   * A lambda class's {@link LambdaShape}, made from the first instance seen (a shape needs one);
   * {@link #NO_SHAPE} when it has none. A one-element holder: a ClassValue computes from the class
   * alone.
   */
  private static final ClassValue<LambdaShape[]> SHAPES =
      new ClassValue<>() {
        @Override
        protected LambdaShape[] computeValue(Class<?> type) {
          return new LambdaShape[1];
        }
      };

  private static final LambdaShape NO_SHAPE = new LambdaShape("", "", new byte[0]);

  /** Most recent last; guarded by this. */
  private final LinkedHashSet<String> names = new LinkedHashSet<>();

  /** Lambda class name → shape, most recent last; guarded by this. */
  private final LinkedHashMap<String, LambdaShape> lambdas = new LinkedHashMap<>();

  /** Notes the classes of {@code task} (a job's body), and its lambda's shape if it is one. */
  public void remember(Object task) {
    Object body =
        task instanceof ActionTask action
            ? action.action()
            : task; // the user's class, not our wrapper
    List<String> found = OF.get(body.getClass());
    LambdaShape shape = body.getClass().isHidden() ? shapeOf(body) : null;
    if (shape != null && !found.contains(shape.capturingClass())) {
      // a lambda written by a nested class: that class deserializes it; its nest host, named in
      // its place, is only loaded as the lambda joins the nest (ClassPreload loads it so)
      List<String> named = new ArrayList<>(found);
      named.remove(body.getClass().getNestHost().getName());
      named.addFirst(shape.capturingClass());
      found = named;
    }
    synchronized (this) {
      for (String name : found) {
        names.remove(name); // re-added as the most recent
        names.add(name);
      }
      while (names.size() > LIMIT) {
        names.removeFirst();
      }
      if (shape != null) {
        lambdas.remove(body.getClass().getName());
        lambdas.put(body.getClass().getName(), shape);
        while (lambdas.size() > LIMIT) {
          lambdas.pollFirstEntry();
        }
      }
    }
  }

  private static LambdaShape shapeOf(Object lambda) {
    LambdaShape[] slot = SHAPES.get(lambda.getClass());
    if (slot[0] == null) { // a race makes two equal shapes: harmless
      LambdaShape shape = LambdaShape.of(lambda);
      slot[0] = shape == null ? NO_SHAPE : shape;
    }
    return slot[0] == NO_SHAPE ? null : slot[0];
  }

  /** What a standby worker started now should prepare. */
  public synchronized Preload preload() {
    return new Preload(List.copyOf(names), List.copyOf(lambdas.values()));
  }

  private static void add(Class<?> type, List<String> names) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (type.isHidden()) {
      type = type.getNestHost(); // a lambda: the class that wrote it, which deserializes it
    }
    ClassLoader loader = type.getClassLoader();
    if (!type.isPrimitive()
        && loader != null
        && loader != ClassLoader.getPlatformClassLoader()
        && !names.contains(type.getName())) {
      names.add(type.getName());
    }
  }
}
