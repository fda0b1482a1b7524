package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void print_padsColumnsAndAlignsNumbersRight() {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      new Table("run", "wall")
          .alignRight(1)
          .row("one", "4.00 s")
          .row("two threads", "2.00 s")
          .print(out);
    }
    assertEquals(
        """
          run            wall
          -----------  ------
          one          4.00 s
          two threads  2.00 s
        """,
        text.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void row_rejectsAWrongNumberOfCells() {
    assertThrows(IllegalArgumentException.class, () -> new Table("a", "b").row("only one"));
  }
}
