package dev.multitask;

import java.nio.file.Path;

/**
 * A parent program for {@link ProcessJobTest#relativeClassPath_startsChildInOtherDirectory}: runs
 * one job in the directory {@code args[0]} and prints {@code RESULT <the child's user.dir>}.
 */
public final class WorkingDirectoryMain {
  private WorkingDirectoryMain() {}

  public static void main(String[] args) throws Exception {
    ProcessOptions options =
        ProcessOptions.defaults().workingDirectory(Path.of(args[0])).standby(0);
    try (Context ctx = Multitask.processes(options)) {
      System.out.println("RESULT " + ctx.start(() -> System.getProperty("user.dir")).result());
    }
  }
}
