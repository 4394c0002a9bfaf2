package org.parley.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process between two points, split by thread name (numbers stripped, so a pool
 * counts as one), to say which part of Parley a post's CPU goes to. Threads that ended in between
 * (Lucene's merge threads, say) and the JVM's own (GC, JIT) are the rest of the process total.
 *
 * <p>On Linux it also says how the whole machine's CPUs were spent over the same time, from {@code
 * /proc/stat}: busy (this process and anything else), idle, and stolen by the hypervisor. On a
 * shared virtual machine the stolen share changes from minute to minute (a third of both CPUs at
 * times on the machine these figures come from), and a run that lost it is slower for that
 * reason alone; compare runs only when their stolen shares are alike.
 */
final class CpuAccount {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = new HashMap<>();
  private final long processStart;
  private final long gcStart = gcMillis();
  private final long jitStart = jitMillis();
  private final java.util.concurrent.atomic.LongAdder ended = new java.util.concurrent.atomic.LongAdder();
  private final long[] machineStart = machineTicks();

  /** Called by a thread of the load generator as it ends: its CPU is counted as "client". */
  void clientThreadEnds() {
    ended.add(threads.getCurrentThreadCpuTime());
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
        .filter(t -> t > 0)
        .sum();
  }

  private static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  CpuAccount() {
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        start.put(id, t);
      }
    }
    processStart = processCpu();
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU ms per unit of work (posts, copies) since construction, by thread group. */
  String perUnit(long units) {
    Map<String, Long> byGroup = new TreeMap<>();
    long listed = 0;
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long t = threads.getThreadCpuTime(id);
      if (info == null || t <= 0) {
        continue;
      }
      long used = t - start.getOrDefault(id, 0L);
      String group = info.getThreadName().replaceAll("[-# ]*\\d+$", "").replaceAll("/.*", "");
      byGroup.merge(group, used, Long::sum);
      listed += used;
    }
    long total = processCpu() - processStart;
    byGroup.put("client", ended.sum());
    byGroup.put("(other ended threads, GC, JIT)", total - listed - ended.sum());
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("CPU %.3f ms per unit in all (%.1f s)", total / 1e6 / units, total / 1e9));
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() > total / 200)
        .forEach(e -> sb.append(String.format("; %s %.3f", e.getKey(), e.getValue() / 1e6 / units)));
    sb.append(
        String.format(
            " (GC %d ms, JIT %d ms of wall time in all)",
            gcMillis() - gcStart,
            jitMillis() - jitStart));
    sb.append(machine(total / 1e6 / units));
    return sb.toString();
  }

  /**
   * The aggregate line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal (in
   * ticks, all CPUs together), then the number of CPUs; null where there is no such file.
   */
  private static long[] machineTicks() {
    try {
      java.util.List<String> lines =
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"));
      String[] f = lines.get(0).trim().split("\\s+");
      if (!f[0].equals("cpu") || f.length < 9) {
        return null;
      }
      long[] t = new long[9];
      for (int i = 0; i < 8; i++) {
        t[i] = Long.parseLong(f[i + 1]);
      }
      t[8] = lines.stream().filter(l -> l.matches("cpu\\d+ .*")).count();
      return t;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * "; machine (N CPUs): busy x%, idle y%, stolen z%" since construction, and the most units per
   * second the CPUs left by the hypervisor allow at this process's CPU per unit (its load generator
   * included, as it runs on the same CPUs): no run of this process can beat that rate without
   * using less CPU per unit. "" off Linux.
   */
  private String machine(double cpuMillisPerUnit) {
    long[] end = machineTicks();
    if (machineStart == null || end == null) {
      return "";
    }
    long[] d = new long[8];
    long all = 0;
    for (int i = 0; i < 8; i++) {
      d[i] = end[i] - machineStart[i];
      all += d[i];
    }
    if (all <= 0) {
      return "";
    }
    long idle = d[3] + d[4];
    long steal = d[7];
    long busy = all - idle - steal;
    double left = end[8] * (1.0 - (double) steal / all);
    return String.format(
        "; machine (%d CPUs): busy %.0f%%, idle %.0f%%, stolen by the hypervisor %.0f%%;"
            + " ceiling at this CPU per unit on the %.2f CPUs left: %.0f per s",
        end[8],
        100.0 * busy / all,
        100.0 * idle / all,
        100.0 * steal / all,
        left,
        cpuMillisPerUnit > 0 ? left * 1000 / cpuMillisPerUnit : 0.0);
  }
}
