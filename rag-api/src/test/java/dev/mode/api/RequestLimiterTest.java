package dev.mode.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ConfigLoader;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RequestLimiterTest {

  private static RequestLimiter limiter(int max, String timeout) {
    return new RequestLimiter(ConfigLoader.withDefaults().set("server.max-concurrent", Integer.toString(max), "test")
        .set("server.request-timeout", timeout, "test").load());
  }

  @Test
  void refusesWith429WhenEverySlotIsTakenAndRecoversWhenOneIsFreed() {
    RequestLimiter l = limiter(1, "5s");
    RequestLimiter.Permit p = l.acquire();
    assertThatThrownBy(l::acquire).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
    p.close();
    p.close(); // closing twice gives back one slot only
    l.acquire();
    assertThatThrownBy(l::acquire).isInstanceOf(ApiException.class);
    l.close();
  }

  @Test
  void cancelsWorkThatOutlivesTheTimeoutAndAnswers503() {
    RequestLimiter l = limiter(2, "200ms");
    var cancelled = new CountDownLatch(1);
    assertThatThrownBy(() -> l.call(c -> {
      while (!c.isCancelled()) {
        Thread.onSpinWait();
      }
      cancelled.countDown();
      return 1;
    })).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    int answer = l.call(c -> 42);
    assertThat(answer).isEqualTo(42);
    l.close();
  }

  /** An index update that has started to publish when the timeout passes cannot be undone: its answer is awaited. */
  @Test
  void waitsForWorkThatHasStartedToPublish() {
    RequestLimiter l = limiter(2, "100ms");
    int answer = l.call(c -> {
      assertThat(c.commit()).isTrue();
      sleep(400);
      return 7;
    });
    assertThat(answer).isEqualTo(7);
    assertThatThrownBy(() -> l.call(c -> {
      sleep(400);
      return c.commit() ? 1 : 0;
    })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("changed nothing"));
    l.close();
  }

  private static void sleep(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait(); // not Thread.sleep: the limiter interrupts work it cancels
    }
  }
}
