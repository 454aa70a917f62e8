package dev.mode.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.UriUtils;

/**
 * The URL of a document, {@code /api/v1/documents/{id}}, with the id percent-encoded segment by segment so that
 * any id (spaces, {@code %}, quotes, ...) gives a valid URL that {@code DELETE} resolves back to the same id. Slashes
 * stay slashes: ids are often relative paths.
 */
final class DocumentLinks {
  static final String BASE = "/api/v1/documents/";

  private DocumentLinks() {}

  /**
   * The document's URL; refuses (400) an id with a {@code .} or {@code ..} segment, which no request path can
   * carry through to the server unresolved, so that a document is never added that could not be deleted.
   */
  static URI of(String id) {
    var path = new StringJoiner("/", BASE, "");
    for (String segment : id.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "the document id '" + id + "' has a '.' or '..' segment");
      }
      // ';' is legal in a segment but Spring MVC drops what follows it as a matrix parameter
      path.add(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8).replace(";", "%3B"));
    }
    return URI.create(path.toString());
  }
}
