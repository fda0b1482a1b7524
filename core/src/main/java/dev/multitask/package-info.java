/**
 * The multitask API: Python's multitasking model for Java. Start from {@link
 * dev.multitask.Multitask}, which makes a {@link dev.multitask.Context} for child JVMs, platform
 * threads or virtual threads; a context starts {@link dev.multitask.Job}s from {@link
 * dev.multitask.Task} and {@link dev.multitask.Action} bodies. Python names are kept where Java
 * allows ({@code docs/PYTHON.md} maps every call).
 */
package dev.multitask;
