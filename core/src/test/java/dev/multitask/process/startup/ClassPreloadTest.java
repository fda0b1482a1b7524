package dev.multitask.process.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Event;
import java.io.Serial;
import java.io.Serializable;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tier 1: a standby worker's preload describes a class only when that runs none of its code. */
class ClassPreloadTest {
  static final AtomicInteger INITIALIZED = new AtomicInteger();

  static class Plain implements Serializable {
    @Serial private static final long serialVersionUID = 1L; // a constant: no static initializer
    int value;
  }

  static class WithStaticBlock implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    static {
      INITIALIZED.incrementAndGet();
    }
  }

  static class WithComputedStatic implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    static final List<String> NAMES = List.of("a"); // not a constant: initialized by code
  }

  static class BelowOneWithStaticBlock extends WithStaticBlock {
    @Serial private static final long serialVersionUID = 1L;
  }

  interface WithStaticField {
    List<String> SHARED = List.of("b");

    default int size() {
      return SHARED.size();
    }
  }

  static class ImplementsOneWithStaticField implements Serializable, WithStaticField {
    @Serial private static final long serialVersionUID = 1L;
  }

  static class ToPreload implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    static {
      INITIALIZED.incrementAndGet();
    }
  }

  @Test
  void initializesQuietly_onlyWhenNoApplicationClassOrInterfaceFromItUpHasAStaticInitializer() {
    assertTrue(ClassPreload.initializesQuietly(Plain.class));
    assertTrue(ClassPreload.initializesQuietly(String.class), "JDK classes count as quiet");
    assertFalse(ClassPreload.initializesQuietly(WithStaticBlock.class));
    assertFalse(ClassPreload.initializesQuietly(WithComputedStatic.class));
    assertFalse(
        ClassPreload.initializesQuietly(BelowOneWithStaticBlock.class),
        "a superclass's initializer runs first");
    assertFalse(
        ClassPreload.initializesQuietly(ImplementsOneWithStaticField.class),
        "so may an interface's");
  }

  /** Loads this package's test classes (and more) afresh, and tells which it has loaded. */
  private static final class FreshLoader extends URLClassLoader {
    FreshLoader(Class<?>... alsoFromWhereTheseCome) {
      super(locations(alsoFromWhereTheseCome), ClassLoader.getPlatformClassLoader());
    }

    private static URL[] locations(Class<?>... others) {
      URL[] urls = new URL[others.length + 1];
      urls[0] = ClassPreloadTest.class.getProtectionDomain().getCodeSource().getLocation();
      for (int i = 0; i < others.length; i++) {
        urls[i + 1] = others[i].getProtectionDomain().getCodeSource().getLocation();
      }
      return urls;
    }

    boolean loaded(Class<?> type) {
      return loaded(type.getName());
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  /** A job class whose code names a shared-object type, as a lambda capturing an event does. */
  static final class UsesAnEvent {
    Event event;
  }

  @Test
  void link_loadsWhatAttachingSharedObjectsLoads_whenAJobClassNamesTheirType() throws Exception {
    String attached = "dev.multitask.process.sync.ShmEvent";
    assertTrue(SharedObjectClasses.NAMES.contains(attached), "the list names " + attached);
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (FreshLoader uses = new FreshLoader(Event.class);
        FreshLoader plain = new FreshLoader(Event.class)) {
      thread.setContextClassLoader(uses);
      ClassPreload.link(List.of(UsesAnEvent.class.getName()));
      assertTrue(uses.loaded(attached), "what attaching an event loads, which nothing names");
      thread.setContextClassLoader(plain);
      ClassPreload.link(List.of(Plain.class.getName()));
      assertFalse(plain.loaded(attached), "not for a job that names no shared object");
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void link_loadsANestedClassesNestHost_whichALambdaOfItsNeeds() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (FreshLoader fresh = new FreshLoader()) {
      thread.setContextClassLoader(fresh); // the loader ClassPreload uses, as Codec does
      assertFalse(fresh.loaded(ClassPreloadTest.class));
      ClassPreload.link(List.of(Plain.class.getName()));
      assertTrue(fresh.loaded(Plain.class));
      assertTrue(fresh.loaded(ClassPreloadTest.class), "the nest host is loaded too");
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void run_loadsAClassWithAStaticInitializerWithoutRunningIt_andSkipsNamesThatDoNotLoad()
      throws Exception {
    int before = INITIALIZED.get();
    ClassPreload.run(
        List.of(
            ToPreload.class.getName() + "Missing",
            ToPreload.class.getName(),
            Plain.class.getName()));
    assertEquals(before, INITIALIZED.get(), "the static initializer ran during preload");
    // the class is loaded: naming it again neither loads nor initializes anything new
    Class.forName(ToPreload.class.getName(), false, getClass().getClassLoader());
    assertEquals(before, INITIALIZED.get());
  }
}
