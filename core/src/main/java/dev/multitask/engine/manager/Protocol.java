package dev.multitask.engine.manager;

import dev.multitask.codec.BytesIn;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import java.util.Arrays;

/**
 * The frames a manager connection carries after the handshake, one request and then its reply:
 *
 * <pre>
 * client → server  CREATE   string typeId, string interface name, Object[] args
 *                  CALL     long object id, string method, int parameter count (-1: pick by name
 *                           and arity), that many parameter type names, Object[] args
 *                  RELEASE  long object id
 * server → client  OK       CREATE: long object id; CALL: the result; RELEASE: nothing
 *                  FAILED   the exception ({@code ThrowableCodec}: stand-in and serialized form)
 * </pre>
 *
 * Values are {@link Codec} encodings; an {@code Object[]} is {@link Codec#encodeArray}'s.
 */
final class Protocol {
  static final byte CREATE = 20;
  static final byte CALL = 21;
  static final byte RELEASE = 22;
  static final byte OK = 30;
  static final byte FAILED = 31;

  /** The id both sides give the handshake: one key per server, no worker ids. */
  static final long MANAGER_ID = 0;

  /** The largest frame either side reads: a guard against a corrupt length, not a real limit. */
  static final int MAX_FRAME = 256 << 20;

  /** How long a connecting peer has to finish the handshake. */
  static final long HANDSHAKE_MILLIS = 10_000;

  private Protocol() {}

  static void writeArgs(Object[] args, BytesOut out) {
    Codec.encodeArray(Arrays.asList(args == null ? new Object[0] : args), out);
  }

  static Object[] readArgs(BytesIn in) {
    Object args = Codec.decode(in);
    if (!(args instanceof Object[] array)) {
      throw new IllegalArgumentException("not a manager request: arguments are " + args);
    }
    return array;
  }
}
