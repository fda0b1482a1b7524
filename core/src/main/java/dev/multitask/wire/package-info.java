/**
 * Internal: the control channel's protocol, drawn in {@link dev.multitask.wire.WireDescriptor}:
 * length-prefixed frames of a typed kind ({@link dev.multitask.wire.FrameChannel}) over pipes,
 * sockets or streams, and the HMAC-SHA256 challenge ({@link dev.multitask.wire.Handshake}, {@link
 * dev.multitask.wire.HmacSha256}) that proves both ends hold the key before anything is
 * deserialized. Used by the process backend between parent and worker, and by the manager server on
 * TCP.
 *
 * <p>Owns: frames and the handshake. May use: {@code codec} (its byte buffers) only.
 */
package dev.multitask.wire;
