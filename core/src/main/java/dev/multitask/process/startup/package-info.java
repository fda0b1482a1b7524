/**
 * Internal: how a worker JVM starts fast. {@link dev.multitask.process.startup.LaunchSpec} is the
 * command line of a worker (java, class path, flags, environment, directory); {@link
 * dev.multitask.process.startup.AotCache} trains the JDK's ahead-of-time cache for it in the
 * background ({@link dev.multitask.process.startup.ColdTraining} is the training's workload); and
 * {@code Preload}, {@code RecentClasses}, {@code ClassPreload} and {@code LambdaShape} let a
 * standby worker load and link the classes of recent jobs before it reports ready.
 *
 * <p>The rules a cold worker's way to its first job must keep (no lambda, no {@code Duration}, no
 * {@code MessageDigest}, ...) are checked by {@code ColdStartClassesTest}, which names any class a
 * change pulls in.
 *
 * <p>Owns: start-up. May use: {@code wire}, {@code codec}, {@code process.shm}, {@code engine},
 * {@code spi} and the API; not {@code process} itself.
 */
package dev.multitask.process.startup;
