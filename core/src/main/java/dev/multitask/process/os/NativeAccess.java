package dev.multitask.process.os;

/**
 * Whether multitask may call native code in this JVM without the JDK printing a warning: on Linux
 * (x86-64, AArch64) with {@code --enable-native-access=ALL-UNNAMED} (or {@code =dev.multitask} on
 * the module path). Asking links nothing. {@code -Dmultitask.noNative=true} forces the portable
 * paths, which the tests use to check them.
 */
public final class NativeAccess {
  private static final boolean ENABLED = check();

  private NativeAccess() {}

  public static boolean enabled() {
    return ENABLED;
  }

  private static boolean check() {
    if (Boolean.getBoolean("multitask.noNative")) {
      return false;
    }
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    boolean supported = os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64"));
    return supported && NativeAccess.class.getModule().isNativeAccessEnabled();
  }
}
