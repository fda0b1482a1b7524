package dev.multitask.examples;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessInfo;
import java.io.Serial;

/**
 * A process described by a class, as Python's {@code class MyProcess(Process)} with a {@code run()}
 * method: the object's fields are set in the parent and read in the child.
 */
public final class ProcessClass {
  private ProcessClass() {}

  /**
   * The process's work and its data. Python subclasses {@code Process}; here the class is an {@link
   * Action}, and the object is serialized to the child, fields included.
   */
  static final class MyProcess implements Action {
    @Serial private static final long serialVersionUID = 1L;

    private final String name;
    private final int age;

    MyProcess(String name, int age) {
      this.name = name;
      this.age = age;
    }

    @Override
    public void run() {
      ProcessInfo me = Multitask.currentProcess();
      System.out.println("func: ppid=%d, pid=%d".formatted(me.parentPid(), me.pid()));
      System.out.println("func: name=%s, age=%d".formatted(name, age));
    }
  }

  /**
   * Runs the example.
   *
   * @param args optionally a name and an age to send instead of Jerry, 18
   * @throws Exception if the child cannot be started
   */
  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "Jerry";
    int age = args.length > 1 ? Integer.parseInt(args[1]) : 18;
    ProcessInfo me = Multitask.currentProcess();
    System.out.println("main: ppid=%d, pid=%d".formatted(me.parentPid(), me.pid()));
    try (Context ctx = Multitask.processes()) {
      ctx.start(new MyProcess(name, age));
    }
  }
}
