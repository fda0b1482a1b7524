/**
 * A CPU-scheduling simulator, for teaching: the algorithms of the operating-system textbooks run
 * over a set of jobs, with Gantt charts and the times the books tabulate. It simulates; it does not
 * schedule anything real (the pool's own orders are {@link dev.multitask.pool.QueuePolicy}). Uses
 * only the JDK; owns nothing outside this package.
 *
 * <pre>
 *  inputs (records)                 simulation                     results (records)
 *  JobSet = name + [Job]                                           Schedule
 *  Job    = name, arrival, bursts --+                                timeline: [Segment]
 *           CPU/IO/CPU..., priority +-- Simulator.run(jobs, config)    RUN job|IDLE|SWITCH,
 *  Config = Algorithm, quantum,   --+   (Engine: an event loop)        start, end, MLFQ level
 *           context switch, rules,      Simulator.compare: every     results: [JobResult]
 *           Mlfq (levels, quanta,       algorithm                      completion, turnaround,
 *           allotments, boost, I/O)                                    waiting, response, I/O
 *  JobCsv.parse("name,arrival,burst[,priority]" text)              averages, throughput,
 *  Textbook.find("silberschatz-rr")                                CPU use, context switches
 *                                   renderers: GanttChart (terminal), SvgChart, HtmlReport,
 *                                              Reports (text tables)
 *
 *  a job's life:
 *
 *    arrival -&gt; READY -dispatch (+ switch)-&gt; RUNNING -CPU burst done-&gt; I/O (no device
 *                 ^ ^                           |                         |   contention)
 *                 | +-- quantum over, preempted +                         |
 *                 +------------------------------------- I/O done --------+
 *                                               +-last CPU burst done-&gt; DONE
 * </pre>
 *
 * <p>Times are whole units. The rules where simulators disagree — which of two jobs ready at the
 * same instant goes first, how ties are broken, which priority number is high, what a context
 * switch is, what I/O does to an MLFQ level — are settings, written down in {@link
 * dev.multitask.sched.Config} and {@link dev.multitask.sched.Mlfq}. Every type here is immutable or
 * stateless and may be used from any thread.
 */
package dev.multitask.sched;
