package dev.mode.indexer.eval;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the document rankings an evaluation scored as a TREC run file ({@code qid Q0 docid rank score tag}, one line
 * per document), so the figures can be checked with trec_eval or any other tool that reads runs.
 *
 * <p>The score column falls with the rank (the first of {@code n} documents scores {@code n}) instead of carrying
 * MODE's fused scores: trec_eval ignores the rank column, sorts by score and breaks ties by document id, while MODE
 * breaks ties (frequent under RRF) by passage id, so real scores would let trec_eval evaluate another
 * order than the one MODE's metrics saw.
 */
final class TrecRunWriter implements Closeable {
  private final BufferedWriter out;
  private final String tag;

  private TrecRunWriter(Path file, String tag) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    this.out = Files.newBufferedWriter(abs, StandardCharsets.UTF_8);
    this.tag = tag;
  }

  /**
   * The run of one evaluation mode, created (or replaced) in {@code dir} as {@code hybrid.run}, {@code learned-k2.run},
   * ..., tagged {@code MODE-hybrid}, {@code MODE-learned-k2}, ...
   */
  static TrecRunWriter forMode(Path dir, String mode, Integer k) throws IOException {
    String name = k == null ? mode : mode + "-k" + k;
    return new TrecRunWriter(dir.resolve(name + ".run"), "MODE-" + name);
  }

  /** Appends a query's document ranking, best first. */
  void write(String queryId, List<String> rankedDocs) throws IOException {
    requireToken(queryId);
    int n = rankedDocs.size();
    for (int i = 0; i < n; i++) {
      String doc = rankedDocs.get(i);
      requireToken(doc);
      out.write(queryId + " Q0 " + doc + " " + (i + 1) + " " + (n - i) + " " + tag);
      out.newLine();
    }
  }

  /** Run files split lines on whitespace: an id holding some could not be read back. */
  private static void requireToken(String id) {
    if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("'" + id + "' cannot be written to a TREC run file: its ids are whitespace-free");
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
