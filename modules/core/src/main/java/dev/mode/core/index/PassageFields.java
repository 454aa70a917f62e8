package dev.mode.core.index;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.UnicodeUtil;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Lucene schema of an expert shard: which field holds what, and the one analyzer used to write and to query
 * the BM25 field. Keeping it in one place is what lets every shard be searched, and its statistics summed, alike.
 */
public final class PassageFields {
  private PassageFields() {}

  /**
   * Longest document id, in UTF-8 bytes. Ids are indexed as single Lucene terms (the passage id adds
   * {@code #ordinal}), and Lucene rejects a term over 32,766 bytes.
   */
  public static final int MAX_ID_BYTES = 32_000;

  /** A document id's length in UTF-8 bytes, to compare with {@link #MAX_ID_BYTES}. */
  public static int idBytes(String id) {
    return utf8Length(id);
  }

  private static int utf8Length(String s) {
    return UnicodeUtil.calcUTF16toUTF8Length(s, 0, s.length());
  }

  /** Passage id, exact match. */
  public static final String ID = "id";
  /** Document id, exact match; deletes go by it. */
  public static final String DOC_ID = "doc_id";
  /** Analysed title plus passage text, the BM25 field. */
  public static final String CONTENT = "content";
  /**
   * {@link #CONTENT} again, indexed (terms and frequencies only) on the second and later copies of a passage that
   * replication put in more than one expert, so that collection-wide BM25 statistics can count every passage once
   * (statistics over {@link #CONTENT} minus those over this field).
   */
  public static final String COPY_CONTENT = "copy_content";
  /** Stored passage text, returned in hits. */
  public static final String TEXT = "text";
  public static final String TITLE = "title";
  public static final String SOURCE = "source";
  public static final String CONTENT_TYPE = "content_type";
  public static final String MODIFIED = "modified";
  public static final String METADATA = "metadata";
  public static final String ORDINAL = "ordinal";
  public static final String START = "start";
  public static final String END = "end";
  /** HNSW-indexed passage embedding; dot product on normalised vectors is cosine. */
  public static final String VECTOR = "vector";
  /** Stored copy of the vector, so a shard can be re-clustered without re-embedding. */
  public static final String VECTOR_STORED = "vector_stored";
  /**
   * Metadata key/value pairs indexed as {@code key=value} terms for filtering ({@link #filterTerm}); a pair longer
   * than Lucene's term limit (32,766 bytes in UTF-8), or whose key holds {@code =} (its term would be ambiguous), is
   * left out (it stays in {@link #METADATA}).
   */
  public static final String META_TERMS = "meta";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The analyzer of {@link #CONTENT}: English stemming and stop words, as the reference BM25 baselines use. */
  public static Analyzer analyzer() {
    return new EnglishAnalyzer();
  }

  /** The analysed terms of a text, in order, repeats kept, as {@code analyzer} indexes them in {@link #CONTENT}. */
  public static java.util.List<String> analyze(Analyzer analyzer, String text) {
    var out = new java.util.ArrayList<String>();
    try (org.apache.lucene.analysis.TokenStream ts = analyzer.tokenStream(CONTENT, text)) {
      var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The BM25 text of a passage: its title, then its text. A title that is the whole text (a title-only document)
   * is not repeated, so its terms count once.
   */
  static String content(Passage p) {
    String title = p.title() == null ? "" : p.title().strip();
    return title.isEmpty() || title.equals(p.text().strip()) ? p.text() : p.title() + "\n" + p.text();
  }

  private static final FieldType COPY_CONTENT_TYPE = copyContentType();

  private static FieldType copyContentType() {
    var t = new FieldType();
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    t.setTokenized(true);
    t.setOmitNorms(true);
    t.freeze();
    return t;
  }

  /**
   * The Lucene document for a passage; {@code copy} marks a second or later copy of a passage already written to
   * another expert of the same generation (see {@link #COPY_CONTENT}).
   */
  public static Document toDocument(Passage p, boolean copy) {
    var d = new Document();
    d.add(new StringField(ID, p.id(), Field.Store.YES));
    d.add(new StringField(DOC_ID, p.docId(), Field.Store.YES));
    String content = content(p);
    d.add(new TextField(CONTENT, content, Field.Store.NO));
    if (copy) {
      d.add(new Field(COPY_CONTENT, content, COPY_CONTENT_TYPE));
    }
    d.add(new StoredField(TEXT, p.text()));
    d.add(new StoredField(TITLE, nullToEmpty(p.title())));
    d.add(new StoredField(SOURCE, nullToEmpty(p.source())));
    d.add(new StoredField(CONTENT_TYPE, nullToEmpty(p.contentType())));
    d.add(new StoredField(MODIFIED, p.modified()));
    d.add(new StoredField(METADATA, JSON.writeValueAsString(p.metadata() == null ? Map.of() : p.metadata())));
    d.add(new StoredField(ORDINAL, p.ordinal()));
    d.add(new IntPoint(ORDINAL, p.ordinal()));
    d.add(new StoredField(START, p.start()));
    d.add(new StoredField(END, p.end()));
    d.add(new KnnFloatVectorField(VECTOR, p.vector(), VectorSimilarityFunction.DOT_PRODUCT));
    d.add(new StoredField(VECTOR_STORED, toBytes(p.vector())));
    if (p.metadata() != null) {
      p.metadata().forEach((k, v) -> {
        String term = k + "=" + v;
        // Lucene rejects a document holding a term over 32,766 bytes, failing the whole job; such a value stays in the
        // stored METADATA JSON, it just cannot be filtered on
        if (!k.contains("=") && utf8Length(term) <= IndexWriter.MAX_TERM_LENGTH) {
          d.add(new StringField(META_TERMS, term, Field.Store.NO));
        }
      });
    }
    return d;
  }

  /**
   * The term a metadata filter {@code key: value} matches. A key may not hold {@code =}: {@code a=b: c} and
   * {@code a: b=c} would be the same term.
   */
  public static Term filterTerm(String key, String value) {
    if (key.contains("=")) {
      throw new IllegalArgumentException("a filter key cannot contain '=': " + key);
    }
    return new Term(META_TERMS, key + "=" + value);
  }

  /** Reads a passage back from a shard's stored fields. */
  public static Passage read(StoredFields stored, int doc) throws java.io.IOException {
    Document d = stored.document(doc);
    Map<String, String> meta = JSON.readValue(d.get(METADATA), new TypeReference<LinkedHashMap<String, String>>() {});
    return new Passage(d.get(ID), d.get(DOC_ID), d.getField(ORDINAL).numericValue().intValue(), d.get(TITLE), d.get(TEXT),
        d.get(SOURCE), d.get(CONTENT_TYPE), d.getField(MODIFIED).numericValue().longValue(), meta,
        d.getField(START).numericValue().intValue(), d.getField(END).numericValue().intValue(),
        fromBytes(d.getBinaryValue(VECTOR_STORED)));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static byte[] toBytes(float[] v) {
    var buf = java.nio.ByteBuffer.allocate(v.length * 4);
    buf.asFloatBuffer().put(v);
    return buf.array();
  }

  private static float[] fromBytes(org.apache.lucene.util.BytesRef b) {
    float[] v = new float[b.length / 4];
    java.nio.ByteBuffer.wrap(b.bytes, b.offset, b.length).asFloatBuffer().get(v);
    return v;
  }
}
