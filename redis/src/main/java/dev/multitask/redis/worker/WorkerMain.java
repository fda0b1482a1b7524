package dev.multitask.redis.worker;

import dev.multitask.redis.client.RedisAddress;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The worker JVM's main: {@code --redis URL [--concurrency N] [--name NAME] [--max-jobs M]
 * [--lifeline]}. With {@code --lifeline} the worker exits when its standard input ends (the JVM
 * that started it died: tests and local clusters); {@code --quiet} leaves out the line that says it
 * serves. SIGTERM (and Ctrl-C) stop it gracefully: its work in flight goes back to the queue for
 * the other workers.
 */
public final class WorkerMain {
  private WorkerMain() {}

  /**
   * Runs a worker until it is stopped.
   *
   * @param args the command line
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    String url = null;
    String name = null;
    int concurrency = Runtime.getRuntime().availableProcessors();
    int maxJobs = 256;
    boolean lifeline = false;
    boolean quiet = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--redis" -> url = args[++i];
        case "--name" -> name = args[++i];
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--max-jobs" -> maxJobs = Integer.parseInt(args[++i]);
        case "--lifeline" -> lifeline = true;
        case "--quiet" -> quiet = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: --redis URL [--concurrency N] [--name NAME] [--max-jobs M] [--lifeline]"
                    + " [--quiet]");
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--redis URL is required");
    }
    run(RedisAddress.parse(url), name, concurrency, maxJobs, lifeline, quiet);
  }

  /**
   * Runs a worker until SIGTERM, or the end of standard input with {@code lifeline}.
   *
   * @param address the server
   * @param name the name, or null for host-pid
   * @param concurrency pool items at once
   * @param maxJobs jobs at once
   * @param lifeline exit when standard input ends
   * @param quiet print nothing when it starts
   * @throws InterruptedException if interrupted
   */
  public static void run(
      RedisAddress address,
      String name,
      int concurrency,
      int maxJobs,
      boolean lifeline,
      boolean quiet)
      throws InterruptedException {
    String workerName = name != null ? name : host() + "-" + ProcessHandle.current().pid();
    ClusterWorker worker = new ClusterWorker(address, workerName, concurrency, maxJobs).start();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stop.countDown();
                },
                "multitask-worker-shutdown"));
    if (!quiet) {
      System.err.println(
          "multitask worker "
              + workerName
              + " serving "
              + address
              + " with "
              + concurrency
              + " pool slots");
    }
    if (lifeline) {
      Thread.ofPlatform()
          .daemon(true)
          .name("multitask-worker-lifeline")
          .start(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // nothing is sent: the pipe only tells that its other end is alive
                  }
                } catch (IOException e) {
                  // the pipe broke: the same as its end
                }
                System.exit(0); // the shutdown hook puts our work in flight back
              });
    }
    stop.await();
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName().replace(':', '-');
    } catch (IOException e) {
      return "worker";
    }
  }
}
