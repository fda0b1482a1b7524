package dev.multitask.process.os;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A child started with {@link ProcessBuilder}: the portable path, used without native access. */
final class JdkChild implements ChildProcess {
  private final Process process;
  private final OutputStream lifeline;
  private final CompletableFuture<WaitStatus> exit;

  private JdkChild(Process process) {
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.exit = process.onExit().thenApply(p -> new WaitStatus(p.exitValue(), 0, false));
  }

  static JdkChild start(List<String> command, Map<String, String> environment, Path directory)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.environment().clear();
    builder.environment().putAll(environment);
    return new JdkChild(builder.start());
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public Optional<ControlPipes> controlPipes() {
    return Optional.empty(); // ProcessBuilder passes no descriptor beyond 0, 1 and 2
  }

  @Override
  public void writeLifeline(byte[] bytes) throws IOException {
    lifeline.write(bytes);
    lifeline.flush();
  }

  @Override
  public void closeLifeline() {
    try {
      lifeline.close();
    } catch (IOException alreadyGone) {
      // the child has exited; nothing to close
    }
  }

  @Override
  public void signal(int signal) {
    if (signal == Posix.SIGKILL) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
  }

  @Override
  public CompletableFuture<WaitStatus> exit() {
    return exit;
  }
}
