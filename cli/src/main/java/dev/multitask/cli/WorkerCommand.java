package dev.multitask.cli;

import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.worker.WorkerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code multitask worker --redis URL [--concurrency N] [--name NAME]}: serves a cluster's jobs and
 * pool items from this JVM, running each in a child JVM, until stopped (SIGTERM or Ctrl-C put the
 * work in flight back for the other workers).
 */
@Command(
    name = "worker",
    description = "Serve a cluster's jobs and pool tasks from this JVM (tasks run in child JVMs).")
public final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Option(
      names = "--redis",
      required = true,
      paramLabel = "URL",
      description = "The cluster's Redis: redis://[:password@]host:port[/db] or rediss://...")
  private String url;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Pool tasks run at once (child JVMs); default: the number of CPUs.")
  private int concurrency = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The worker's name, unique in the cluster; default: host-pid.")
  private String name;

  @Option(names = "--max-jobs", paramLabel = "M", description = "Jobs run at once; default 256.")
  private int maxJobs = 256;

  @Option(names = "--lifeline", description = "Exit when standard input ends.")
  private boolean lifeline;

  /** Used by picocli. */
  public WorkerCommand() {}

  @Override
  public Integer call() throws Exception {
    WorkerMain.run(RedisAddress.parse(url), name, concurrency, maxJobs, lifeline, false);
    return Main.OK;
  }
}
