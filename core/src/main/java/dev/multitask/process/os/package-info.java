/**
 * Internal: Linux calls through the FFM API ({@code posix_spawn}, {@code waitid}, {@code kill},
 * {@code _exit}). Nothing here links native code unless {@code NativeAccess.enabled()}: a JVM
 * without {@code --enable-native-access} takes the portable paths and the JDK prints no warning.
 */
package dev.multitask.process.os;
