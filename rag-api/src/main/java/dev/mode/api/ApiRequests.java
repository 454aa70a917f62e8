package dev.mode.api;

import dev.mode.config.ModeConfig;
import dev.mode.core.SearchRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Checks request bodies against the API's limits and turns them into engine requests. */
@Component
class ApiRequests {
  static final int MAX_PASSAGES = 1000;
  private final int maxQuestionChars;

  ApiRequests(ModeConfig config) {
    this.maxQuestionChars = config.server().maxQuestionChars();
  }

  SearchRequest toEngine(String field, String text, Integer experts, Integer passages, Map<String, String> filters) {
    if (text == null || text.isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "'" + field + "' is missing or empty");
    }
    if (text.length() > maxQuestionChars) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "'" + field + "' has " + text.length()
          + " characters; the limit is " + maxQuestionChars + " (server.max-question-chars)");
    }
    if (experts != null && experts < 1) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "'experts' must be at least 1");
    }
    if (passages != null && (passages < 1 || passages > MAX_PASSAGES)) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "'passages' must be between 1 and " + MAX_PASSAGES);
    }
    return new SearchRequest(text.strip(), experts, passages, null, requireValues("filters", filters));
  }

  /** The map itself (null stays null), once every key is known to have a value: JSON {@code null} is refused. */
  static Map<String, String> requireValues(String field, Map<String, String> map) {
    if (map != null) {
      for (var e : map.entrySet()) {
        if (e.getValue() == null) {
          throw new ApiException(HttpStatus.BAD_REQUEST, "'" + field + "." + e.getKey() + "' is null; give a string "
              + "value or leave the key out");
        }
      }
    }
    return map;
  }
}
