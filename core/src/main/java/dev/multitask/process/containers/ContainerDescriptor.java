package dev.multitask.process.containers;

/**
 * Offsets and constants of a shared container's control segment ({@link Container}); nothing else.
 * The container's contents live in a data segment ({@link MapDescriptor}, {@link ListDescriptor})
 * that is replaced by a larger or compacted one as the container changes; the control segment
 * stays, so a handle (its name) stays valid for the container's life.
 *
 * <pre>
 *   offset 0        4        8        12       16                24               32
 *          +--------+--------+--------+--------+----------------+----------------+
 *      0   | magic  | version| kind   | closed | owner word     | generation     |
 *          +--------+--------+--------+--------+----------------+----------------+
 *     64   | mutex ({@link dev.multitask.process.containers.ContainerMutex}, 32 bytes): guards the
 *          | generation, the name slots and the whole data segment               |
 *          +------------------------------------------------------------------------+
 *    128   | data name, slot 0: length (int), then up to 60 ASCII bytes                |
 *    192   | data name, slot 1                                                           |
 *          +------------------------------------------------------------------------+
 *    256   end
 * </pre>
 *
 * <p>{@code magic}, {@code version}, {@code kind} and the {@code owner word} (pid and start time of
 * the manager's process) are written once, at creation, before the segment's name is handed to
 * anyone. {@code closed} is set once, under the mutex, when the manager closes.
 *
 * <p><b>The rule that makes a move safe:</b> the data segment in use is the one named in slot
 * {@code generation & 1}. A move (growth or compaction) unlinks whatever the other slot names,
 * writes a fresh name there before that file exists, makes and fills the new segment, and only then
 * stores {@code generation + 1} (release): that store is the commit point. A holder killed before
 * it leaves the old segment in use, intact; one killed after it leaves the new one in use. Either
 * way both slots name every segment the container may have left, so the manager's close (which
 * unlinks both) leaves nothing behind. Every locker compares the generation with the one it mapped.
 */
final class ContainerDescriptor {
  static final int MAGIC = 0x4d54_434e; // "MTCN"
  static final int VERSION = 1;

  static final long MAGIC_OFFSET = 0;
  static final long VERSION_OFFSET = 4;
  static final long KIND_OFFSET = 8;
  static final long CLOSED_OFFSET = 12;
  static final long OWNER_OFFSET = 16;
  static final long GENERATION_OFFSET = 24;
  static final long MUTEX_OFFSET = 64;
  static final long NAME_SLOT_OFFSET = 128;
  static final int NAME_FIELD_LENGTH = 64;

  static final long SIZE = 256;

  /** The kinds of container, stored as these numbers: append only. */
  static final int KIND_MAP = 1;

  static final int KIND_LIST = 2;

  private ContainerDescriptor() {}

  static long nameSlot(long generation) {
    return NAME_SLOT_OFFSET + (generation & 1) * NAME_FIELD_LENGTH;
  }
}
