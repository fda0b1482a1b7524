/**
 * Internal: what the shared containers of every backend have in common ({@code SharedMap}, {@code
 * SharedList}, {@code Namespace} of {@code dev.multitask.shared}): the collection views and
 * iterators over snapshots ({@link dev.multitask.engine.containers.AbstractSharedMap}, {@link
 * dev.multitask.engine.containers.AbstractSharedList}), the namespace over a shared map ({@link
 * dev.multitask.engine.containers.MapNamespace}) and the manager's delegation of queues, locks and
 * values to its context ({@link dev.multitask.engine.containers.ContextManager}).
 *
 * <p>Owns: the container views. May use: the API packages only; a backend supplies the atomic
 * operations.
 */
package dev.multitask.engine.containers;
