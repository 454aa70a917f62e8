package dev.mode.api;

import dev.mode.core.ModeEngine;
import dev.mode.core.SearchRequest;
import dev.mode.core.SearchResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/search}: the passages the routed experts rank highest, with routing and timings. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "search", description = "Routed hybrid search over the experts")
class SearchController {
  private final ModeEngine engine;
  private final ApiRequests requests;
  private final RequestLimiter limiter;
  private final ModeMetrics metrics;

  SearchController(ModeEngine engine, ApiRequests requests, RequestLimiter limiter, ModeMetrics metrics) {
    this.engine = engine;
    this.requests = requests;
    this.limiter = limiter;
    this.metrics = metrics;
  }

  @Operation(summary = "Search the experts the gate routes the query to")
  @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  SearchResult search(@RequestBody SearchBody body) {
    if (body == null) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "the request body is missing");
    }
    SearchRequest request = requests.toEngine("query", body.query(), body.experts(), body.passages(), body.filters());
    return limiter.call(cancellation -> {
      SearchResult r = engine.search(request);
      metrics.routed(r.routing(), r.timings());
      return r;
    });
  }
}
