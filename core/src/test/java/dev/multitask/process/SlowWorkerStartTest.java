package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that takes longer than 10 s to reach its {@code main} (as cold JVMs did on a 2-core
 * machine with a load average of 58, and in a burst of 100 cold starts) still runs its job: the
 * parent waited only 10 s for its proof, then closed its pipes and killed it, and the job failed
 * with "could not start".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowWorkerStartTest {
  @TempDir Path dir;

  @Test
  void coldWorker_slowerThanTheSocketDeadline_stillRunsItsJob() throws Exception {
    Path agent = dir.resolve("slow-start.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(new Attributes.Name("Premain-Class"), SlowStartAgent.class.getName());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(agent), manifest)) {
      String entry = SlowStartAgent.class.getName().replace('.', '/') + ".class";
      jar.putNextEntry(new JarEntry(entry));
      jar.write(SlowStartAgent.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
      jar.closeEntry();
    }
    ProcessOptions slow =
        ProcessOptions.defaults().standby(0).jvmFlags("-javaagent:" + agent + "=11000");
    try (Context ctx = Multitask.processes(slow)) {
      assertEquals(42, ctx.start(() -> 42).result());
    }
  }
}
