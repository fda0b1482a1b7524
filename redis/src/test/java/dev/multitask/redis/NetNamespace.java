package dev.multitask.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of a test's own ({@code ip netns}) joined to this host by a veth pair on a
 * private /30: the host's end has {@link #hostAddress()}, the namespace's end the other address of
 * the /30. A program started with {@link #command(List)} runs as if on another machine that reaches
 * this host only through that link; {@link #partition()} sets the host's end down (the namespace's
 * packets are then dropped, as with a cut cable) and {@link #heal()} sets it up again.
 *
 * <p>Names carry this JVM's pid, so that tests of several JVMs do not collide, and {@link #create}
 * first deletes the namespaces and links that a JVM no longer alive left behind (killed before its
 * clean-up ran). {@link #close()} deletes the link and the namespace; the caller stops the programs
 * it started in it first.
 *
 * <p>Needs root (CAP_NET_ADMIN) and iproute2's {@code ip}: {@link #unavailable()} says why not.
 */
final class NetNamespace implements AutoCloseable {
  private static final String PREFIX = "mtns-";
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final String name;
  private final String hostLink;
  private final String nsLink;
  private final String hostAddress;
  private final String nsAddress;

  private NetNamespace(int n) {
    long pid = ProcessHandle.current().pid();
    this.name = PREFIX + pid + "-" + n;
    // interface names have at most 15 characters
    String tag = Long.toString(pid, 36) + Integer.toString(n, 36);
    this.hostLink = "mth" + tag;
    this.nsLink = "mtn" + tag;
    // a /30 of 10.192.0.0/10 that depends on the pid and the count: distinct JVMs alive at once
    // get distinct ones unless their pids are 2^16 apart
    int subnet = (int) ((pid * 16 + n) & 0xFFFF);
    String net = "10." + (192 + (subnet >> 14)) + "." + ((subnet >> 6) & 0xFF) + ".";
    int base = (subnet & 0x3F) * 4;
    this.hostAddress = net + (base + 1);
    this.nsAddress = net + (base + 2);
  }

  /**
   * Why a namespace cannot be made here, or empty when it can: tries one.
   *
   * @return the reason, for a test's assumption message
   */
  static Optional<String> unavailable() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.of(
          "network namespaces exist on Linux only: os.name=" + System.getProperty("os.name"));
    }
    sweepLeftovers(); // a probe of a dead JVM with our pid would make ours fail
    Result probe = ip("netns", "add", PREFIX + ProcessHandle.current().pid() + "-probe");
    if (probe.code() == 127 || probe.code() == -1) {
      return Optional.of(
          "iproute2's ip is not installed (Debian: apt-get install iproute2): " + probe.output());
    }
    if (probe.code() != 0) {
      return Optional.of(
          "cannot create a network namespace (ip netns add needs root or CAP_NET_ADMIN): "
              + probe.output());
    }
    ip("netns", "del", PREFIX + ProcessHandle.current().pid() + "-probe");
    return Optional.empty();
  }

  /**
   * Makes a namespace with its link up and addressed.
   *
   * @return the namespace
   * @throws IllegalStateException if an {@code ip} command fails (what was made is deleted)
   */
  static NetNamespace create() {
    sweepLeftovers();
    NetNamespace ns = new NetNamespace(NEXT.getAndIncrement());
    try {
      ns.run("netns", "add", ns.name);
      ns.run(
          "link", "add", ns.hostLink, "type", "veth", "peer", "name", ns.nsLink, "netns", ns.name);
      ns.run("addr", "add", ns.hostAddress + "/30", "dev", ns.hostLink);
      ns.run("link", "set", ns.hostLink, "up");
      ns.run("-n", ns.name, "addr", "add", ns.nsAddress + "/30", "dev", ns.nsLink);
      ns.run("-n", ns.name, "link", "set", ns.nsLink, "up");
      ns.run("-n", ns.name, "link", "set", "lo", "up");
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  /** Deletes the namespaces (and so their links) of JVMs that are gone. */
  private static void sweepLeftovers() {
    Result list = ip("netns", "list");
    for (String line : list.output().split("\n")) {
      String ns = line.trim().split(" ")[0];
      if (!ns.startsWith(PREFIX)) {
        continue;
      }
      String[] parts = ns.substring(PREFIX.length()).split("-");
      try {
        long owner = Long.parseLong(parts[0]);
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
      } catch (NumberFormatException e) {
        continue; // not one of ours
      }
      ip("netns", "del", ns); // deleting the namespace deletes the veth pair with it
    }
  }

  /** The address of the host's end of the link: a server listening there is reachable. */
  String hostAddress() {
    return hostAddress;
  }

  /** The namespace's name. */
  String name() {
    return name;
  }

  /**
   * {@code command} run inside the namespace.
   *
   * @param command the program and its arguments
   * @return the command line that runs it there
   */
  List<String> command(List<String> command) {
    List<String> all = new ArrayList<>(List.of(ipPath(), "netns", "exec", name));
    all.addAll(command);
    return all;
  }

  /** Cuts the link: what the namespace sends is dropped, nothing reaches it. */
  void partition() {
    run("link", "set", hostLink, "down");
  }

  /** Restores the link. */
  void heal() {
    run("link", "set", hostLink, "up");
  }

  /** Deletes the link and the namespace; never throws. */
  @Override
  public void close() {
    ip("link", "del", hostLink); // fails harmlessly when it was never made
    ip("netns", "del", name);
  }

  @Override
  public String toString() {
    return "NetNamespace[" + name + ", host " + hostAddress + ", inside " + nsAddress + "]";
  }

  private void run(String... args) {
    Result r = ip(args);
    if (r.code() != 0) {
      throw new IllegalStateException(
          "ip " + String.join(" ", args) + " failed (" + r.code() + "): " + r.output());
    }
  }

  private record Result(int code, String output) {}

  private static String ipPath() {
    for (String p : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
      if (new java.io.File(p).canExecute()) {
        return p;
      }
    }
    return "ip";
  }

  private static Result ip(String... args) {
    List<String> command = new ArrayList<>(List.of(ipPath()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "ip did not finish in 30 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return new Result(127, String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ip", e);
    }
  }
}
