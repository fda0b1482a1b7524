package dev.multitask.coro;

import org.junit.jupiter.api.Nested;

/**
 * The async primitives' contract ({@link AsyncPrimitiveContract}) in both loop modes, nested so
 * that reports name the mode ({@code AsyncPrimitiveContractTest$Parallel}).
 */
class AsyncPrimitiveContractTest {

  @Nested
  class EventLoop extends AsyncPrimitiveContract {
    @Override
    LoopOptions options() {
      return LoopOptions.defaults();
    }
  }

  @Nested
  class Parallel extends AsyncPrimitiveContract {
    @Override
    LoopOptions options() {
      return LoopOptions.defaults().parallel(true);
    }
  }
}
