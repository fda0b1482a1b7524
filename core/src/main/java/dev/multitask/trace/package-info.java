/**
 * A timeline of any run: {@link dev.multitask.trace.Trace} records what the program and the child
 * processes it starts do — jobs (start, end, pid, exit code), pool tasks per worker, waits for
 * locks (with the holder the waiter found), conditions, queues and barriers, the turns of
 * coroutines on their event loop — and a {@link dev.multitask.trace.Recording} writes it as Chrome
 * trace-event JSON (Perfetto, {@code chrome://tracing}) and as a self-contained HTML timeline.
 *
 * <pre>
 *  hooks (backends, engine, coro)        this process                 a worker JVM (RUN has TRACED)
 *  Recorder.isOn()? -- no --> nothing    EventBuffer (striped,        Recorder.startInChild()
 *            |                             bounded) + Names             records into its own
 *            yes: Recorder.lockWait(..)  Trace.start() .. stop()        buffer; drain() -> TRACE
 *                 -> TraceEvent            -> Recording                 frame ahead of each reply
 *                                          -> ChromeJson, HtmlTimeline  parent: merge(batch)
 * </pre>
 *
 * <p>Owns: the recorder, its events and their file formats. May use: the API packages ({@code
 * dev.multitask}) only; the backends call in, through {@link dev.multitask.trace.Recorder}, with
 * one call at each blocking path. The process backend carries a worker's events to its parent on
 * the control channel ({@code process.TraceFrames}).
 */
package dev.multitask.trace;
