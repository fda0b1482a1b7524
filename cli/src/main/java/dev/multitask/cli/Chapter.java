package dev.multitask.cli;

import java.io.PrintWriter;

/**
 * One chapter of the guided tour: a short explanation, then measurements made on this machine while
 * the user watches. Chapters are listed, in order, in {@link TourCommand#CHAPTERS}.
 */
interface Chapter {
  /**
   * A one-word name for {@code --chapter}, such as {@code parallelism}.
   *
   * @return the name
   */
  String name();

  /**
   * The title printed above the chapter.
   *
   * @return the title
   */
  String title();

  /**
   * Explains, measures and prints.
   *
   * @param out where the chapter is printed
   * @throws Exception if a measurement fails
   */
  void run(PrintWriter out) throws Exception;
}
