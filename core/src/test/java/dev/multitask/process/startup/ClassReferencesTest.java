package dev.multitask.process.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tier 1: the classes a class file names, read from its constant pool. */
class ClassReferencesTest {
  /** Named only inside a method's code. */
  static final class UsedInBody {
    static int value() {
      return 1;
    }
  }

  /** Named only as an array's element type, in a field's descriptor. */
  static final class InAnArray {}

  /** Named only in a generic signature. */
  static final class InASignature {}

  /** Holds references of each kind. */
  @SuppressWarnings("unused")
  static final class Subject {
    private InAnArray[] array;
    private List<InASignature> generic;

    static Job<Integer> start(Context ctx) {
      return null;
    }

    int body() {
      return UsedInBody.value();
    }
  }

  @Test
  void of_aClassFile_namesTheClassesOfItsCodeDescriptorsAndSignatures() throws IOException {
    Set<String> names = ClassReferences.of(classFile(Subject.class));
    for (Class<?> expected :
        List.of(
            UsedInBody.class,
            InAnArray.class,
            InASignature.class,
            Context.class,
            Job.class,
            List.class,
            Subject.class)) {
      assertTrue(names.contains(expected.getName()), expected + " in " + names);
    }
    assertFalse(
        names.stream().anyMatch(n -> n.contains("/") || n.startsWith("[")), names.toString());
  }

  @Test
  void of_bytesThatAreNoClassFile_orCutShort_namesWhatItCouldRead() throws IOException {
    assertEquals(Set.of(), ClassReferences.of(new byte[0]));
    assertEquals(Set.of(), ClassReferences.of("not a class file at all".getBytes()));
    byte[] whole = classFile(Subject.class);
    for (int cut = 0; cut < whole.length; cut += 7) {
      ClassReferences.of(Arrays.copyOf(whole, cut)); // never throws
    }
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in =
        type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
