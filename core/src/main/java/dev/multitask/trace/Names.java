package dev.multitask.trace;

import java.util.Map;
import java.util.TreeMap;

/**
 * The names of the lanes a trace has: processes by pid, threads by pid and thread id, and which
 * thread is each process's main one. Thread-safe (one monitor; it is written once per new thread or
 * process, not per event).
 */
final class Names {
  private final Map<Long, String> processes = new TreeMap<>();
  private final Map<Long, Map<Long, String>> threads = new TreeMap<>();
  private final Map<Long, Long> mainThreads = new TreeMap<>();

  synchronized void process(long pid, String name) {
    processes.put(pid, name);
  }

  /** Names a process unless it has a name already. */
  synchronized void processIfNone(long pid, String name) {
    processes.putIfAbsent(pid, name);
  }

  synchronized void thread(long pid, long tid, String name) {
    threads.computeIfAbsent(pid, p -> new TreeMap<>()).put(tid, name);
  }

  synchronized void mainThread(long pid, long tid) {
    mainThreads.put(pid, tid);
  }

  synchronized void addAll(Names other) {
    Map<Long, String> p;
    Map<Long, Map<Long, String>> t;
    Map<Long, Long> m;
    synchronized (other) {
      p = new TreeMap<>(other.processes);
      t = new TreeMap<>();
      other.threads.forEach((pid, names) -> t.put(pid, new TreeMap<>(names)));
      m = new TreeMap<>(other.mainThreads);
    }
    processes.putAll(p);
    t.forEach((pid, names) -> threads.computeIfAbsent(pid, k -> new TreeMap<>()).putAll(names));
    mainThreads.putAll(m);
  }

  synchronized Map<Long, String> processes() {
    return new TreeMap<>(processes);
  }

  synchronized Map<Long, Map<Long, String>> threads() {
    Map<Long, Map<Long, String>> copy = new TreeMap<>();
    threads.forEach((pid, names) -> copy.put(pid, new TreeMap<>(names)));
    return copy;
  }

  synchronized Map<Long, Long> mainThreads() {
    return new TreeMap<>(mainThreads);
  }

  synchronized void clear() {
    processes.clear();
    threads.clear();
    mainThreads.clear();
  }

  /** A copy that this one's later changes do not touch. */
  synchronized Names copy() {
    Names copy = new Names();
    copy.addAll(this);
    return copy;
  }
}
