/**
 * multitask: Python's multitasking model (processes, threads, coroutines) for Java. Only the API
 * packages are exported; the backends live in internal packages.
 */
module dev.multitask {
  requires jdk.unsupported; // sun.misc.Unsafe.allocateInstance, through a method handle:

  // PlainObjectCodec

  exports dev.multitask;
  exports dev.multitask.ipc;
  exports dev.multitask.sync;
  exports dev.multitask.shared;
  exports dev.multitask.pool;
  exports dev.multitask.coro;
  exports dev.multitask.sched;
  exports dev.multitask.trace;
  exports dev.multitask.spi;

  // for the cluster backend (multitask-redis): the codec its tasks and values travel in, the pool
  // engine's map chunks, the pipes over its queues and the managers' container views
  exports dev.multitask.codec to
      dev.multitask.redis;
  exports dev.multitask.engine.pool to
      dev.multitask.redis;
  exports dev.multitask.engine.pipe to
      dev.multitask.redis;
  exports dev.multitask.engine.containers to
      dev.multitask.redis;

  uses dev.multitask.spi.Platform;
  uses dev.multitask.spi.BackendProvider;

  provides dev.multitask.spi.Platform with
      dev.multitask.platform.CorePlatform;
}
