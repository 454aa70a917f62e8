package dev.mode.indexer.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test collection in BEIR layout: {@code corpus.jsonl}, {@code queries.jsonl} (optionally with
 * {@code metadata.answers}) and {@code qrels/test.tsv} (query-id, corpus-id, graded score, with a header line).
 * Only judged queries are kept.
 *
 * @param name the dataset's folder name
 * @param corpus the corpus file
 * @param queries the judged queries, in file order
 * @param qrels per query id, the gain of each judged document (only positive gains are kept)
 */
public record BeirDataset(String name, Path corpus, List<Query> queries, Map<String, Map<String, Integer>> qrels) {

  /**
   * One query.
   *
   * @param id query id
   * @param text query text
   * @param answers gold answer strings, empty when the collection has none
   */
  public record Query(String id, String text, List<String> answers) {}

  /** Whether any query carries gold answers (extractive answer metrics apply). */
  public boolean hasAnswers() {
    return queries.stream().anyMatch(q -> !q.answers().isEmpty());
  }

  /** Reads a BEIR-layout folder; a clear error names what is missing or malformed. */
  public static BeirDataset load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("dataset folder not found: " + dir);
    }
    Path corpus = dir.resolve("corpus.jsonl");
    Path queries = dir.resolve("queries.jsonl");
    Path qrels = dir.resolve("qrels").resolve("test.tsv");
    for (Path p : List.of(corpus, queries, qrels)) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException(dir + " is not a BEIR dataset: " + dir.relativize(p) + " is missing");
      }
    }
    Map<String, Map<String, Integer>> judged = readQrels(qrels);
    List<Query> qs = new ArrayList<>();
    JsonMapper json = JsonMapper.builder().build();
    try (BufferedReader r = Files.newBufferedReader(queries, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(queries + " line " + n + " is not JSON: "
              + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage())); // one line
        }
        String id = node.path("_id").asString("");
        String text = node.path("text").asString("");
        if (id.isEmpty() || text.isBlank()) {
          throw new IllegalArgumentException(queries + " line " + n + " needs _id and text");
        }
        List<String> answers = new ArrayList<>();
        for (JsonNode a : node.path("metadata").path("answers")) {
          answers.add(a.asString(""));
        }
        if (judged.containsKey(id)) {
          qs.add(new Query(id, text, List.copyOf(answers)));
        }
      }
    }
    if (qs.isEmpty()) {
      throw new IllegalArgumentException(dir + " has no judged query (no query id of queries.jsonl is in qrels/test.tsv)");
    }
    return new BeirDataset(dir.toAbsolutePath().normalize().getFileName().toString(), corpus, List.copyOf(qs), judged);
  }

  static Map<String, Map<String, Integer>> readQrels(Path file) throws IOException {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || i == 0 && line.startsWith("query-id")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length < 3) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + " needs query-id, corpus-id and score");
      }
      int gain;
      try {
        gain = Integer.parseInt(f[2].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": score '" + f[2] + "' is not an integer");
      }
      if (gain > 0) {
        out.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), gain);
      }
    }
    return out;
  }
}
