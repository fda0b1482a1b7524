package hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelloTest {
  @Test
  void run_printsWhatTheJobTheQueueAndThePoolGave() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Hello.run(out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertEquals(
        """
        job: ran in another process: true
        queue: hello from a child
        pool: [1, 4, 9, 16, 25]
        """,
        text);
  }
}
