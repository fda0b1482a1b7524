package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * No zombies. On Unix a child that exits stays in the process table as {@code <defunct>} until its
 * parent reads its exit status; the tutorial avoids that by ignoring SIGCHLD. multitask reaps every
 * child as soon as it exits, so there is nothing to ignore: main never joins the child, yet after
 * it has exited the child is gone from main's children and its exit code is known.
 */
public final class Zombie {
  private Zombie() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the child cannot be started or the sleep is interrupted
   */
  public static void main(String[] args) throws Exception {
    long self = ProcessHandle.current().pid();
    try (Context ctx = Multitask.processes()) {
      Job<Void> child = ctx.start(Zombie::zombieProc);
      long pid = child.pid();
      // no join(): the tutorial's question is what becomes of a child nobody waits for
      Thread.sleep(3000);

      System.out.println(
          "main: child "
              + pid
              + " alive="
              + child.isAlive()
              + ", exit code="
              + (child.exitCode().isPresent() ? child.exitCode().getAsInt() : "none yet"));
      System.out.println("main: children of main (pid " + self + ") now:");
      ProcessHandle.current()
          .children()
          .forEach(
              h ->
                  System.out.println(
                      "  pid="
                          + h.pid()
                          + " state="
                          + state(h.pid())
                          + " command="
                          + h.info().command().map(Zombie::baseName).orElse("?")));
      String state = state(pid);
      System.out.println(
          "main: child "
              + pid
              + " in the process table: "
              + switch (state) {
                case "gone" -> "gone, reaped without a join (no <defunct> entry)";
                case "Z" -> "Z <defunct>, a zombie";
                default -> "state " + state;
              });
    }
  }

  private static void zombieProc() throws InterruptedException {
    System.out.println("zombie running");
    Thread.sleep(1000);
    System.out.println("zombie exit");
  }

  /** The one-letter state Linux reports for {@code pid} (Z for a zombie), or "gone". */
  private static String state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name in parentheses may hold spaces; the state follows the last ')'
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (NoSuchFileException e) {
      return Files.isDirectory(Path.of("/proc/self")) ? "gone" : aliveOrGone(pid);
    } catch (IOException e) {
      return aliveOrGone(pid);
    }
  }

  /** Without /proc (macOS): ask the JDK, which cannot tell a zombie from a live process. */
  private static String aliveOrGone(long pid) {
    return ProcessHandle.of(pid).map(h -> h.isAlive() ? "alive" : "gone").orElse("gone");
  }

  private static String baseName(String path) {
    return Path.of(path).getFileName().toString();
  }
}
