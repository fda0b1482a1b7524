package dev.multitask.cpython;

import dev.multitask.ipc.Queue;
import java.util.List;

/** Port of {@code Lib/test/test_queue.py}, class {@code PriorityQueueTest}. */
abstract class PriorityQueueTest extends BaseQueueTestMixin {
  @Override
  Queue<Integer> newQueue(int capacity) {
    return ctx().priorityQueue(capacity);
  }

  @Override
  List<Integer> targetOrder() {
    return List.of(111, 222, 333);
  }
}
