package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The tutorial's Manager with a dict and a list: 10 worker processes each store their pid in the
 * shared dict under their number and append it to the shared list, and print the list as they see
 * it; every process sees what the others have added. At the end both hold all 10 pids. The dict
 * keeps insertion order, as Python's does, so its order is the order the workers got there.
 */
public final class ManagerDictList {
  private static final int WORKERS = 10;

  private ManagerDictList() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes();
        Manager mgr = ctx.manager()) {
      SharedMap<Integer, Long> dictContext = mgr.dict();
      SharedList<Long> lstContext = mgr.list();
      List<Job<Void>> jobs = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        int name = i;
        jobs.add(ctx.start(() -> worker(dictContext, lstContext, name)));
      }
      for (Job<Void> job : jobs) {
        job.result();
      }
      System.out.println("Results: " + dictContext);
      System.out.println("List: " + lstContext);
    }
  }

  private static void worker(
      SharedMap<Integer, Long> dictContext, SharedList<Long> lstContext, int name) {
    long pid = Multitask.currentProcess().pid();
    dictContext.put(name, pid);
    lstContext.add(pid);
    System.out.println(name + " worker: " + lstContext);
  }
}
