package dev.mode.indexer;

import dev.mode.indexer.ingest.JsonlSource;
import java.nio.file.Path;
import java.util.Map;

/**
 * The indexer as its own process, for {@link KillIndexerIT}: {@code build|add INDEX_DIR CORPUS.jsonl}. Prints
 * {@code STAGE name done total} for every progress tick and {@code PUBLISHED gen-dir} at the end, flushing each
 * line, so the test can kill it at a known point.
 */
public final class IndexProcess {
  private IndexProcess() {}

  public static void main(String[] args) throws Exception {
    var config = TestCorpus.config(Path.of(args[1]), Map.of("experts.count", "4"));
    var indexer = Indexer.builder().config(config).source(new JsonlSource(Path.of(args[2]))).build();
    ProgressListener print = (stage, done, total) -> {
      System.out.println("STAGE " + stage + " " + done + " " + total);
      System.out.flush();
    };
    Path published = args[0].equals("add") ? indexer.add(print).generationDir() : indexer.run(print).generationDir();
    System.out.println("PUBLISHED " + published);
    System.out.flush();
  }
}
