package dev.multitask.cpython;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * Runs the port of {@code Lib/test/test_queue.py} ({@link BaseQueueTestMixin} through {@link
 * QueueTest}, {@link LifoQueueTest} and {@link PriorityQueueTest}, and {@link BaseSimpleQueueTest})
 * over every backend. Not ported: {@code FailingQueueTest}, which makes CPython's {@code
 * _put}/{@code _get} hooks fail (multitask's queues have no such hooks), and the C-versus-Python
 * duplicates. Reports name the backend ({@code TestQueueTest$Processes$Lifo}).
 */
class TestQueueTest {
  @Nested
  class Processes extends PortBackend {
    @Override
    Context newContext() {
      return Multitask.processes();
    }

    @Override
    boolean processes() {
      return true;
    }

    @Nested
    class Fifo extends QueueTest {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Lifo extends LifoQueueTest {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Priority extends PriorityQueueTest {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }

    @Nested
    class Simple extends BaseSimpleQueueTest {
      @Override
      PortBackend backend() {
        return Processes.this;
      }
    }
  }

  @Nested
  class Threads extends PortBackend {
    @Override
    Context newContext() {
      return Multitask.threads();
    }

    @Override
    boolean processes() {
      return false;
    }

    @Nested
    class Fifo extends QueueTest {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Lifo extends LifoQueueTest {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Priority extends PriorityQueueTest {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }

    @Nested
    class Simple extends BaseSimpleQueueTest {
      @Override
      PortBackend backend() {
        return Threads.this;
      }
    }
  }

  @Nested
  class Coroutines extends PortBackend {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }

    @Override
    boolean processes() {
      return false;
    }

    @Nested
    class Fifo extends QueueTest {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Lifo extends LifoQueueTest {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Priority extends PriorityQueueTest {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }

    @Nested
    class Simple extends BaseSimpleQueueTest {
      @Override
      PortBackend backend() {
        return Coroutines.this;
      }
    }
  }
}
