package dev.multitask.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tutorial's {@code ticket.db}: a JSON file {@code {"num": N}} holding the tickets left, read
 * and written by every buyer process. A write goes to a temporary file that is then renamed over
 * the database, so a reader sees the old count or the new one, never a half-written file; what the
 * examples show is the race between reading the count and writing it back, not torn files.
 */
final class TicketDb {
  private static final Pattern NUM = Pattern.compile("\"num\"\\s*:\\s*(\\d+)");

  private TicketDb() {}

  /** Makes a new database in a fresh temporary directory holding {@code tickets} tickets. */
  static Path create(int tickets) throws IOException {
    Path db = Files.createTempDirectory("multitask-tickets").resolve("ticket.db");
    write(db, tickets);
    return db;
  }

  /** The tickets left, as {@code json.load(f)['num']}. */
  static int read(Path db) {
    try {
      String json = Files.readString(db);
      Matcher m = NUM.matcher(json);
      if (!m.find()) {
        throw new IllegalStateException("no \"num\" in " + db + ": " + json);
      }
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the tickets left, as {@code json.dump({'num': n}, f)}. */
  static void write(Path db, int tickets) {
    try {
      Path next = Files.createTempFile(db.getParent(), "ticket", ".tmp");
      Files.writeString(next, "{\"num\": " + tickets + "}");
      Files.move(next, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the database and its directory. */
  static void delete(Path db) throws IOException {
    Files.deleteIfExists(db);
    Files.deleteIfExists(db.getParent());
  }
}
