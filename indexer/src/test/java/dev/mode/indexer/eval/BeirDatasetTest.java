package dev.mode.indexer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirDatasetTest {

  @Test
  void keepsJudgedQueriesWithTheirAnswersAndGradedGains(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"title\": \"t\", \"text\": \"x\"}\n");
    Files.writeString(dir.resolve("queries.jsonl"), """
        {"_id": "q1", "text": "first?", "metadata": {"answers": ["one", "1"]}}
        {"_id": "q2", "text": "unjudged"}
        """);
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n");
    BeirDataset ds = BeirDataset.load(dir);
    assertThat(ds.queries()).containsExactly(new BeirDataset.Query("q1", "first?", java.util.List.of("one", "1")));
    assertThat(ds.qrels().get("q1")).containsExactlyEntriesOf(java.util.Map.of("d1", 2));
    assertThat(ds.hasAnswers()).isTrue();
  }

  @Test
  void aBadQueryLineIsNamedInOneLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"title\": \"t\", \"text\": \"x\"}\n");
    Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"first?\"}\n{\"_id\": broken}\n");
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
    assertThatThrownBy(() -> BeirDataset.load(dir)).hasMessageContaining("queries.jsonl line 2 is not JSON: ")
        .hasMessageContaining("'broken'").hasMessageNotContaining("\n").hasMessageNotContaining("REDACTED");
  }

  @Test
  void saysWhatIsMissing(@TempDir Path dir) {
    assertThatThrownBy(() -> BeirDataset.load(dir)).hasMessageContaining("corpus.jsonl is missing");
  }
}
