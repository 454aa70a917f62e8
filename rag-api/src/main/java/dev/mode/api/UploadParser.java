package dev.mode.api;

import dev.mode.core.SourceDocument;
import dev.mode.indexer.ingest.FileTreeSource;
import dev.mode.indexer.ingest.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Extracts an uploaded file's text with the indexer's Tika parsing ({@link FileTreeSource} over a temporary copy
 * that keeps the file's name, which Tika uses to detect the type). The copy is deleted afterwards.
 */
@Component
class UploadParser {

  SourceDocument parse(InputStream content, String fileName, String id, String title, Map<String, String> metadata)
      throws IOException {
    String name = safeName(fileName);
    Path dir = Files.createTempDirectory("mode-upload-");
    Path file = dir.resolve(name);
    try {
      Files.copy(content, file);
      List<SourceDocument> docs = new ArrayList<>();
      List<Skipped> skipped = new ArrayList<>();
      new FileTreeSource(List.of(file), List.of(), List.of()).read(docs::add, skipped::add);
      if (docs.isEmpty()) {
        String why = skipped.isEmpty() ? "no text could be extracted" : skipped.get(0).reason();
        throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "cannot index '" + fileName + "': " + why);
      }
      SourceDocument d = docs.get(0);
      String docId = id == null || id.isBlank() ? fileName == null || fileName.isBlank() ? name : fileName : id;
      return new SourceDocument(docId, title == null || title.isBlank() ? d.title() : title, d.text(),
          "upload:" + (fileName == null ? name : fileName), d.contentType(), System.currentTimeMillis(), metadata);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** The last path segment, with anything odd replaced; never hidden and never README.md (the tree source skips those). */
  static String safeName(String fileName) {
    String n = fileName == null ? "" : fileName.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    if (n.isEmpty() || n.startsWith(".") || n.equalsIgnoreCase("README.md")) {
      n = "upload-" + n;
    }
    return n.length() > 120 ? n.substring(n.length() - 120) : n;
  }
}
