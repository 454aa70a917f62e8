package dev.mode.decoder.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mode.decoder.CancellationToken;
import dev.mode.decoder.DecoderException;
import dev.mode.decoder.GenerationParams;
import dev.mode.decoder.GenerationResult;
import dev.mode.decoder.StopReason;
import dev.mode.decoder.TokenListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The KV-cache loop of one generation: the prompt runs once (prefill), then each step feeds only the newest token
 * with the previous step's {@code present.*} tensors as {@code past_key_values.*}, so the prefix is never
 * recomputed. Holds no state between calls, which is what makes concurrent generations on one session safe.
 *
 * <p>A model whose config declares a shared KV buffer ({@link ModelConfig#sharedKvBuffer()}) gets one buffer per
 * layer and key/value, sized for the whole generation, passed as {@code past_key_values.*} and pinned as the
 * matching {@code present.*} output; {@code GroupQueryAttention} then writes each new token's keys and values in
 * place. Otherwise every step returns a new, one token longer cache, which costs a copy of the whole cache per
 * token: at a 1,024-token context that is more memory traffic than an int4 model's weights.
 */
public final class Generator {
    /**
     * The most bytes of logits one forward pass may write. A prompt whose logits ([positions, vocab]) exceed it runs
     * in chunks, each feeding the previous chunk's keys and values as its past: a 4,000-token prompt over Qwen2's
     * 151,936-token vocabulary has 2.4 GB of float32 logits, more than one Java buffer can address and more than a
     * default direct-memory limit allows, of which only the last row is read.
     */
    public static final long PREFILL_LOGITS_BYTES = 256L << 20;

    private final LoadedModel model;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    // the present.* outputs, which ONNX Runtime allocates when the KV cache is not a shared buffer
    private final java.util.Set<String> presentNames;

    /** @param model the opened model */
    public Generator(LoadedModel model) {
        this.model = model;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int l = 0; l < model.signature().numLayers(); l++) {
            names.add("present." + l + ".key");
            names.add("present." + l + ".value");
        }
        this.presentNames = java.util.Set.copyOf(names);
    }

    /**
     * A generation with the ids it produced.
     *
     * @param result the result
     * @param ids    generated token ids, including a final EOS id
     */
    public record Run(GenerationResult result, long[] ids) {
    }

    /** Generates from already tokenised prompt ids. */
    public GenerationResult generate(long[] promptIds, GenerationParams params, TokenListener listener, CancellationToken cancel) {
        return run(promptIds, params, listener, cancel).result();
    }

    /** Generates from already tokenised prompt ids and also returns the generated ids. */
    public Run run(long[] promptIds, GenerationParams params, TokenListener listener, CancellationToken cancel) {
        return run(promptIds, params, listener, cancel, false);
    }

    /**
     * As {@link #run(long[], GenerationParams, TokenListener, CancellationToken)}; {@code ignoreEos} keeps going
     * past end-of-sequence ids, which benchmarks need to time a fixed number of steps on random weights.
     */
    public Run run(long[] promptIds, GenerationParams params, TokenListener listener, CancellationToken cancel,
                   boolean ignoreEos) {
        long start = System.nanoTime();
        int ctx = model.config().contextWindow();
        if (promptIds.length == 0) {
            throw new DecoderException("The prompt is empty after tokenisation");
        }
        if (promptIds.length >= ctx) {
            throw new DecoderException("The prompt has " + promptIds.length + " tokens but the model's context window is "
                    + ctx + " (and at least one token must be generated)");
        }
        int vocab = model.config().vocabSize();
        boolean[] seen = new boolean[Math.max(vocab, maxId(promptIds) + 1)];
        for (long id : promptIds) {
            seen[(int) id] = true;
        }
        Sampler sampler = new Sampler(params);
        TextStreamer streamer = new TextStreamer(model.tokenizer(), params.stopStrings(),
                listener == null ? TokenListener.none() : listener);
        GraphSignature sig = model.signature();
        boolean shared = model.config().sharedKvBuffer();
        int capacity = (int) Math.min(ctx, (long) promptIds.length + params.maxNewTokens());
        List<OnnxTensor> caches = new ArrayList<>(); // the first step's past tensors (for a shared buffer: all steps')
        Logits stepLogits = null; // one token's logits, written in place by every decode step
        OrtSession.Result previous = null;
        long prefillNanos = 0;
        long firstTokenNanos = 0;
        int generated = 0;
        long[] out = new long[Math.min(params.maxNewTokens(), ctx)];
        StopReason reason = StopReason.MAX_TOKENS;
        try {
            Map<String, OnnxTensorLike> past = new HashMap<>();
            Map<String, OnnxTensorLike> pinned = shared ? new HashMap<>() : null; // present.* written in place
            for (int l = 0; l < sig.numLayers(); l++) {
                for (String kv : new String[] {"key", "value"}) {
                    OnnxTensor t = shared ? kvBuffer(sig, capacity) : emptyPast(sig);
                    caches.add(t);
                    past.put("past_key_values." + l + "." + kv, t);
                    if (shared) {
                        pinned.put("present." + l + "." + kv, t);
                    }
                }
            }
            stepLogits = new Logits(sig.logitsType(), 1, vocab);
            int chunk = prefillChunk(sig.logitsType(), vocab);
            long[] step = promptIds;
            int pastLen = 0;
            while (true) {
                if (cancel != null && cancel.isCancelled()) {
                    reason = StopReason.CANCELLED;
                    break;
                }
                long t0 = System.nanoTime();
                float[] logits;
                // the prompt runs in chunks of at most PREFILL_LOGITS_BYTES of logits, every later step as one token
                Logits buffer = step.length == 1 ? stepLogits : new Logits(sig.logitsType(), Math.min(chunk, step.length), vocab);
                try {
                    for (int from = 0; from < step.length; from += chunk) {
                        int n = Math.min(chunk, step.length - from);
                        long[] part = n == step.length ? step : Arrays.copyOfRange(step, from, from + n);
                        OrtSession.Result result = forward(part, pastLen, past, pinned, buffer.tensor(n));
                        if (previous != null) {
                            previous.close();
                        }
                        previous = result;
                        pastLen += n;
                        if (!shared) { // a shared buffer already holds these keys and values
                            for (int l = 0; l < sig.numLayers(); l++) {
                                for (String kv : new String[] {"key", "value"}) {
                                    past.put("past_key_values." + l + "." + kv,
                                            (OnnxTensor) result.get("present." + l + "." + kv).orElseThrow());
                                }
                            }
                        }
                    }
                    logits = buffer.lastRow();
                } finally {
                    if (buffer != stepLogits) {
                        buffer.close();
                    }
                }
                if (generated == 0) {
                    prefillNanos = System.nanoTime() - t0;
                }
                int next = sampler.next(logits, seen);
                if (generated == 0) {
                    firstTokenNanos = System.nanoTime() - start;
                }
                out[generated++] = next;
                if (next < seen.length) {
                    seen[next] = true;
                }
                if (!ignoreEos && model.config().eosIds().contains(next)) {
                    reason = StopReason.EOS;
                    break;
                }
                if (streamer.add(next)) {
                    reason = StopReason.STOP_STRING;
                    break;
                }
                if (generated >= params.maxNewTokens() || pastLen + 1 > ctx - 1) {
                    reason = StopReason.MAX_TOKENS;
                    break;
                }
                step = new long[] {next};
            }
        } catch (OrtException e) {
            throw new DecoderException("ONNX Runtime failed during generation: " + e.getMessage(), e);
        } finally {
            if (previous != null) {
                previous.close();
            }
            caches.forEach(OnnxTensor::close);
            if (stepLogits != null) {
                stepLogits.close();
            }
        }
        // a cancelled run ends with what the listener was given: text held back (an unfinished character, a possible
        // stop string) is not sent after the caller asked for no more
        String text = reason == StopReason.CANCELLED ? streamer.emitted() : streamer.finish();
        if (streamer.stopped()) { // finish() can still find a stop string that the last tokens completed
            reason = StopReason.STOP_STRING;
        }
        return new Run(new GenerationResult(text, promptIds.length, generated, reason, prefillNanos,
                firstTokenNanos, System.nanoTime() - start), Arrays.copyOf(out, generated));
    }

    private OrtSession.Result forward(long[] ids, int pastLen, Map<String, OnnxTensorLike> past,
            Map<String, OnnxTensorLike> pinned, OnnxTensor logits) throws OrtException {
        int total = pastLen + ids.length;
        long[] mask = new long[total];
        Arrays.fill(mask, 1L);
        Map<String, OnnxTensorLike> inputs = new HashMap<>(past);
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length});
            owned.add(idsT);
            inputs.put("input_ids", idsT);
            OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {1, total});
            owned.add(maskT);
            inputs.put("attention_mask", maskT);
            if (model.signature().hasUseCacheBranch()) {
                // Optimum's merged decoder: the no-cache branch for the prompt, the cache branch afterwards
                OnnxTensor branch = OnnxTensor.createTensor(env, new boolean[] {pastLen > 0});
                owned.add(branch);
                inputs.put("use_cache_branch", branch);
            }
            if (model.signature().hasPositionIds()) {
                long[] pos = new long[ids.length];
                for (int i = 0; i < pos.length; i++) {
                    pos[i] = pastLen + i;
                }
                OnnxTensor posT = OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {1, ids.length});
                owned.add(posT);
                inputs.put("position_ids", posT);
            }
            // the logits are written into a buffer of ours, of which only the last row is read: asked of ONNX Runtime,
            // they would be copied whole onto the heap (a 2,000-token prompt over a 152k vocabulary is 1.2 GB)
            Map<String, OnnxTensorLike> out = new HashMap<>(pinned == null ? Map.of() : pinned);
            out.put("logits", logits);
            return model.session().run(inputs, pinned == null ? presentNames : java.util.Set.of(), out);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    /** A zeroed KV buffer of {@code capacity} positions, in native memory so ONNX Runtime uses it without a copy. */
    private OnnxTensor kvBuffer(GraphSignature sig, int capacity) throws OrtException {
        long[] shape = {1, sig.numKvHeads(), capacity, sig.headDim()};
        long elements = (long) sig.numKvHeads() * capacity * sig.headDim();
        boolean half = sig.kvType() == OnnxJavaType.FLOAT16;
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(elements * (half ? 2 : 4))).order(ByteOrder.nativeOrder());
        return half ? OnnxTensor.createTensor(env, buf, shape, OnnxJavaType.FLOAT16)
                : OnnxTensor.createTensor(env, buf.asFloatBuffer(), shape);
    }

    private OnnxTensor emptyPast(GraphSignature sig) throws OrtException {
        long[] shape = {1, sig.numKvHeads(), 0, sig.headDim()};
        if (sig.kvType() == OnnxJavaType.FLOAT16) {
            return OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()), shape, OnnxJavaType.FLOAT16);
        }
        return OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
    }

    /**
     * A native buffer the graph writes logits into, [1, positions, vocab] for up to {@code capacity} positions, of
     * which the last row is read. One buffer serves every chunk of a prompt.
     */
    private final class Logits implements AutoCloseable {
        private final ByteBuffer buffer;
        private final OnnxJavaType type;
        private final int vocab;
        private OnnxTensor tensor;
        private int positions;

        Logits(OnnxJavaType type, int capacity, int vocab) {
            this.type = type;
            this.vocab = vocab;
            this.buffer = ByteBuffer.allocateDirect(Math.toIntExact((long) capacity * vocab * bytes()))
                    .order(ByteOrder.nativeOrder());
        }

        private int bytes() {
            return type == OnnxJavaType.FLOAT16 ? 2 : 4;
        }

        /** @return the output tensor for a pass over {@code positions} (at most the capacity), over this buffer */
        OnnxTensor tensor(int positions) throws OrtException {
            if (tensor == null || this.positions != positions) {
                close();
                long[] shape = {1, positions, vocab};
                ByteBuffer view = buffer.slice(0, positions * vocab * bytes()).order(ByteOrder.nativeOrder());
                tensor = type == OnnxJavaType.FLOAT16 ? OnnxTensor.createTensor(env, view, shape, OnnxJavaType.FLOAT16)
                        : OnnxTensor.createTensor(env, view.asFloatBuffer(), shape);
                this.positions = positions;
            }
            return tensor;
        }

        /** @return the last row the latest pass wrote */
        float[] lastRow() {
            float[] out = new float[vocab];
            int from = (positions - 1) * vocab;
            if (type == OnnxJavaType.FLOAT16) {
                var sb = buffer.asShortBuffer();
                for (int i = 0; i < vocab; i++) {
                    out[i] = Float.float16ToFloat(sb.get(from + i));
                }
            } else {
                buffer.asFloatBuffer().get(from, out);
            }
            return out;
        }

        @Override
        public void close() {
            if (tensor != null) {
                tensor.close();
                tensor = null;
            }
        }
    }

    /** Positions per prefill pass: as many as {@link #PREFILL_LOGITS_BYTES} of logits hold, at least one. */
    static int prefillChunk(OnnxJavaType logitsType, int vocab) {
        long bytesPerPosition = (long) vocab * (logitsType == OnnxJavaType.FLOAT16 ? 2 : 4);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, PREFILL_LOGITS_BYTES / bytesPerPosition));
    }

    private static int maxId(long[] ids) {
        long m = 0;
        for (long id : ids) {
            m = Math.max(m, id);
        }
        return (int) m;
    }
}
