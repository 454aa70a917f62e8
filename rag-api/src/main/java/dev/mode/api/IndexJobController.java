package dev.mode.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/index/jobs} starts a batch (re)index job; {@code GET /api/v1/index/jobs/{id}} reports it. */
@RestController
@RequestMapping("/api/v1/index/jobs")
@Tag(name = "index jobs", description = "Batch (re)indexing in the background")
class IndexJobController {
  private final IndexJobs jobs;

  IndexJobController(IndexJobs jobs) {
    this.jobs = jobs;
  }

  @Operation(summary = "Start a batch (re)index job over files on the server")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<IndexJob> start(@RequestBody IndexJobBody body) {
    IndexJob job = jobs.submit(body);
    return ResponseEntity.accepted().location(URI.create(IndexJobs.path(job.id()))).body(job);
  }

  @Operation(summary = "Report a job's state and progress")
  @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  IndexJob get(@PathVariable("id") String id) {
    return jobs.get(id).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no index job with id '" + id + "'"));
  }
}
