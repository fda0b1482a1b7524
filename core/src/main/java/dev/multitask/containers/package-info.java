/**
 * Internal: what the shared containers of every backend have in common ({@code SharedMap}, {@code
 * SharedList}, {@code Namespace} of {@code dev.multitask.shared}): the collection views and
 * iterators over snapshots ({@link dev.multitask.containers.AbstractSharedMap}, {@link
 * dev.multitask.containers.AbstractSharedList}), the namespace over a shared map ({@link
 * dev.multitask.containers.MapNamespace}) and the manager's delegation of queues, locks and values
 * to its context ({@link dev.multitask.containers.ContextManager}). A backend supplies the atomic
 * operations; this package uses only the public API packages.
 */
package dev.multitask.containers;
