package dev.multitask.codec;

/**
 * How records of one class are made from their components as JDK serialization makes them (the
 * canonical constructor, then {@code readResolve}), in plain code: reading a record otherwise takes
 * method handles whose forms a fresh JVM spins (~10 ms, measured). Multitask's shared objects'
 * handles register one ({@link Codec#makeRecords}), as every worker given a lock or queue reads
 * one.
 *
 * @param <R> the record class
 */
public interface RecordMaker<R extends Record> {
  /**
   * Makes the record with its canonical constructor.
   *
   * @param components its components in declaration order, each of its component's type
   * @return the record
   */
  R make(Object[] components);

  /**
   * What the record's {@code readResolve} returns, or the record itself if it has none.
   *
   * @param made what {@link #make} returned
   * @return the value the record stands for
   */
  Object resolve(R made);
}
