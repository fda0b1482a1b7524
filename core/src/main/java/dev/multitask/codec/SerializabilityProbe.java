package dev.multitask.codec;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds where an object graph stops being serializable, so the error can say {@code task → captured
 * #0 (app.Holder) → .socket (java.net.Socket) is not serializable} instead of JDK serialization's
 * bare class name.
 *
 * <p>It walks what serialization would write: a lambda's captured values (through its {@code
 * writeReplace}), the non-static, non-transient fields of application classes, array elements, and
 * the elements of JDK collections and maps. It does not open JDK classes' private fields (that
 * would need {@code --add-opens}); where it cannot look further, the message falls back to the
 * serializer's own words.
 */
final class SerializabilityProbe {
  private static final int MAX_NODES = 100_000;

  private SerializabilityProbe() {}

  private record Node(Object value, String path) {}

  static String explain(Object root, Exception failure) {
    String path = find(root);
    String advice =
        "; make that class Serializable, mark the field transient, or capture only the values the task needs";
    if (path != null) {
      return "cannot send "
          + rootName(root)
          + " to another JVM: "
          + path
          + " is not serializable"
          + advice;
    }
    return "cannot send "
        + rootName(root)
        + " to another JVM: "
        + failure.getMessage()
        + " is not serializable"
        + advice;
  }

  /** Returns the path to the first unserializable object, or null if none was found. */
  static String find(Object root) {
    Deque<Node> stack = new ArrayDeque<>();
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    stack.push(
        new Node(
            root,
            root != null && SerializedLambdaAccess.isLambda(root.getClass())
                ? "the lambda"
                : "the value"));
    int visited = 0;
    while (!stack.isEmpty() && visited++ < MAX_NODES) {
      Node node = stack.pop();
      Object value = node.value();
      if (value == null || seen.put(value, Boolean.TRUE) != null) {
        continue;
      }
      Class<?> type = value.getClass();
      if (!(value instanceof Serializable) && !type.isArray()) {
        return node.path() + " (" + typeName(type) + ")";
      }
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (int i = Array.getLength(value) - 1; i >= 0; i--) {
            stack.push(new Node(Array.get(value, i), node.path() + "[" + i + "]"));
          }
        }
      } else if (SerializedLambdaAccess.isLambda(type)) {
        SerializedLambda lambda = SerializedLambdaAccess.of(value);
        if (lambda != null) {
          for (int i = lambda.getCapturedArgCount() - 1; i >= 0; i--) {
            Object arg = lambda.getCapturedArg(i);
            stack.push(new Node(arg, node.path() + " → captured #" + i));
          }
        }
      } else if (value instanceof Collection<?> collection && isJdk(type)) {
        int i = 0;
        for (Object element : collection) {
          stack.push(new Node(element, node.path() + "[" + i++ + "]"));
        }
      } else if (value instanceof Map<?, ?> map && isJdk(type)) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          stack.push(new Node(e.getKey(), node.path() + " key " + e.getKey()));
          stack.push(new Node(e.getValue(), node.path() + "[" + e.getKey() + "]"));
        }
      } else if (!isJdk(type)) {
        for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
          for (Field f : c.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.getType().isPrimitive()) {
              continue;
            }
            try {
              f.setAccessible(true);
              stack.push(new Node(f.get(value), node.path() + " → ." + f.getName()));
            } catch (RuntimeException | IllegalAccessException e) {
              // a class in a module closed to us: serialization's own message will have to do
            }
          }
        }
      }
    }
    return null;
  }

  private static String rootName(Object root) {
    if (root != null && SerializedLambdaAccess.isLambda(root.getClass())) {
      SerializedLambda lambda = SerializedLambdaAccess.of(root);
      if (lambda != null) {
        return "lambda in " + lambda.getImplClass().replace('/', '.');
      }
    }
    return root == null ? "null" : typeName(root.getClass());
  }

  private static String typeName(Class<?> type) {
    if (SerializedLambdaAccess.isLambda(type)) {
      String name = type.getName();
      int cut = name.indexOf("$$Lambda");
      return "lambda in " + (cut > 0 ? name.substring(0, cut) : name);
    }
    return type.getName();
  }

  private static boolean isJdk(Class<?> type) {
    Module module = type.getModule();
    if (!module.isNamed()) {
      return false;
    }
    String name = module.getName();
    return name.startsWith("java.") || name.startsWith("jdk.");
  }

  /** Reads a serializable lambda's {@link SerializedLambda}, which holds its captured values. */
  static final class SerializedLambdaAccess {
    private SerializedLambdaAccess() {}

    static boolean isLambda(Class<?> type) {
      return type.isSynthetic() && type.getName().contains("$$Lambda");
    }

    static SerializedLambda of(Object lambda) {
      try {
        Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
        writeReplace.setAccessible(true);
        return writeReplace.invoke(lambda) instanceof SerializedLambda s ? s : null;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
