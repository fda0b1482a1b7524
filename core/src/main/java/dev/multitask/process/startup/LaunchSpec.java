package dev.multitask.process.startup;

import dev.multitask.ProcessOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that makes two worker JVMs interchangeable: the {@code java} binary, class and module
 * path, flags, environment and working directory. Standby workers are kept per spec.
 *
 * @param java the parent's own {@code java} binary
 * @param classPath the parent's class path
 * @param modulePath the parent's module path, or empty
 * @param flags JVM flags from the options (heap cap included)
 * @param environment variables set on top of the parent's environment
 * @param directory the working directory, or null
 */
public record LaunchSpec(
    String java,
    String classPath,
    String modulePath,
    List<String> flags,
    Map<String, String> environment,
    Path directory) {

  static final String MAIN_CLASS = "dev.multitask.process.WorkerMain";

  public static LaunchSpec of(ProcessOptions options) {
    List<String> flags = new ArrayList<>();
    if (options.maxHeapBytes() > 0) {
      flags.add("-Xmx" + (options.maxHeapBytes() >> 20) + "m");
    }
    flags.addAll(options.jvmFlags());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new LaunchSpec(
        java,
        absolute(System.getProperty("java.class.path", "")),
        absolute(System.getProperty("jdk.module.path", "")),
        List.copyOf(flags),
        options.environment(),
        options.workingDirectory().orElse(null));
  }

  /**
   * Makes every entry of a path list absolute, so a child in another working directory finds them.
   */
  private static String absolute(String paths) {
    if (paths.isEmpty()) {
      return paths;
    }
    List<String> entries = new ArrayList<>();
    for (String entry : paths.split(File.pathSeparator)) {
      entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().normalize().toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The command line of a worker; {@code aotCache} is used when not null. */
  public List<String> command(Path aotCache) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add(
        "-Xrs"); // SIGTERM ends the child at once, as in Python; no JVM signal handlers in the way
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-XX:-UsePerfData"); // no hsperfdata file to leave behind, faster start
    // -Xrs makes HotSpot start its attach listener with the JVM, whose /tmp/.java_pid<pid> socket
    // only an orderly exit removes, and workers end by _exit or SIGKILL; a user who wants jcmd on
    // workers passes -XX:-DisableAttachMechanism in the options, which come after and win
    cmd.add("-XX:+DisableAttachMechanism");
    // one code heap, not three: a cold worker reaches its job's end ~6-8 ms sooner (paired runs),
    // and long jobs measured no slower; a flag in the options can still turn it back on
    cmd.add("-XX:-SegmentedCodeCache");
    if (flags.stream().noneMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"))) {
      cmd.add("-XX:+UseSerialGC"); // the fastest collector to start; workers are usually small
    }
    if (aotCache != null) {
      cmd.add("-XX:AOTCache=" + aotCache);
      cmd.add("-Xlog:aot=off,cds=off");
    }
    cmd.addAll(flags);
    if (!modulePath.isEmpty()) {
      cmd.add("--module-path");
      cmd.add(modulePath);
      cmd.add("--add-modules");
      cmd.add("ALL-MODULE-PATH");
    }
    if (!classPath.isEmpty()) {
      cmd.add("-cp");
      cmd.add(classPath);
    }
    if (onClassPath()) {
      cmd.add(MAIN_CLASS);
    } else {
      cmd.add("-m");
      cmd.add("dev.multitask/" + MAIN_CLASS);
    }
    return cmd;
  }

  /** Whether WorkerMain is loaded from the class path (else from the module path). */
  private boolean onClassPath() {
    return !LaunchSpec.class.getModule().isNamed()
        || modulePath.isEmpty(); // one module with WorkerMain
  }

  /**
   * Whether a worker JVM may run code before its main method: a Java or native agent, in its flags,
   * in a file of flags, or in an environment variable the JVM or its launcher reads (any such
   * variable counts). Such code could set a deserialization filter before the worker decodes its
   * first job, so the parent vouches for no filter only when this is false.
   */
  public boolean mayRunCodeBeforeMain() {
    for (String flag : flags) {
      if (flag.startsWith("-javaagent")
          || flag.startsWith("-agentlib")
          || flag.startsWith("-agentpath")
          || flag.startsWith("-XX:VMOptionsFile")
          || flag.startsWith("-XX:Flags")) {
        return true;
      }
    }
    for (String variable :
        new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
      String value =
          environment.containsKey(variable) ? environment.get(variable) : System.getenv(variable);
      if (value != null && !value.isBlank()) {
        return true;
      }
    }
    return false;
  }

  public Map<String, String> fullEnvironment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(environment);
    return env;
  }

  /** Whether every class path entry is a jar, which the JVM's AOT cache requires. */
  boolean classPathIsJarsOnly() {
    if (classPath.isEmpty()) {
      return false;
    }
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        return false;
      }
    }
    return true;
  }
}
