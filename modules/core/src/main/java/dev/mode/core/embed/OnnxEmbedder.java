package dev.mode.core.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mode.decoder.runtime.DjlTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A sentence-embedding model run on ONNX Runtime (CPU), its tokenizer run by DJL's HuggingFace tokenizers; both
 * are read from the classpath, so nothing is downloaded. Passages are batched by similar length to limit padding;
 * inputs longer than the model's maximum are truncated.
 */
public final class OnnxEmbedder implements Embedder {
  private final EmbeddingModel model;
  private final int batchSize;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer encoder;
  private final HuggingFaceTokenizer splitter;
  private final boolean wantsTokenTypes;
  // ONNX Runtime and the tokenizers free native memory on close without waiting for calls in progress (a crash, not
  // an exception): calls hold the read lock, close takes the write lock.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private OnnxEmbedder(EmbeddingModel model, int threads, int batchSize) {
    this.model = model;
    this.batchSize = batchSize;
    this.env = OrtEnvironment.getEnvironment();
    // the options are only read while the session is created
    try (var opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(readResource(model.onnxResource()), opts);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load embedding model " + model.id() + ": " + e.getMessage(), e);
    }
    HuggingFaceTokenizer enc = null;
    try {
      this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
      enc = tokenizer(model, Map.of("truncation", "true", "maxLength", String.valueOf(model.maxTokens()),
          "padding", "false"));
      this.encoder = enc;
      this.splitter = tokenizer(model, Map.of("truncation", "false", "padding", "false",
          "modelMaxLength", String.valueOf(Integer.MAX_VALUE / 2)));
    } catch (RuntimeException e) {
      // a tokenizer that cannot load must not leave the session's native memory behind
      if (enc != null) {
        enc.close();
      }
      try {
        session.close();
      } catch (OrtException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Loads a model with the given intra-op threads (0 = all cores) and batch size. */
  public static OnnxEmbedder load(EmbeddingModel model, int threads, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1");
    }
    return new OnnxEmbedder(model, threads, batchSize);
  }

  private static HuggingFaceTokenizer tokenizer(EmbeddingModel model, Map<String, String> options) {
    DjlTelemetry.optOut();
    try (InputStream in = resource(model.tokenizerResource())) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readResource(String name) {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = OnnxEmbedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("embedding model resource " + name
          + " is not on the classpath (it ships in a dev.langchain4j:langchain4j-embeddings-*-q jar)");
    }
    return in;
  }

  @Override
  public EmbeddingModel model() {
    return model;
  }

  @Override
  public float[] embedQuery(String query) {
    return whileOpen(() -> embedAll(List.of(model.queryInstruction() + query)).get(0));
  }

  @Override
  public List<float[]> embedPassages(List<String> passages) {
    return whileOpen(() -> embedAll(passages));
  }

  @Override
  public List<TokenSpan> tokenize(String text) {
    return whileOpen(() -> spans(text));
  }

  private <T> T whileOpen(Supplier<T> call) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("embedding model " + model.id() + " is closed");
      }
      return call.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private List<TokenSpan> spans(String text) {
    Encoding enc = splitter.encode(text, false, false);
    CharSpan[] spans = enc.getCharTokenSpans();
    var out = new ArrayList<TokenSpan>(spans.length);
    // The tokenizer counts code points; Java strings index UTF-16 units, which differ after any character outside
    // the Basic Multilingual Plane (emoji, some CJK): map the offsets so spans point at the right text.
    int[] utf16 = text.codePointCount(0, text.length()) == text.length() ? null : codePointToCharIndex(text);
    for (CharSpan s : spans) {
      if (s != null) {
        out.add(utf16 == null ? new TokenSpan(s.getStart(), s.getEnd())
            : new TokenSpan(utf16[s.getStart()], utf16[s.getEnd()]));
      }
    }
    return out;
  }

  /** For each code point offset 0..n, the UTF-16 index it starts at. */
  private static int[] codePointToCharIndex(String text) {
    int[] out = new int[text.codePointCount(0, text.length()) + 1];
    int cp = 0;
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      out[cp++] = i;
    }
    out[cp] = text.length();
    return out;
  }

  private List<float[]> embedAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    Encoding[] encodings = encoder.batchEncode(texts);
    // Batch texts of similar length together so padding wastes little compute.
    Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    float[][] result = new float[texts.size()][];
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      Encoding[] batch = new Encoding[to - from];
      for (int i = from; i < to; i++) {
        batch[i - from] = encodings[order[i]];
      }
      float[][] vectors = run(batch);
      for (int i = from; i < to; i++) {
        result[order[i]] = vectors[i - from];
      }
    }
    return Arrays.asList(result);
  }

  private float[][] run(Encoding[] batch) {
    int n = batch.length;
    int len = Arrays.stream(batch).mapToInt(e -> e.getIds().length).max().orElse(1);
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int b = 0; b < n; b++) {
      long[] bi = batch[b].getIds();
      long[] bt = batch[b].getTypeIds();
      System.arraycopy(bi, 0, ids, b * len, bi.length);
      System.arraycopy(bt, 0, types, b * len, bt.length);
      Arrays.fill(mask, b * len, b * len + bi.length, 1L);
    }
    long[] shape = {n, len};
    try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
         OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
         OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
      var inputs = wantsTokenTypes
          ? Map.of("input_ids", tIds, "attention_mask", tMask, "token_type_ids", tTypes)
          : Map.of("input_ids", tIds, "attention_mask", tMask);
      try (OrtSession.Result out = session.run(inputs)) {
        float[][][] hidden = (float[][][]) out.get(0).getValue();
        float[][] vectors = new float[n][];
        for (int b = 0; b < n; b++) {
          vectors[b] = normalize(pool(hidden[b], mask, b * len, len));
        }
        return vectors;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
    }
  }

  private float[] pool(float[][] tokens, long[] mask, int offset, int len) {
    if (model.pooling() == Pooling.CLS) {
      return tokens[0].clone();
    }
    float[] sum = new float[tokens[0].length];
    int count = 0;
    for (int t = 0; t < len; t++) {
      if (mask[offset + t] == 1L) {
        for (int d = 0; d < sum.length; d++) {
          sum[d] += tokens[t][d];
        }
        count++;
      }
    }
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= Math.max(1, count);
    }
    return sum;
  }

  static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      } finally {
        encoder.close();
        splitter.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
