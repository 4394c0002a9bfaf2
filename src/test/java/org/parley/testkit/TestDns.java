package org.parley.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server, Debian's nsd, serving zones a test writes, on 127.0.0.1 on a
 * free port (UDP and TCP). Tests of SPF, DKIM and DMARC ask it as the site would ask the Internet.
 * Each name's zone is its last two labels ({@code _dmarc.reject.example} is in {@code
 * reject.example}); a TXT record longer than 255 bytes is written as several strings, as a real
 * DKIM key record is. A test without nsd is skipped with one line ({@code .ci/run} installs it).
 */
public final class TestDns implements AutoCloseable {
  private static final Path NSD = Path.of("/usr/sbin/nsd");

  private final Path dir;
  private final int port;
  private Process process;

  /** Records to serve, added before {@link #start}. */
  public static final class Zones {
    private final Map<String, List<String>> lines = new LinkedHashMap<>();

    /** A TXT record at {@code name} (without the final dot). */
    public Zones txt(String name, String text) {
      return add(name, "TXT " + quoted(text));
    }

    /** An A record at {@code name}. */
    public Zones a(String name, String address) {
      return add(name, "A " + address);
    }

    /**
     * A record written as a zone file line's type and data, such as a line {@code parley dkim
     * keygen} printed: {@code "TXT ( \"v=DKIM1; k=rsa; \" \"p=…\" )"}.
     */
    public Zones record(String name, String typeAndData) {
      return add(name, typeAndData);
    }

    private Zones add(String name, String data) {
      String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      lines.computeIfAbsent(zoneOf(n), z -> new ArrayList<>()).add(n + ". 60 IN " + data);
      return this;
    }

    private static String zoneOf(String name) {
      String[] labels = name.split("\\.");
      return labels.length < 2 ? name : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    private static String quoted(String text) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      StringBuilder out = new StringBuilder("(");
      for (int i = 0; i < b.length; i += 255) {
        String part = new String(b, i, Math.min(255, b.length - i), StandardCharsets.UTF_8);
        out.append(" \"").append(part.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
      return out.append(" )").toString();
    }
  }

  private TestDns(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts nsd serving {@code zones}; skips the calling test when nsd is not installed. */
  public static TestDns start(Zones zones) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(NSD), "nsd is not installed (apt-get install nsd): DNS tests skipped");
    TestDns dns = new TestDns(Files.createTempDirectory("parley-dns"), freePort());
    dns.serve(zones);
    return dns;
  }

  /** Serves {@code zones} instead of what was served before, on the same port. */
  public void serve(Zones zones) throws IOException, InterruptedException {
    stop();
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n")
        .append("  ip-address: 127.0.0.1@")
        .append(port)
        .append('\n')
        .append("  username: \"\"\n  chroot: \"\"\n  database: \"\"\n")
        .append("  zonesdir: \"")
        .append(dir)
        .append("\"\n")
        .append("  pidfile: \"")
        .append(dir.resolve("nsd.pid"))
        .append("\"\n")
        .append("  xfrdfile: \"")
        .append(dir.resolve("xfrd.state"))
        .append("\"\n")
        .append("  zonelistfile: \"")
        .append(dir.resolve("zone.list"))
        .append("\"\n")
        .append("  logfile: \"")
        .append(dir.resolve("nsd.log"))
        .append("\"\n")
        .append("  server-count: 1\n  verbosity: 1\n")
        .append("remote-control:\n  control-enable: no\n");
    for (Map.Entry<String, List<String>> z : zones.lines.entrySet()) {
      String zone = z.getKey();
      List<String> file = new ArrayList<>();
      file.add("$TTL 60");
      file.add(zone + ". IN SOA ns." + zone + ". hostmaster." + zone + ". ( 1 3600 600 86400 60 )");
      file.add(zone + ". IN NS ns." + zone + ".");
      file.add("ns." + zone + ". IN A 127.0.0.1");
      file.addAll(z.getValue());
      Files.write(dir.resolve(zone + ".zone"), file);
      conf.append("zone:\n  name: ")
          .append(zone)
          .append("\n  zonefile: ")
          .append(zone)
          .append(".zone\n");
    }
    Files.writeString(dir.resolve("nsd.conf"), conf);
    process =
        new ProcessBuilder(NSD.toString(), "-d", "-c", dir.resolve("nsd.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nsd.out").toFile())
            .start();
    waitUntilServing(zones.lines.keySet().stream().findFirst().orElse(null));
  }

  private void waitUntilServing(String zone) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nsd stopped: " + log());
      }
      if (zone == null || answers(zone)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("nsd did not answer within 30 s: " + log());
  }

  private boolean answers(String zone) throws IOException {
    SimpleResolver r = new SimpleResolver(address());
    r.setTimeout(Duration.ofMillis(500));
    Lookup l = new Lookup(Name.fromString(zone + "."), Type.SOA);
    l.setResolver(r);
    l.setCache(null);
    l.run();
    return l.getResult() == Lookup.SUCCESSFUL;
  }

  private String log() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String f : List.of("nsd.out", "nsd.log")) {
      Path p = dir.resolve(f);
      if (Files.exists(p)) {
        out.append(Files.readString(p));
      }
    }
    return out.toString();
  }

  /** Where nsd answers. */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** The port nsd answers on, over UDP and TCP. */
  public int port() {
    return port;
  }

  /** How the site's {@code dns_servers} setting names this server. */
  public String setting() {
    return "127.0.0.1:" + port;
  }

  private void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    process = null;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A port free for both UDP and TCP on 127.0.0.1. */
  private static int freePort() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = tcp.getLocalPort();
        try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
          return p;
        } catch (IOException taken) {
          // the UDP port is taken: try another
        }
      }
    }
    throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
  }
}
