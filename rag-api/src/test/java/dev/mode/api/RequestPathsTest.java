package dev.mode.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How the API reads request paths: which are open without a key, which are refused, how document URLs are written. */
class RequestPathsTest {

  @Test
  void onlyPlainlyWrittenDocumentedPathsAreOpen() {
    assertThat(OpenPaths.isOpen("/actuator/health")).isTrue();
    assertThat(OpenPaths.isOpen("/actuator/health/liveness")).isTrue();
    assertThat(OpenPaths.isOpen("/v3/api-docs")).isTrue();
    assertThat(OpenPaths.isOpen("/v3/api-docs/swagger-config")).isTrue();
    assertThat(OpenPaths.isOpen("/swagger-ui.html")).isTrue();
    assertThat(OpenPaths.isOpen("/swagger-ui/index.html")).isTrue();

    assertThat(OpenPaths.isOpen("/api/v1/experts")).isFalse();
    assertThat(OpenPaths.isOpen("/actuator/prometheus")).isFalse();
    assertThat(OpenPaths.isOpen("/actuator/healthz")).isFalse();
    assertThat(OpenPaths.isOpen("/actuator/health/../prometheus")).isFalse();
    assertThat(OpenPaths.isOpen("/actuator/health/%2e%2e/prometheus")).isFalse();
    assertThat(OpenPaths.isOpen("/actuator/health;x/../prometheus")).isFalse();
    assertThat(OpenPaths.isOpen("//actuator/health")).isFalse();
    assertThat(OpenPaths.isOpen("/v3/api-docs/./../../api/v1/experts")).isFalse();
    assertThat(OpenPaths.isOpen("")).isFalse();
    assertThat(OpenPaths.isOpen("/")).isFalse();
  }

  @Test
  void dotSegmentsAreFoundHoweverWritten() {
    assertThat(DotSegmentFilter.hasDotSegment("/actuator/health/%2e%2e/prometheus")).isTrue();
    assertThat(DotSegmentFilter.hasDotSegment("/a/..;x/b")).isTrue();
    assertThat(DotSegmentFilter.hasDotSegment("/a/%2E")).isTrue();
    assertThat(DotSegmentFilter.hasDotSegment("/a/../b")).isTrue();
    assertThat(DotSegmentFilter.hasDotSegment("/api/v1/documents/notes/tides.txt")).isFalse();
    assertThat(DotSegmentFilter.hasDotSegment("/api/v1/documents/...")).isFalse();
    assertThat(DotSegmentFilter.hasDotSegment("/api/v1/documents/%zz")).isFalse();
  }

  @Test
  void documentLinksEscapeEachSegmentAndKeepSlashes() {
    assertThat(DocumentLinks.of("notes/tides.txt")).hasToString("/api/v1/documents/notes/tides.txt");
    assertThat(DocumentLinks.of("my report 50%.txt")).hasToString("/api/v1/documents/my%20report%2050%25.txt");
    assertThat(DocumentLinks.of("a;b=\"c\"<d>")).hasToString("/api/v1/documents/a%3Bb=%22c%22%3Cd%3E");
    assertThatThrownBy(() -> DocumentLinks.of("a/../b")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> DocumentLinks.of("./b")).isInstanceOf(ApiException.class);
  }
}
