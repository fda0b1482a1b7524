package dev.multitask.shared;

import dev.multitask.Context;
import dev.multitask.Multitask;
import org.junit.jupiter.api.Nested;

/**
 * The manager contract ({@link SharedMapContract}, {@link SharedListContract}, {@link
 * NamespaceContract}, {@link ManagerLifecycleContract}, and the ports of CPython's manager tests,
 * {@link CpythonManagerPorts}) over every backend: child JVMs, platform threads and virtual
 * threads. The contract classes are nested in each backend's class, so that reports name the
 * backend ({@code ManagerContractTest$Threads$Maps}).
 */
class ManagerContractTest {

  @Nested
  class Processes extends ContainerContract {
    @Override
    Context newContext() {
      return Multitask.processes();
    }

    @Override
    boolean processes() {
      return true;
    }

    @Nested
    class Maps extends SharedMapContract {
      @Override
      ContainerContract run() {
        return Processes.this;
      }
    }

    @Nested
    class Lists extends SharedListContract {
      @Override
      ContainerContract run() {
        return Processes.this;
      }
    }

    @Nested
    class Namespaces extends NamespaceContract {
      @Override
      ContainerContract run() {
        return Processes.this;
      }
    }

    @Nested
    class Lifecycle extends ManagerLifecycleContract {
      @Override
      ContainerContract run() {
        return Processes.this;
      }
    }

    @Nested
    class CpythonPorts extends CpythonManagerPorts {
      @Override
      ContainerContract run() {
        return Processes.this;
      }
    }
  }

  @Nested
  class Threads extends ContainerContract {
    @Override
    Context newContext() {
      return Multitask.threads();
    }

    @Override
    boolean processes() {
      return false;
    }

    @Nested
    class Maps extends SharedMapContract {
      @Override
      ContainerContract run() {
        return Threads.this;
      }
    }

    @Nested
    class Lists extends SharedListContract {
      @Override
      ContainerContract run() {
        return Threads.this;
      }
    }

    @Nested
    class Namespaces extends NamespaceContract {
      @Override
      ContainerContract run() {
        return Threads.this;
      }
    }

    @Nested
    class Lifecycle extends ManagerLifecycleContract {
      @Override
      ContainerContract run() {
        return Threads.this;
      }
    }

    @Nested
    class CpythonPorts extends CpythonManagerPorts {
      @Override
      ContainerContract run() {
        return Threads.this;
      }
    }
  }

  @Nested
  class Coroutines extends ContainerContract {
    @Override
    Context newContext() {
      return Multitask.coroutines();
    }

    @Override
    boolean processes() {
      return false;
    }

    @Nested
    class Maps extends SharedMapContract {
      @Override
      ContainerContract run() {
        return Coroutines.this;
      }
    }

    @Nested
    class Lists extends SharedListContract {
      @Override
      ContainerContract run() {
        return Coroutines.this;
      }
    }

    @Nested
    class Namespaces extends NamespaceContract {
      @Override
      ContainerContract run() {
        return Coroutines.this;
      }
    }

    @Nested
    class Lifecycle extends ManagerLifecycleContract {
      @Override
      ContainerContract run() {
        return Coroutines.this;
      }
    }

    @Nested
    class CpythonPorts extends CpythonManagerPorts {
      @Override
      ContainerContract run() {
        return Coroutines.this;
      }
    }
  }
}
