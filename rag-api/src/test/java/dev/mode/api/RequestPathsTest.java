package dev.mode.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the API reads request paths: which are open without a key, and which are refused. */
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
}
