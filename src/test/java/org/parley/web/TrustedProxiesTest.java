package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Settings;
import org.parley.app.SettingsException;

/** RELIABILITY F6: whose X-Forwarded-For is believed, and which client it names. */
class TrustedProxiesTest {
  @TempDir Path dir;

  @Test
  void f6WithNoProxiesTheHeaderIsIgnored() {
    TrustedProxies none = TrustedProxies.parse("");
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.client("127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
    assertThat(Settings.load(dir, Map.of()).trustedProxies().isEmpty()).isTrue();
  }

  @Test
  void f6OnlyATrustedPeerNamesTheClientAndTheRightmostUntrustedHopIsIt() {
    TrustedProxies p = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8 ::1");
    assertThat(p.trusts("10.200.3.4")).isTrue();
    assertThat(p.trusts("11.0.0.1")).isFalse();
    assertThat(p.trusts("[0:0:0:0:0:0:0:1]")).isTrue();
    // Not from a proxy: the header is the client's own claim.
    assertThat(p.client("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
    assertThat(p.client("127.0.0.1", null)).isEqualTo("127.0.0.1");
    // A client's own forged entry sits left of the one our proxies wrote.
    assertThat(p.client("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.5")).isEqualTo("203.0.113.9");
    assertThat(p.client("127.0.0.1", "10.0.0.9, 10.0.0.5")).isEqualTo("10.0.0.9");
    assertThat(p.client("127.0.0.1", "[2001:db8::1]:443")).isEqualTo("2001:db8::1");
    assertThat(p.client("127.0.0.1", "203.0.113.9:5555")).isEqualTo("203.0.113.9");
    // A garbled hop ends the walk at the last address a proxy vouched for.
    assertThat(p.client("127.0.0.1", "203.0.113.9, evil.example, 10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(p.client("127.0.0.1", "<script>")).isEqualTo("127.0.0.1");
  }

  @Test
  void f6ABadEntryFailsStartUpNamingTheKeyAndNoNameIsLookedUp() {
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_TRUSTED_PROXIES", "proxy.example")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("trusted_proxies")
        .hasMessageContaining("proxy.example");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_TRUSTED_PROXIES", "10.0.0.0/33")))
        .hasMessageContaining("trusted_proxies")
        .hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Settings.load(dir, Map.of("PARLEY_TRUSTED_PROXIES", "300.1.1.1")))
        .hasMessageContaining("trusted_proxies");
    assertThat(
            Settings.load(dir, Map.of("PARLEY_TRUSTED_PROXIES", "192.168.0.0/16"))
                .trustedProxies()
                .trusts("192.168.44.1"))
        .isTrue();
  }
}
