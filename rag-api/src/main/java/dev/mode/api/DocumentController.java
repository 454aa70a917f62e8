package dev.mode.api;

import dev.mode.core.ModeEngine;
import dev.mode.core.SourceDocument;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/v1/documents} (JSON, or a multipart file upload parsed by Tika) adds or replaces a document: its
 * passages go to the expert with the nearest centroid (and the second-nearest when the index's replication rule
 * copies it), in a new generation published atomically. {@code DELETE
 * /api/v1/documents/{id}} removes one (ids may contain slashes). Both are refused with 409 while an index job is
 * queued or running ({@link IndexWriteGate}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "documents", description = "Add, replace and delete documents without a full re-index")
class DocumentController {
  private final ModeEngine engine;
  private final RequestLimiter limiter;
  private final UploadParser parser;
  private final IndexWriteGate gate;

  DocumentController(ModeEngine engine, RequestLimiter limiter, UploadParser parser, IndexWriteGate gate) {
    this.engine = engine;
    this.limiter = limiter;
    this.parser = parser;
    this.gate = gate;
  }

  @Operation(summary = "Add or replace a document given as JSON")
  @PostMapping(path = "/documents", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DocumentAdded> addJson(@RequestBody DocumentBody body) {
    if (body == null || body.id() == null || body.id().isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "'id' is missing or empty");
    }
    if (body.text() == null || body.text().isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "'text' is missing or empty");
    }
    var doc = new SourceDocument(body.id().strip(), body.title(), body.text(),
        body.source() == null ? "api" : body.source(), "text/plain", System.currentTimeMillis(),
        ApiRequests.requireValues("metadata", body.metadata()));
    return add(doc);
  }

  @Operation(summary = "Upload a file (PDF, DOCX, PPTX, HTML, Markdown, text) as a document")
  @PostMapping(path = "/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DocumentAdded> upload(@RequestPart("file") MultipartFile file,
      @RequestParam(name = "id", required = false) String id,
      @RequestParam(name = "title", required = false) String title) throws IOException {
    if (file.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "the uploaded file is empty");
    }
    SourceDocument doc;
    try (InputStream in = file.getInputStream()) {
      doc = parser.parse(in, file.getOriginalFilename(), id, title, Map.of());
    }
    return add(doc);
  }

  private ResponseEntity<DocumentAdded> add(SourceDocument doc) {
    URI location = DocumentLinks.of(doc.id()); // before adding: an id refused here leaves the index untouched
    long passages = limiter.call(cancellation -> {
      try (var update = gate.enterUpdate()) {
        return engine.add(List.of(doc), cancellation);
      }
    });
    return ResponseEntity.created(location).body(new DocumentAdded(doc.id(), doc.title(), passages, doc.contentType()));
  }

  @Operation(summary = "Delete a document from every expert")
  @DeleteMapping("/documents/{*id}")
  ResponseEntity<Void> delete(@PathVariable("id") String id) {
    String docId = id.startsWith("/") ? id.substring(1) : id;
    if (docId.isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "the document id is missing");
    }
    boolean deleted = limiter.call(cancellation -> {
      try (var update = gate.enterUpdate()) {
        return engine.delete(docId, cancellation);
      }
    });
    if (!deleted) {
      throw new ApiException(HttpStatus.NOT_FOUND, "no document with id '" + docId + "'");
    }
    return ResponseEntity.noContent().build();
  }
}
