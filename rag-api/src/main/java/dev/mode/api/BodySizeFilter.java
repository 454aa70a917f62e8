package dev.mode.api;

import dev.mode.config.ModeConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code server.max-upload-bytes} with 413: at once when Content-Length says so, else
 * (chunked bodies) as soon as more bytes than that have been read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class BodySizeFilter extends OncePerRequestFilter {
  private final long limit;

  BodySizeFilter(ModeConfig config) {
    this.limit = config.server().maxUploadBytes();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      Problems.write(response, request, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
      return;
    }
    chain.doFilter(new Limited(request), response);
  }

  private String tooLarge() {
    return "the request body is larger than the limit of " + limit + " bytes (server.max-upload-bytes)";
  }

  /** The request with its body stream cut off at the limit. */
  private final class Limited extends HttpServletRequestWrapper {
    private ServletInputStream stream;

    Limited(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream());
      }
      return stream;
    }
  }

  /** Counts bytes read and fails once they pass the limit. */
  private final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private long read;

    Counting(ServletInputStream in) {
      this.in = in;
    }

    private int count(int n) {
      if (n > 0) {
        read += n;
        if (read > limit) {
          throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, tooLarge());
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return count(in.read(b, off, len));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
