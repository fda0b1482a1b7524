package dev.multitask.cpython;

import dev.multitask.Context;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** A ported CPython test class, nested in a {@link PortBackend}, whose context it uses. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class PortPart {
  /** The backend whose class nests this one. */
  abstract PortBackend backend();

  /** The backend's shared context. */
  final Context ctx() {
    return backend().ctx();
  }

  /** Whether jobs run in child JVMs. */
  final boolean processes() {
    return backend().processes();
  }
}
