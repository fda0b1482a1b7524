package dev.multitask.engine.pool;

import dev.multitask.pool.MapFailedException;
import dev.multitask.pool.TaskQuarantinedException;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.spi.PoolWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A map chunk whose worker died while it ran, cut so that only the item that was running is judged
 * ({@link Quarantine}): the items before it (whose results died with the worker) and after it
 * become chunks of their own, and the item runs again alone, or fails. The chunk's future, which
 * the map waits for, completes once its pieces have: with their results in input order, or with the
 * first failure among them in input order, as a {@link MapFailedException} naming its item.
 *
 * <pre>
 *   chunk [30 .. 39], worker died in item 37  →  [30 .. 36]  [37]  [38 .. 39]
 * </pre>
 *
 * For a slot thread, right after the death; the pieces go back to the front of the pool's queue.
 */
final class ChunkSplit {
  private ChunkSplit() {}

  /**
   * Cuts {@code chunk} after {@code death} and returns the pieces to queue; none when the chunk is
   * already done (cancelled meanwhile).
   */
  static List<WorkItem> cut(PoolEngine engine, WorkItem chunk, PoolWorker.Death death) {
    int size = chunk.chunkSize;
    long running = death.runningIndex();
    // no item begun (it died setting the chunk up): the first is the one judged
    int at =
        running >= chunk.chunkStart && running < chunk.chunkStart + size
            ? (int) (running - chunk.chunkStart)
            : 0;
    long index = chunk.chunkStart + at;
    // only a chunk of one item, run again after a death, carries what that item has seen
    Quarantine.ItemDeaths seen =
        size == 1 && chunk.deaths != null ? chunk.deaths : new Quarantine.ItemDeaths();
    Quarantine.Verdict verdict = engine.quarantine.mapItemDied(chunk.key, seen, death);

    List<CompletableFuture<Object>> parts = new ArrayList<>(3); // in input order
    List<Long> starts = new ArrayList<>(3);
    List<WorkItem> pieces = new ArrayList<>(3);
    if (at > 0) {
      add(engine.piece(chunk, 0, at), parts, starts, pieces);
    }
    if (verdict == Quarantine.Verdict.RUN_AGAIN) {
      WorkItem alone = engine.piece(chunk, at, at + 1);
      alone.deaths = seen;
      add(alone, parts, starts, pieces);
    } else {
      parts.add(
          CompletableFuture.failedFuture(
              new MapFailedException(
                  index,
                  verdict == Quarantine.Verdict.QUARANTINED
                      ? new TaskQuarantinedException(
                          "quarantined: map item "
                              + index
                              + " killed "
                              + seen.charged
                              + " workers, so the pool does not run it again (the last death: "
                              + seen.last.getMessage()
                              + ")",
                          seen.last)
                      : new WorkerDiedException(
                          "map item "
                              + index
                              + " was running when "
                              + seen.deaths
                              + " workers died, so the"
                              + " pool gives up on it; the last: "
                              + seen.last.getMessage(),
                          seen.last.pid(),
                          seen.last.exitCode(),
                          seen.last.stderrTail()))));
      starts.add(index);
    }
    if (at + 1 < size) {
      add(engine.piece(chunk, at + 1, size), parts, starts, pieces);
    }
    chunk.cutInto(pieces);
    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .whenComplete((done, failure) -> join(chunk, parts, starts));
    if (chunk.isDone()) { // cancelled before the pieces were known to it
      pieces.forEach(piece -> piece.future.cancel(false));
      return List.of();
    }
    return pieces;
  }

  private static void add(
      WorkItem piece,
      List<CompletableFuture<Object>> parts,
      List<Long> starts,
      List<WorkItem> pieces) {
    parts.add(piece.future);
    starts.add(piece.chunkStart);
    pieces.add(piece);
  }

  /** Completes the chunk from its parts, which have all completed. */
  private static void join(
      WorkItem chunk, List<CompletableFuture<Object>> parts, List<Long> starts) {
    Object[] results = new Object[chunk.chunkSize];
    int next = 0;
    for (int p = 0; p < parts.size(); p++) {
      CompletableFuture<Object> part = parts.get(p);
      switch (part.state()) {
        case SUCCESS -> {
          Object segment = part.resultNow();
          for (int i = 0, n = MapResults.length(segment); i < n; i++) {
            results[next++] = MapResults.get(segment, i);
          }
        }
        case FAILED -> {
          Throwable failure = part.exceptionNow();
          chunk.fail(
              failure instanceof MapFailedException
                  ? failure
                  : new MapFailedException(starts.get(p), failure));
          return;
        }
        default -> {
          chunk.fail(
              new MapFailedException(
                  starts.get(p),
                  new CancellationException(
                      "map item "
                          + starts.get(p)
                          + " was cancelled after its chunk's worker died")));
          return;
        }
      }
    }
    chunk.complete(results);
  }
}
