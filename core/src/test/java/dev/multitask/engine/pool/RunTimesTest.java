package dev.multitask.engine.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shortest-job-first predictor: τ(n+1) = t(n)/2 + τ(n)/2, per kind. */
class RunTimesTest {
  @Test
  void predict_neverMeasured_isZero() {
    assertEquals(0, new RunTimes().predict("Kind"));
  }

  @Test
  void observe_firstMeasurement_isThePrediction() {
    RunTimes times = new RunTimes();
    times.observe("Kind", 100);
    assertEquals(100, times.predict("Kind"));
  }

  /**
   * Silberschatz et al., Operating System Concepts, 9th ed., §6.3.2: τ0 = 10, then 8, 6, 6, 5, 9,
   * 11, 12.
   */
  @Test
  void observe_averagesEachMeasurementWithThePredictionByHalves() {
    RunTimes times = new RunTimes();
    times.observe("Kind", 10); // τ0 = 10
    long[] bursts = {6, 4, 6, 4, 13, 13, 13};
    long[] predicted = {8, 6, 6, 5, 9, 11, 12}; // (t + τ) / 2, rounded down
    for (int i = 0; i < bursts.length; i++) {
      times.observe("Kind", bursts[i]);
      assertEquals(predicted[i], times.predict("Kind"), "after burst " + i);
    }
  }

  @Test
  void observe_kindsAreLearnedApart() {
    RunTimes times = new RunTimes();
    times.observe("Slow", 1_000_000);
    times.observe("Quick", 10);
    assertEquals(1_000_000, times.predict("Slow"));
    assertEquals(10, times.predict("Quick"));
  }

  @Test
  void observe_hugeTimes_doNotOverflow() {
    RunTimes times = new RunTimes();
    times.observe("Kind", Long.MAX_VALUE);
    times.observe("Kind", Long.MAX_VALUE);
    assertEquals(Long.MAX_VALUE, times.predict("Kind"));
  }

  @Test
  void observe_beyondTheLimit_forgetsTheLeastRecentlyUsedKind() {
    RunTimes times = new RunTimes();
    for (int i = 0; i <= RunTimes.KINDS; i++) {
      times.observe("Kind" + i, 5);
    }
    assertEquals(0, times.predict("Kind0"));
    assertEquals(5, times.predict("Kind" + RunTimes.KINDS));
  }
}
