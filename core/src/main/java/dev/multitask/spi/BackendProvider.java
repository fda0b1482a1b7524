package dev.multitask.spi;

import java.net.URI;
import java.util.Set;

/**
 * Makes backends for URLs, found with {@link java.util.ServiceLoader} by {@code
 * Multitask.cluster(url)}: a module that offers a backend (the Redis cluster in {@code
 * multitask-redis}) provides one, in {@code module-info} ({@code provides}) and in {@code
 * META-INF/services}.
 */
public interface BackendProvider {
  /**
   * The URL schemes this provider serves.
   *
   * @return schemes such as {@code redis} and {@code rediss}
   */
  Set<String> schemes();

  /**
   * Opens a backend for {@code url}.
   *
   * @param url where the backend is, with one of the {@link #schemes()}
   * @return the backend, open
   * @throws IllegalArgumentException if the URL is malformed, naming it and what is wrong
   * @throws IllegalStateException if the backend cannot be reached, naming the URL and why
   */
  Backend open(URI url);
}
