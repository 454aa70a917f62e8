package dev.mode.core.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an index generation holds, written as {@code manifest.json} beside its shards: the format version, the
 * embedding model the vectors come from, each expert with its size, centroid and label, the gate that routes to
 * them, and a checksum of every file so a damaged generation is detected before it is served.
 *
 * @param formatVersion layout version; readers refuse versions they do not know
 * @param generation the generation number
 * @param createdAt ISO-8601 creation time
 * @param embeddingModel id of the embedding model
 * @param dimension vector dimension
 * @param chunkMaxTokens passage size the index was built with
 * @param chunkOverlapTokens passage overlap the index was built with
 * @param experts the experts, in id order
 * @param gate which gate file this generation carries ({@code centroid} needs none)
 * @param documents documents indexed
 * @param passages distinct passages indexed (a passage copied into two experts counts once)
 * @param checksums file path (relative to the generation) to its CRC-32, hex
 * @param changedSinceClustering passages added or replaced by incremental updates since the experts were last
 *     clustered (a full build or a rebalance sets it to 0); {@code rebalance} compares it with the index size
 * @param replication how the experts hold copies of documents near a boundary, which documents added later follow;
 *     null when they hold none
 */
public record Manifest(int formatVersion, long generation, String createdAt, String embeddingModel, int dimension,
    int chunkMaxTokens, int chunkOverlapTokens, List<Expert> experts, GateInfo gate, long documents, long passages,
    Map<String, String> checksums, long changedSinceClustering, Replication replication) {

  /** The layout version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** The manifest's file name inside a generation directory. */
  public static final String FILE = "manifest.json";

  // Fields added in later versions of the same format read as 0 (changedSinceClustering) or null (replication) from
  // older manifests.
  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

  /**
   * One document expert.
   *
   * @param id expert number, also its shard directory {@code expert-NN}
   * @param passages passages it holds, copies of passages also held by another expert included
   * @param documents documents with at least one passage in it
   * @param centroid the unit-length mean of its passage vectors
   * @param label a human label from its most distinctive terms
   * @param topTerms those terms
   */
  public record Expert(int id, long passages, long documents, float[] centroid, String label, List<String> topTerms) {
    /** Shard directory name of expert {@code id}. */
    public static String dirName(int id) {
      return String.format("expert-%02d", id);
    }
  }

  /**
   * The gate saved with a generation.
   *
   * @param kind {@code centroid} or {@code learned}
   * @param file file of the learned gate's weights, relative to the generation, or null
   */
  public record GateInfo(String kind, String file) {}

  /** Writes this manifest into a generation directory. */
  public void write(Path generationDir) throws IOException {
    Files.writeString(generationDir.resolve(FILE), JSON.writeValueAsString(this));
  }

  /** Reads the manifest of a generation directory. */
  public static Manifest read(Path generationDir) throws IOException {
    Path f = generationDir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new IndexFormatException("no " + FILE + " in " + generationDir + ": not a MODE index generation");
    }
    Manifest m;
    try {
      m = JSON.readValue(f.toFile(), Manifest.class);
    } catch (RuntimeException e) {
      // Jackson's full message adds a second line ("at [Source: REDACTED ...]") that says nothing to a reader
      String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
      throw new IndexFormatException(f + " is not a valid manifest: " + why);
    }
    if (m.formatVersion() != FORMAT_VERSION) {
      throw new IndexFormatException(f + " has format version " + m.formatVersion() + "; this MODE reads version "
          + FORMAT_VERSION);
    }
    return m;
  }
}
