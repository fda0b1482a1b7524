package dev.multitask.process.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A child process whose standard input is a pipe held by this JVM (the lifeline) and whose standard
 * output and error are this JVM's.
 *
 * <p>Two implementations: {@link SpawnedChild} calls {@code posix_spawn} and reaps the child with
 * {@code waitid}, so the exact wait status is known; {@link JdkChild} uses {@link ProcessBuilder}
 * when native access is off, and knows only Java's exit value.
 */
public sealed interface ChildProcess permits SpawnedChild, JdkChild {

  /**
   * Starts a child.
   *
   * @param command the program and its arguments; the program is an absolute path
   * @param environment the complete environment
   * @param directory the working directory, or null for this JVM's
   * @return the running child
   * @throws IOException if the child could not be started
   */
  static ChildProcess start(List<String> command, Map<String, String> environment, Path directory)
      throws IOException {
    return NativeAccess.enabled()
        ? SpawnedChild.start(command, environment, directory)
        : JdkChild.start(command, environment, directory);
  }

  long pid();

  /** The control channel's pipes, made before the child started; empty for a {@link JdkChild}. */
  Optional<ControlPipes> controlPipes();

  /** Writes to the child's standard input. */
  void writeLifeline(byte[] bytes) throws IOException;

  /** Closes the child's standard input: a multitask worker exits when it reads end-of-file. */
  void closeLifeline();

  /** Sends {@code signal} unless the child has already ended (never a recycled pid). */
  void signal(int signal);

  /** Completes once the child has ended and been reaped. */
  CompletableFuture<WaitStatus> exit();
}
