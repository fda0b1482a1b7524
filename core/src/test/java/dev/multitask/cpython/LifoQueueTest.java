package dev.multitask.cpython;

import dev.multitask.ipc.Queue;
import java.util.List;

/** Port of {@code Lib/test/test_queue.py}, class {@code LifoQueueTest}. */
abstract class LifoQueueTest extends BaseQueueTestMixin {
  @Override
  Queue<Integer> newQueue(int capacity) {
    return ctx().lifoQueue(capacity);
  }

  @Override
  List<Integer> targetOrder() {
    return List.of(222, 333, 111);
  }
}
