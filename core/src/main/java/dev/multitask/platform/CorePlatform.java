package dev.multitask.platform;

import dev.multitask.Context;
import dev.multitask.ProcessInfo;
import dev.multitask.ProcessOptions;
import dev.multitask.engine.BackendContext;
import dev.multitask.engine.CurrentProcess;
import dev.multitask.engine.manager.ManagerClient;
import dev.multitask.engine.manager.Server;
import dev.multitask.local.LocalBackend;
import dev.multitask.process.ProcessBackend;
import dev.multitask.process.shm.ShmSharedMemory;
import dev.multitask.shared.ManagerServer;
import dev.multitask.shared.RemoteManager;
import dev.multitask.shared.SharedMemory;
import dev.multitask.spi.BackendProvider;
import dev.multitask.spi.Platform;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The {@link Platform} of core: the one place that puts the backends and the engine together for
 * the public API's entry points. Found by {@link java.util.ServiceLoader} (module-info's {@code
 * provides}, and {@code META-INF/services} on the class path).
 */
public final class CorePlatform implements Platform {
  /** Used by {@link java.util.ServiceLoader}. */
  public CorePlatform() {}

  @Override
  public Context processes(ProcessOptions options) {
    return new BackendContext(new ProcessBackend(options));
  }

  @Override
  public Context threads() {
    return new BackendContext(LocalBackend.platform());
  }

  @Override
  public Context coroutines() {
    return new BackendContext(LocalBackend.virtual());
  }

  @Override
  public Context cluster(URI url) {
    String scheme =
        url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    Map<String, BackendProvider> byScheme = new LinkedHashMap<>();
    for (BackendProvider provider :
        ServiceLoader.load(BackendProvider.class, CorePlatform.class.getClassLoader())) {
      for (String s : provider.schemes()) {
        byScheme.putIfAbsent(s, provider);
      }
    }
    BackendProvider provider = byScheme.get(scheme);
    if (provider == null) {
      throw new IllegalStateException(
          "no backend serves "
              + url
              + (byScheme.isEmpty()
                  ? ": add the multitask-redis module (artifact dev.multitask:multitask-redis) to the class path"
                  : ": the schemes on the class path are " + new TreeSet<>(byScheme.keySet())));
    }
    return new BackendContext(provider.open(url));
  }

  @Override
  public ProcessInfo currentProcess() {
    return CurrentProcess.get();
  }

  @Override
  public Optional<ProcessInfo> parentProcess() {
    return Optional.ofNullable(CurrentProcess.parent());
  }

  @Override
  public SharedMemory attachSharedMemory(String name) {
    return ShmSharedMemory.attach(name);
  }

  @Override
  public ManagerServer startManagerServer(
      InetSocketAddress address, byte[] authKey, List<ManagerServer.Type> types) {
    Map<String, ManagerServer.Type> byId = new LinkedHashMap<>();
    for (ManagerServer.Type type : types) {
      byId.put(type.typeId(), type);
    }
    return Server.start(address, authKey, byId);
  }

  @Override
  public RemoteManager connectManager(InetSocketAddress address, byte[] authKey) {
    return ManagerClient.connect(Objects.requireNonNull(address, "address"), authKey);
  }
}
