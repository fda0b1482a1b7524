package dev.multitask.process.startup;

import dev.multitask.codec.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What a standby worker does, while it waits, with the {@link Preload} of its supply's recent jobs
 * ({@link RecentClasses}): loads and links each class, and describes it for deserialization (and
 * {@link Codec#prepare prepares} it) when that runs no application code; then links each lambda
 * ({@link LambdaShape#link}), under the same rule. The job that comes then skips those steps.
 *
 * <p>Describing a class ({@link ObjectStreamClass#lookup}) initializes it, and with it its
 * superclasses: a static initializer there would run in a worker that may never get a job, and its
 * failure would surface later as a bare {@code NoClassDefFoundError}. So a class is described only
 * if neither it nor an application class or interface above it declares one (a {@code static final}
 * constant needs none). Linking, which reflection does, runs no code.
 */
public final class ClassPreload {
  private static final byte[] STATIC_INITIALIZER = "<clinit>".getBytes(StandardCharsets.US_ASCII);

  private ClassPreload() {}

  /** Prepares {@code preload}'s classes, then its lambdas; one that fails is skipped. */
  public static void run(Preload preload) {
    run(preload.classes());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (LambdaShape lambda : preload.lambdas()) {
      lambda.link(loader);
    }
  }

  /**
   * Loads, links and, where quiet, describes the classes {@code names}; a name that fails is
   * skipped.
   */
  public static void run(List<String> names) {
    load(names, true);
  }

  /**
   * Loads and links the classes {@code names} (and loads the nest host of a nested one),
   * initializing none and describing none, and loads the application classes each one names ({@link
   * ClassReferences}): what a cold worker's cache is trained with (a cold worker decodes a plain
   * class without JDK serialization's description of it, and its job then uses the classes its
   * class names); when one of them names a type of multitask's shared objects, also the classes
   * attaching those loads ({@link SharedObjectClasses}). A name that fails is skipped.
   */
  public static void link(List<String> names) {
    load(names, false);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ClassLoader jdk = ClassLoader.getPlatformClassLoader();
    int left = MAX_NAMED; // every JVM started from the cache loads each class it holds
    boolean sharedObjects = false;
    for (String name : names) {
      if (left == 0 && sharedObjects) {
        break; // nothing more to load or to learn
      }
      byte[] classFile = classFile(name, loader);
      for (String named : classFile == null ? Set.<String>of() : ClassReferences.of(classFile)) {
        sharedObjects |= SharedObjectClasses.isSharedObjectType(named);
        // JDK classes are left out: the JDK's own image serves them without reading a jar
        if (left > 0 && jdk.getResource(named.replace('.', '/') + ".class") == null) {
          try {
            Class.forName(named, false, loader);
            left--;
          } catch (ClassNotFoundException | LinkageError e) {
            // named but absent: an optional dependency, or a string that looks like a descriptor
          }
        }
      }
    }
    if (sharedObjects) { // what attaching them loads, which no job class names
      load(SharedObjectClasses.NAMES, false);
    }
  }

  /**
   * The most classes named by the job classes that a cold cache's training loads: each costs every
   * worker ~25 µs, where one read from a jar costs a fresh worker milliseconds.
   */
  static final int MAX_NAMED = 128;

  private static void load(List<String> names, boolean describe) {
    ClassLoader loader =
        Thread.currentThread().getContextClassLoader(); // the one Codec resolves classes with
    for (String name : names) {
      try {
        Class<?> type = Class.forName(name, false, loader);
        type.getDeclaredFields(); // links (verifies) the class; initializes nothing
        // loads, without linking, the class a nested one belongs to: a lambda the nested class
        // writes joins that nest as it is made, which loads the host
        type.getNestHost();
        if (describe && Serializable.class.isAssignableFrom(type) && initializesQuietly(type)) {
          ObjectStreamClass.lookup(type);
          Codec.prepare(type); // a plain class's fields, for the codec's own path
        }
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        // a hint only: the job loads what it needs
      }
    }
  }

  /**
   * Whether initializing {@code type} would run no application code: no application class from it
   * up, and no application interface of theirs, declares a static initializer. When in doubt (a
   * class file that cannot be read), false.
   */
  static boolean initializesQuietly(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (declaresStaticInitializer(c)) {
        return false;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (!initializesQuietly(i)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether an application class's class file names a static initializer; JDK classes count as
   * none.
   */
  private static boolean declaresStaticInitializer(Class<?> c) {
    ClassLoader loader = c.getClassLoader();
    if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
      return false;
    }
    byte[] classFile = classFile(c.getName(), loader);
    // the name appears in the constant pool of a class that has one (or, rarely, as a string: then
    // the class is merely not described)
    return classFile == null || contains(classFile, STATIC_INITIALIZER);
  }

  /** The class file of the class {@code name} as {@code loader} finds it, or null. */
  private static byte[] classFile(String name, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean contains(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i <= bytes.length - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
