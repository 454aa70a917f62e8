package dev.mode.core.index;

import dev.mode.core.SourceDocument;
import dev.mode.core.embed.Embedder;
import dev.mode.core.text.Chunk;
import dev.mode.core.text.Chunker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * Adding documents to a live index, shared by the engine and the indexer: documents are cut with the index's
 * chunking and embedded ({@link #prepare}), then each is written whole to the expert whose centroid is nearest the
 * mean of its passage vectors (and to a second expert when it sits near a boundary, as the build placed such
 * documents), replacing any earlier version with the same id ({@link #write}).
 */
public final class DocumentUpdates {
  private DocumentUpdates() {}

  /** A document cut into embedded passages, with the unit-length mean of their vectors. */
  public record Prepared(SourceDocument document, List<Passage> passages, float[] meanVector) {}

  /**
   * Cuts and embeds documents. Throws {@link IllegalArgumentException} before any embedding when an id appears
   * twice or a document has no text.
   */
  public static List<Prepared> prepare(List<SourceDocument> documents, Embedder embedder, int maxTokens,
      int overlapTokens) {
    Set<String> ids = new HashSet<>();
    var chunker = new Chunker(embedder::tokenize, maxTokens, overlapTokens);
    List<List<Chunk>> chunks = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (SourceDocument d : documents) {
      if (PassageFields.idBytes(d.id()) > PassageFields.MAX_ID_BYTES) {
        throw new IllegalArgumentException("a document id is " + PassageFields.idBytes(d.id())
            + " bytes in UTF-8; the limit is " + PassageFields.MAX_ID_BYTES);
      }
      if (!ids.add(d.id())) {
        throw new IllegalArgumentException("document id " + d.id() + " appears twice");
      }
      List<Chunk> cs = d.text() == null ? List.of() : chunker.chunk(d.text());
      if (cs.isEmpty()) {
        throw new IllegalArgumentException("document " + d.id() + " has no text to index");
      }
      chunks.add(cs);
      cs.forEach(c -> texts.add(c.text()));
    }
    List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embedPassages(texts);
    List<Prepared> out = new ArrayList<>();
    int v = 0;
    for (int i = 0; i < documents.size(); i++) {
      SourceDocument d = documents.get(i);
      List<Chunk> cs = chunks.get(i);
      List<Passage> ps = new ArrayList<>();
      for (int o = 0; o < cs.size(); o++) {
        Chunk c = cs.get(o);
        ps.add(new Passage(Passage.idOf(d.id(), o), d.id(), o, d.title(), c.text(), d.source(), d.contentType(),
            d.modified(), d.metadata(), c.start(), c.end(), vectors.get(v++)));
      }
      out.add(new Prepared(d, List.copyOf(ps), meanUnit(ps)));
    }
    return out;
  }

  /**
   * Writes prepared documents into an update: each document's earlier passages are deleted, then its passages go
   * to the expert with the centroid nearest its mean vector (the rule the experts were built by; a learned gate is
   * trained on queries, not on documents, so it does not decide placement), and also to the second-nearest when
   * the index's {@link Replication} rule says so, for at most the rule's share of the update's documents (rounded
   * up), those nearest a boundary first. Returns the passages written (a passage written to two experts counts once).
   */
  public static long write(IndexUpdater updater, List<Prepared> documents) throws IOException {
    long written = 0;
    Manifest base = updater.base();
    boolean[] mayCopy = copyable(documents, base.experts(), base.replication());
    int copies = 0;
    for (int i = 0; i < documents.size(); i++) {
      Prepared p = documents.get(i);
      updater.delete(p.document().id());
      int[] experts = Replication.place(p.meanVector(), p.passages().size(), base.experts(), updater.expertSizes(),
          base.passages() + updater.addedPassages(), mayCopy[i] ? base.replication() : null);
      for (int expert : experts) {
        for (Passage passage : p.passages()) {
          updater.add(expert, passage);
        }
      }
      copies += experts.length - 1;
      written += p.passages().size();
    }
    updater.placedByRule(documents.size(), copies);
    return written;
  }

  /**
   * Which documents the rule may copy: those under its gap, nearest a boundary first, as many as
   * {@link Replication#copiesAllowed} lets. Documents unlike the corpus sit almost as near one centroid as another:
   * without that bound a batch of them would nearly all be copied (63% of 150 Cranfield abstracts added to the sample
   * index), and so would each of a stream of one-document updates.
   */
  private static boolean[] copyable(List<Prepared> documents, List<Manifest.Expert> experts, Replication rule) {
    boolean[] out = new boolean[documents.size()];
    if (rule == null) {
      return out;
    }
    double[] gaps = documents.stream().mapToDouble(p -> Replication.gap(p.meanVector(), experts)).toArray();
    Integer[] order = java.util.stream.IntStream.range(0, gaps.length).filter(i -> gaps[i] < rule.maxGap()).boxed()
        .sorted(java.util.Comparator.comparingDouble(i -> gaps[i])).toArray(Integer[]::new);
    long allowed = rule.copiesAllowed(documents.size());
    for (int i = 0; i < Math.min(allowed, order.length); i++) {
      out[order[i]] = true;
    }
    return out;
  }

  /** The document's unit-length mean passage vector, as the indexer's document k-means clusters documents by. */
  private static float[] meanUnit(List<Passage> passages) {
    float[] m = new float[passages.get(0).vector().length];
    for (Passage p : passages) {
      for (int i = 0; i < m.length; i++) {
        m[i] += p.vector()[i];
      }
    }
    return VectorUtil.l2normalize(m, false);
  }
}
