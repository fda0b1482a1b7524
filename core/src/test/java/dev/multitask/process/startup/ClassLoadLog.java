package dev.multitask.process.startup;

import dev.multitask.ProcessOptions;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cold worker's class-loading log, for the tests of what a cold worker loads. */
final class ClassLoadLog {
  /** A line of -Xlog:class+load: "[...] name source: ...". */
  private static final Pattern LOADED = Pattern.compile("\\]\\s+(\\S+) source: ");

  private ClassLoadLog() {}

  /** Options for cold workers (no standby) that log the classes they load to {@code log}. */
  static ProcessOptions coldWorkersLoggingTo(Path log) {
    return ProcessOptions.defaults()
        .standby(0)
        .jvmFlags("-Xlog:class+load=info:file=" + log + ":uptime");
  }

  /** The name of the class a log line says was loaded, or null for any other line. */
  static String loaded(String line) {
    Matcher m = LOADED.matcher(line);
    return m.find() ? m.group(1) : null;
  }
}
