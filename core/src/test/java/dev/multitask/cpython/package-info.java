/**
 * Ports, written for multitask, of CPython's own test suites for what multitask implements: {@code
 * Lib/test/lock_tests.py}, {@code Lib/test/test_queue.py}, the Process, Queue, Pipe/Connection,
 * Value/Array, Pool and synchronization parts of {@code Lib/test/_test_multiprocessing.py}, and
 * {@code Lib/test/test_concurrent_futures/}.
 *
 * <p>Each test class names the CPython file and class it ports, and each test the CPython test it
 * follows. They run over every backend where they apply: the class of each backend ({@link
 * PortBackend}) nests the ported classes, as the contract suites of the other packages do. Where
 * multitask differs on purpose, the test asserts multitask's documented behaviour and says so;
 * {@code docs/PYTHON.md} says why. Python's threads are platform threads of the test JVM (also over
 * the process backend's objects, whose code they run as a child JVM's threads would); Python's
 * processes are jobs.
 */
package dev.multitask.cpython;
