/**
 * Internal: the manager server behind {@code dev.multitask.shared.ManagerServer} and {@code
 * RemoteManager} (Python's {@code BaseManager} with registered types, and remote managers): a TCP
 * listener ({@link dev.multitask.engine.manager.Server}) whose connections run the control
 * channel's HMAC handshake ({@code dev.multitask.wire.Handshake}) and frames before anything else,
 * then one request and one reply at a time ({@link dev.multitask.engine.manager.Protocol}); the
 * client side pools connections ({@link dev.multitask.engine.manager.ManagerClient}) and makes
 * dynamic proxies ({@link dev.multitask.engine.manager.ProxyHandler}) that travel as their handle.
 *
 * <p>Owns: the manager protocol. May use: the API packages, {@code wire} and {@code codec} (its
 * deserialization filter, exceptions with their stacks); never a backend.
 */
package dev.multitask.engine.manager;
