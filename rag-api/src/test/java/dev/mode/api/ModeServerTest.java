package dev.mode.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ConfigLoader;
import dev.mode.config.ModeConfig;
import dev.mode.core.ModeException;
import org.junit.jupiter.api.Test;

class ModeServerTest {

  private static ModeConfig.Server server(String host, String keys) {
    return ConfigLoader.withDefaults().set("server.host", host, "test").set("server.api-keys", keys, "test").load()
        .server();
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutKeys() {
    assertThatThrownBy(() -> ModeServer.requireKeysBeyondLoopback(server("0.0.0.0", "")))
        .isInstanceOf(ModeException.class).hasMessageContaining("server.api-keys");
  }

  @Test
  void allowsLoopbackWithoutKeysAndAnyAddressWithKeys() {
    ModeServer.requireKeysBeyondLoopback(server("127.0.0.1", ""));
    ModeServer.requireKeysBeyondLoopback(server("localhost", ""));
    ModeServer.requireKeysBeyondLoopback(server("0.0.0.0", "k1,k2"));
    assertThat(ModeServer.isLoopback("::1")).isTrue();
    assertThat(ModeServer.isLoopback("0.0.0.0")).isFalse();
  }

  @Test
  void uploadNamesAreMadeSafe() {
    assertThat(UploadParser.safeName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(UploadParser.safeName("C:\\docs\\report 1.pdf")).isEqualTo("report_1.pdf");
    assertThat(UploadParser.safeName(".hidden")).isEqualTo("upload-.hidden");
    assertThat(UploadParser.safeName("README.md")).isEqualTo("upload-README.md");
  }
}
