/**
 * Internal: where the public API meets the implementation. {@link
 * dev.multitask.platform.CorePlatform} makes contexts over the process and local backends (and over
 * the backends {@link dev.multitask.spi.BackendProvider}s serve), and starts manager servers; it is
 * the only class that may depend on every other package, and nothing depends on it but {@link
 * java.util.ServiceLoader}.
 */
package dev.multitask.platform;
