package dev.multitask.process.ipc;

import dev.multitask.process.shm.SegmentFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Elements too large for a queue's ring: each travels in a file of its own in the segment
 * directory, named after its queue ({@code <queue name>-b<16 hex>}, so carrying the queue owner's
 * pid), so it outlives the producer and goes with the owner. The ring holds the name; the consumer
 * reads the file and unlinks it. A file whose producer died before committing it, or whose consumer
 * died after taking it, is unlinked with its queue ({@link #unlinkAll}). Written and read with one
 * system call each way, never mapped: a large element costs one copy in and one copy out, and no
 * ring space.
 */
final class BlobFiles {
  /** What separates a large element's file name from its queue's name. */
  static final String INFIX = SegmentFiles.BLOB_INFIX;

  private static final int NAME_ATTEMPTS = 8;

  private BlobFiles() {}

  /** Writes {@code bytes} to a new file for the queue {@code queueName} and returns its name. */
  static String write(String queueName, byte[] bytes) {
    Path dir = SegmentFiles.directory();
    for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      String name =
          SegmentFiles.checkName(
              queueName
                  + INFIX
                  + String.format(
                      "%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong()));
      Path file = dir.resolve(name);
      try (FileChannel channel =
          FileChannel.open(
              file,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        return name;
      } catch (FileAlreadyExistsException e) {
        continue;
      } catch (IOException e) {
        SegmentFiles.unlink(file);
        throw new UncheckedIOException(
            "cannot write a queue element of "
                + bytes.length
                + " bytes to "
                + file
                + ": "
                + e
                + " (is "
                + dir
                + " full? see df "
                + dir
                + ")",
            e);
      }
    }
    throw new IllegalStateException(
        "no free file name in " + dir + " after " + NAME_ATTEMPTS + " attempts");
  }

  /** Reads the file {@code name} and unlinks it. */
  static byte[] take(String name) {
    return read(name, true);
  }

  /** Reads the file {@code name}, leaving it for the consumer. */
  static byte[] peek(String name) {
    return read(name, false);
  }

  private static byte[] read(String name, boolean unlink) {
    Path file = SegmentFiles.directory().resolve(SegmentFiles.checkName(name));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException(
            "queue element file " + file + " has " + size + " bytes: not one of ours");
      }
      byte[] bytes = new byte[(int) size];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until full
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          "queue element file "
              + file
              + " is gone: the queue's owner (pid "
              + SegmentFiles.creatorPid(name)
              + ") exited or closed the queue's context",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read queue element file " + file + ": " + e, e);
    } finally {
      if (unlink) {
        SegmentFiles.unlink(file);
      }
    }
  }

  /** Removes the file {@code name} unread (its element was refused after it was written). */
  static void discard(String name) {
    SegmentFiles.unlink(SegmentFiles.directory().resolve(name));
  }

  /**
   * Removes every element file of the queue {@code queueName}: its owner's release, after which
   * nothing may take from it. Best effort: a file that cannot be listed stays for the owner's exit.
   */
  static void unlinkAll(String queueName) {
    Path dir = SegmentFiles.directory();
    String glob = SegmentFiles.checkName(queueName) + INFIX + "*";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path file : files) {
        SegmentFiles.unlink(file);
      }
    } catch (IOException | DirectoryIteratorException e) {
      // the owner's exit hook and the next start's sweep remove what is left (named after it)
    }
  }
}
