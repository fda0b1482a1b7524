package dev.multitask.process.startup;

import java.util.List;

/**
 * What a standby worker prepares while it waits, learnt from its supply's recent jobs ({@link
 * RecentClasses}): classes to load and describe, and lambdas to link ({@link ClassPreload}).
 *
 * @param classes binary class names, most recent last
 * @param lambdas the recent jobs' serializable lambdas, most recent last
 */
public record Preload(List<String> classes, List<LambdaShape> lambdas) {
  /** For a worker started for a job that is waiting: it prepares nothing. */
  public static final Preload NONE = new Preload(List.of(), List.of());

  public Preload {
    classes = List.copyOf(classes);
    lambdas = List.copyOf(lambdas);
  }
}
