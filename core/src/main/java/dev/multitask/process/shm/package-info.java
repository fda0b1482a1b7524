/**
 * Internal: the shared-memory substrate of the processes backend — named segments that several JVMs
 * map, and futex-style blocking on 32-bit words inside them. Rings, sync words and shared values
 * are built on these two pieces; nothing here is exported from {@code module-info}.
 *
 * <h2>Segments</h2>
 *
 * A {@link dev.multitask.process.shm.SharedSegment} is a file {@code multitask-<creatorPid>-<16
 * hex>} in {@code /dev/shm} (or {@code $MULTITASK_SHM_DIR}), created {@code 0600} with {@code
 * O_EXCL}, zero-filled (so a full tmpfs fails at creation with an exception, never later with
 * SIGBUS) and mapped with {@code FileChannel.map(..., Arena)}. The creator owns the name: it
 * unlinks at {@code close()}, in a shutdown hook, and any later JVM removes names whose creator pid
 * is dead (swept once per JVM, at the first creation), so SIGKILL leaks a segment only until the
 * next run. An attacher's mapping stays valid after the name is gone; only new attaches fail.
 *
 * <h2>Memory access</h2>
 *
 * Every load and store of a shared word goes through {@link
 * dev.multitask.process.shm.MemoryAccess}, whose method names carry the access mode ({@code
 * intAcquire}, {@code setIntRelease}, {@code casInt}, {@code intVolatile}, ...), so the ordering of
 * a protocol can be read at the call site. Plain access is never used for a word another process
 * reads concurrently. Words are naturally aligned (4 bytes for {@code int}, 8 for {@code long}); a
 * misaligned atomic access is an {@code IllegalArgumentException}, not a silent tear.
 *
 * <h2>Blocking</h2>
 *
 * {@link dev.multitask.process.shm.Futex} waits until a word differs from an expected value, with
 * the futex protocol: change the word first, then wake. A wake without a change may be lost (and
 * the polling fallback never observes it at all); a waiter may return spuriously, so callers
 * re-read the word and loop. {@link dev.multitask.process.shm.SyscallFutex} calls {@code futex(2)}
 * through the FFM API (shared, not private, futexes: the kernel keys them by file and offset, so
 * they work across processes); {@link dev.multitask.process.shm.PollingFutex} is the portable
 * fallback used when {@link dev.multitask.process.os.NativeAccess#enabled()} is false. Both spin
 * briefly first.
 *
 * <h2>Rings and locks</h2>
 *
 * A {@link dev.multitask.process.ipc.RingBuffer} holds byte records in a segment (layout and safety
 * rule in {@link dev.multitask.process.ipc.RingDescriptor}); a process queue chains such rings
 * ({@link dev.multitask.process.ipc.ChainRing}, {@link dev.multitask.process.ipc.ChainDescriptor}).
 * Producers serialize on one {@link dev.multitask.process.shm.RobustMutex} and consumers on
 * another: a robust cross-process mutex whose owner word holds the owner's pid and start time, so a
 * process killed holding it is detected and the next locker is told it took the lock over. The ring
 * advances {@code tail} only to publish a whole record, so a producer killed mid-record leaves
 * nothing to repair. Waits are futex waits and pin a virtual thread's carrier; the queues above
 * this package decide how virtual threads block.
 *
 * <p>Shared-memory layouts built on this package are drawn once, in the Javadoc of their {@code
 * *Descriptor} class, with a version field in every cross-process header.
 */
package dev.multitask.process.shm;
