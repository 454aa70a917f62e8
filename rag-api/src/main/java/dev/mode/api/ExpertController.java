package dev.mode.api;

import dev.mode.core.ExpertInfo;
import dev.mode.core.IndexInfo;
import dev.mode.core.ModeEngine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/experts}: the experts of the generation served, with sizes, labels and query load. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "experts", description = "The document experts (shards)")
class ExpertController {
  private final ModeEngine engine;

  ExpertController(ModeEngine engine) {
    this.engine = engine;
  }

  /**
   * The experts of one generation.
   *
   * @param generation the generation served
   * @param documents documents in the index
   * @param passages distinct passages in the index (an expert's count also includes the copies it holds)
   * @param experts each expert with its size, label and the queries routed to it
   */
  record Experts(long generation, long documents, long passages, List<ExpertInfo> experts) {}

  @Operation(summary = "List the experts with their sizes, labels and query counts")
  @GetMapping("/experts")
  Experts experts() {
    List<ExpertInfo> experts = engine.experts();
    IndexInfo m = engine.info();
    return new Experts(m.generation(), m.documents(), m.passages(), experts);
  }
}
