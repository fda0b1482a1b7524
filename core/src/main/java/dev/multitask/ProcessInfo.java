package dev.multitask;

/**
 * Who the caller is, as Python's {@code multiprocessing.current_process()}: in a child JVM the
 * running job's name and the pids of the child and its parent; in a program that is not a child,
 * {@code MainProcess}.
 *
 * @param name the running job's name, or {@code MainProcess}
 * @param pid this process's id
 * @param parentPid the parent process's id, or -1 if it is not known
 * @param isChild whether this JVM is a multitask child
 * @param isDaemon whether this JVM runs a daemon job
 */
public record ProcessInfo(String name, long pid, long parentPid, boolean isChild, boolean isDaemon)
    implements java.io.Serializable {}
