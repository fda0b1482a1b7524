package dev.multitask.process;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.trace.Recorder;
import dev.multitask.trace.TraceEvent;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's trace events on the control channel: the worker records while its tasks carry {@link
 * WireDescriptor#TRACED} and sends what it has in a {@link WireDescriptor#TRACE} frame ahead of
 * each reply; the parent's reader merges the frame into its own recorder. Loaded only in a traced
 * run.
 *
 * <pre>
 *   TRACE body:  int version (1)
 *                int strings; str * strings          every name and text, once
 *                long dropped
 *                int processes; (long pid, int name) * processes
 *                int threads;   (long pid, long tid, int name) * threads
 *                int mains;     (long pid, long tid) * mains
 *                int events;    (byte kind, int name, long pid, long tid, long start,
 *                                long duration, long a, long b, int text (-1: none)) * events
 * </pre>
 *
 * Strings are indexes into the table at the head, so a lock's name that a thousand waits share is
 * sent once. Counts are checked against the bytes left before anything is allocated for them.
 */
final class TraceFrames {
  private static final int VERSION = 1;
  private static final TraceEvent.Kind[] KINDS = TraceEvent.Kind.values();

  /** The smallest encodings, for the checks of counts against the bytes left. */
  private static final int EVENT_BYTES = 1 + 4 + 8 * 6 + 4;

  private TraceFrames() {}

  /** In the worker: a traced task begins. */
  static void begin() {
    Recorder.startInChild();
  }

  /** In the worker: a task without the flag begins after traced ones. */
  static void end() {
    Recorder.stopInChild();
  }

  /** In the worker: sends what it recorded since the last frame, if anything. */
  static void send(FrameChannel channel) throws IOException {
    Recorder.Batch batch = Recorder.drain();
    if (!batch.isEmpty()) {
      channel.send(encode(batch));
    }
  }

  /** In the parent's reader: adds a worker's frame to this process's recording. */
  static void merge(FrameChannel.Frame frame) {
    Recorder.merge(decode(frame.body()));
  }

  static BytesOut encode(Recorder.Batch batch) {
    Map<String, Integer> index = new HashMap<>();
    List<String> strings = new ArrayList<>();
    BytesOut body = new BytesOut(64 + batch.events().size() * 64);
    body.writeLong(batch.dropped());
    body.writeInt(batch.processNames().size());
    for (var p : batch.processNames().entrySet()) {
      body.writeLong(p.getKey()).writeInt(string(p.getValue(), index, strings));
    }
    int threads = 0;
    for (var names : batch.threadNames().values()) {
      threads += names.size();
    }
    body.writeInt(threads);
    for (var p : batch.threadNames().entrySet()) {
      for (var t : p.getValue().entrySet()) {
        body.writeLong(p.getKey())
            .writeLong(t.getKey())
            .writeInt(string(t.getValue(), index, strings));
      }
    }
    body.writeInt(batch.mainThreads().size());
    for (var m : batch.mainThreads().entrySet()) {
      body.writeLong(m.getKey()).writeLong(m.getValue());
    }
    body.writeInt(batch.events().size());
    for (TraceEvent e : batch.events()) {
      body.writeByte(e.kind().ordinal())
          .writeInt(string(e.name(), index, strings))
          .writeLong(e.pid())
          .writeLong(e.tid())
          .writeLong(e.startNanos())
          .writeLong(e.durationNanos())
          .writeLong(e.a())
          .writeLong(e.b())
          .writeInt(e.text() == null ? -1 : string(e.text(), index, strings));
    }
    BytesOut frame = FrameChannel.begin(WireDescriptor.TRACE, body.size() + strings.size() * 24);
    frame.writeInt(VERSION).writeInt(strings.size());
    for (String s : strings) {
      frame.writeString(s);
    }
    frame.write(body.array(), 0, body.size());
    return frame;
  }

  private static int string(String s, Map<String, Integer> index, List<String> strings) {
    Integer i = index.get(s);
    if (i == null) {
      i = strings.size();
      index.put(s, i);
      strings.add(s);
    }
    return i;
  }

  static Recorder.Batch decode(BytesIn in) {
    int version = in.readInt();
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "trace frame version "
              + version
              + ", expected "
              + VERSION
              + ": a worker of another build");
    }
    String[] strings = new String[count(in, 4)];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = in.readString();
    }
    long dropped = in.readLong();
    Map<Long, String> processes = new HashMap<>();
    for (int i = count(in, 12); i > 0; i--) {
      processes.put(in.readLong(), at(strings, in.readInt()));
    }
    Map<Long, Map<Long, String>> threads = new HashMap<>();
    for (int i = count(in, 20); i > 0; i--) {
      long pid = in.readLong();
      long tid = in.readLong();
      threads.computeIfAbsent(pid, p -> new HashMap<>()).put(tid, at(strings, in.readInt()));
    }
    Map<Long, Long> mains = new HashMap<>();
    for (int i = count(in, 16); i > 0; i--) {
      mains.put(in.readLong(), in.readLong());
    }
    int n = count(in, EVENT_BYTES);
    List<TraceEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int kind = in.readByte();
      if (kind < 0 || kind >= KINDS.length) {
        throw new IllegalArgumentException("trace frame: no event kind " + kind);
      }
      String name = at(strings, in.readInt());
      long pid = in.readLong();
      long tid = in.readLong();
      long start = in.readLong();
      long duration = in.readLong();
      long a = in.readLong();
      long b = in.readLong();
      int text = in.readInt();
      events.add(
          new TraceEvent(
              KINDS[kind],
              name,
              pid,
              tid,
              start,
              duration,
              a,
              b,
              text < 0 ? null : at(strings, text)));
    }
    return new Recorder.Batch(events, processes, threads, mains, Math.max(0, dropped));
  }

  /** Reads a count of items of at least {@code bytesEach} bytes, checked against what is left. */
  private static int count(BytesIn in, int bytesEach) {
    int n = in.readInt();
    if (n < 0 || (long) n * bytesEach > in.remaining()) {
      throw new IllegalArgumentException(
          "trace frame: a count of " + n + " does not fit the " + in.remaining() + " bytes left");
    }
    return n;
  }

  private static String at(String[] strings, int i) {
    if (i < 0 || i >= strings.length) {
      throw new IllegalArgumentException("trace frame: no string " + i + " of " + strings.length);
    }
    return strings[i];
  }
}
