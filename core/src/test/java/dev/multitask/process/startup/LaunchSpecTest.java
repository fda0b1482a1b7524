package dev.multitask.process.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ProcessOptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tier 1: when a parent may vouch that a worker runs no code before its first job; a worker's own
 * flags override the defaults.
 */
class LaunchSpecTest {
  private static boolean optionsInEnvironment() {
    return Stream.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")
        .anyMatch(name -> System.getenv(name) != null && !System.getenv(name).isBlank());
  }

  @Test
  void mayRunCodeBeforeMain_withAnAgentAFlagFileOrOptionsInTheEnvironment() {
    for (String flag :
        new String[] {
          "-javaagent:agent.jar",
          "-agentlib:jdwp=transport=dt_socket",
          "-agentpath:/x.so",
          "-XX:VMOptionsFile=flags.txt"
        }) {
      assertTrue(
          LaunchSpec.of(ProcessOptions.defaults().jvmFlags(flag)).mayRunCodeBeforeMain(), flag);
    }
    assertTrue(
        LaunchSpec.of(
                ProcessOptions.defaults().environment("JAVA_TOOL_OPTIONS", "-javaagent:a.jar"))
            .mayRunCodeBeforeMain());
    assertEquals(
        optionsInEnvironment(),
        LaunchSpec.of(ProcessOptions.defaults().jvmFlags("-Xss1m", "-Dmode=batch"))
            .mayRunCodeBeforeMain(),
        "plain flags run nothing; only this JVM's own environment may say otherwise");
  }

  @Test
  void aWorkersOwnFlagsComeAfterTheDefaults_soTheyWin() {
    java.util.List<String> plain = LaunchSpec.of(ProcessOptions.defaults()).command(null);
    assertTrue(plain.contains("-XX:-SegmentedCodeCache"), plain.toString());
    assertTrue(plain.contains("-XX:+UseSerialGC"), plain.toString());
    assertTrue(
        plain.contains("-XX:+DisableAttachMechanism"),
        "no /tmp/.java_pid<pid> left by a worker: " + plain);

    java.util.List<String> own =
        LaunchSpec.of(
                ProcessOptions.defaults()
                    .jvmFlags(
                        "-XX:+SegmentedCodeCache",
                        "-XX:+UseParallelGC",
                        "-XX:-DisableAttachMechanism"))
            .command(null);
    assertTrue(
        own.indexOf("-XX:-SegmentedCodeCache") < own.indexOf("-XX:+SegmentedCodeCache"),
        "the JVM takes the last: " + own);
    assertTrue(
        own.indexOf("-XX:+DisableAttachMechanism") < own.indexOf("-XX:-DisableAttachMechanism"),
        "jcmd on workers: " + own);
    assertEquals(
        -1,
        own.indexOf("-XX:+UseSerialGC"),
        "a worker that names its collector gets no other: " + own);
  }
}
