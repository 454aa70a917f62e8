package dev.mode.decoder.writer;

import static dev.mode.decoder.writer.MixtralWeights.expert;
import static dev.mode.decoder.writer.MixtralWeights.layer;

import dev.mode.decoder.DecoderException;
import dev.mode.decoder.onnx.Attr;
import dev.mode.decoder.onnx.OnnxGraphBuilder;
import dev.mode.decoder.onnx.OnnxType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a Mixtral-architecture decoder in the standard exported layout (model.onnx + model.onnx_data,
 * tokenizer.json, config.json, generation_config.json, tokenizer_config.json, README.md, optionally
 * model.safetensors) with the IO of Hugging Face Optimum exports: inputs {@code input_ids},
 * {@code attention_mask}, {@code past_key_values.{i}.key|value} [batch, kv_heads, past, head_dim]; outputs
 * {@code logits}, {@code present.{i}.key|value}.
 *
 * <p>The graph uses ONNX Runtime's fused contrib operators: {@code SimplifiedLayerNormalization} /
 * {@code SkipSimplifiedLayerNormalization} for RMSNorm and residuals, {@code GroupQueryAttention} with built-in
 * rotary embedding and KV cache, and for the experts one of {@link FfnKernel}'s forms.
 */
public final class MixtralWriter {
    private static final String MS = "com.microsoft";
    /** Bumped whenever the emitted graph changes, so cached benchmark models are rewritten. */
    public static final int GRAPH_VERSION = 4;

    private final MixtralWeights w;
    private final MixtralSpec s;
    private final FfnKernel kernel;
    private final int accuracyLevel;
    private final boolean fp16Io;
    private OnnxGraphBuilder g;

    private MixtralWriter(MixtralWeights w, FfnKernel kernel, int accuracyLevel, boolean fp16Io) {
        this.w = w;
        this.s = w.spec();
        this.kernel = kernel;
        this.accuracyLevel = accuracyLevel;
        this.fp16Io = fp16Io;
    }

    /** Writes a model with the default expert kernel ({@link FfnKernel#ROUTED}) and no safetensors. */
    public static void write(MixtralSpec spec, long seed, Path dir, WeightFormat format) {
        write(new MixtralWeights(spec, seed, format), dir, spec.numExperts() == 1 ? FfnKernel.DENSE : FfnKernel.ROUTED, 0, false);
    }

    /**
     * Writes a model.
     *
     * @param weights       the weights (spec, seed and format)
     * @param dir           output directory
     * @param kernel        how the expert layer is expressed
     * @param accuracyLevel MatMulNBits accuracy_level for int4 (0 = fp32 activations, 4 = int8 activations)
     * @param safetensors   also write model.safetensors with HF names (float32), e.g. for jlama
     */
    public static void write(MixtralWeights weights, Path dir, FfnKernel kernel, int accuracyLevel, boolean safetensors) {
        write(weights, dir, kernel, accuracyLevel, safetensors, false);
    }

    /**
     * As {@link #write(MixtralWeights, Path, FfnKernel, int, boolean)}; with {@code fp16Io} the KV cache and
     * logits are float16 at the graph boundary (as in fp16 exports), computed in float32 inside.
     */
    public static void write(MixtralWeights weights, Path dir, FfnKernel kernel, int accuracyLevel, boolean safetensors,
                             boolean fp16Io) {
        if (kernel == FfnKernel.DENSE && weights.spec().numExperts() != 1) {
            throw new DecoderException("The DENSE kernel needs exactly one expert");
        }
        try {
            new MixtralWriter(weights, kernel, accuracyLevel, fp16Io).writeGraph(dir);
            HfFiles.write(weights.spec(), dir, weights.format(), kernel);
            if (safetensors) {
                SafetensorsWriter.write(weights, dir.resolve("model.safetensors"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model to " + dir, e);
        }
    }

    /**
     * Writes only the Hugging Face checkpoint (config, tokenizer, float32 model.safetensors, README), no ONNX:
     * the same weights for runtimes that load safetensors, such as jlama.
     */
    public static void writeHfCheckpoint(MixtralWeights weights, Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
            HfFiles.write(weights.spec(), dir, WeightFormat.FP32, FfnKernel.ROUTED);
            SafetensorsWriter.write(weights, dir.resolve("model.safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
        }
    }

    private void writeGraph(Path dir) throws IOException {
        g = new OnnxGraphBuilder(dir, "model.onnx_data");
        int hd = s.headDim();
        g.input("input_ids", OnnxType.INT64, "batch_size", "sequence_length");
        g.input("attention_mask", OnnxType.INT64, "batch_size", "total_sequence_length");
        OnnxType io = fp16Io ? OnnxType.FLOAT16 : OnnxType.FLOAT;
        for (int l = 0; l < s.numLayers(); l++) {
            g.input("past_key_values." + l + ".key", io, "batch_size", (long) s.numKvHeads(), "past_sequence_length", (long) hd);
            g.input("past_key_values." + l + ".value", io, "batch_size", (long) s.numKvHeads(), "past_sequence_length", (long) hd);
        }
        g.output("logits", io, "batch_size", "sequence_length", (long) s.vocabSize());
        for (int l = 0; l < s.numLayers(); l++) {
            g.output("present." + l + ".key", io, "batch_size", (long) s.numKvHeads(), "total_sequence_length", (long) hd);
            g.output("present." + l + ".value", io, "batch_size", (long) s.numKvHeads(), "total_sequence_length", (long) hd);
        }

        // GroupQueryAttention wants, per batch row, the index of the last valid key (mask sum - 1) and the total length
        String one = g.longs("c_one", new long[] {1});
        String axis1 = g.longs("c_axis1", new long[] {1}, 1);
        String maskSum = g.op("", "ReduceSum", "mask_sum", List.of("attention_mask", axis1), Attr.i("keepdims", 0));
        String seqlensK = g.op("", "Cast", "seqlens_k", List.of(g.op("", "Sub", "mask_last", List.of(maskSum, one))), Attr.i("to", OnnxType.INT32.code));
        String maskShape = g.op("", "Shape", "mask_shape", List.of("attention_mask"));
        String idx1 = g.longs("c_idx1", new long[] {1});
        String totalLen = g.op("", "Cast", "total_len",
                List.of(g.op("", "Gather", "total_len64", List.of(maskShape, idx1), Attr.i("axis", 0))),
                Attr.i("to", OnnxType.INT32.code));
        float[][] cs = rotaryCaches();
        String cos = g.floats("cos_cache", cs[0], s.maxPositions(), hd / 2);
        String sin = g.floats("sin_cache", cs[1], s.maxPositions(), hd / 2);
        String cos16 = fp16Io ? halfs("cos_cache16", cs[0], s.maxPositions(), hd / 2) : null;
        String sin16 = fp16Io ? halfs("sin_cache16", cs[1], s.maxPositions(), hd / 2) : null;
        String hiddenShape = kernel == FfnKernel.DENSE ? null : g.longs("c_rows_hidden", new long[] {-1, s.hiddenSize()}, 2);

        String x = g.op("", "Gather", "embed", List.of(g.floats("model.embed_tokens.weight", w.get("model.embed_tokens.weight"), s.vocabSize(), s.hiddenSize()), "input_ids"), Attr.i("axis", 0));
        String residual = x;
        String normed = g.op("", "SimplifiedLayerNormalization", "ln_in0", List.of(x, norm(layer(0, "input_layernorm.weight"))),
                Attr.i("axis", -1), Attr.f("epsilon", s.rmsNormEps()));
        for (int l = 0; l < s.numLayers(); l++) {
            // Q, K and V in one projection (GroupQueryAttention takes them packed): one kernel call instead of three
            int kvDim = s.numKvHeads() * hd;
            int ll = l;
            String qkv = linear(normed, layer(l, "self_attn.qkv_proj"), s.hiddenSize() + 2 * kvDim, s.hiddenSize(), () -> qkvRows(ll));
            String attn = "attn_" + l;
            // with a float16 boundary, attention itself runs in float16 on the float16 cache, as in fp16 exports
            String attnIn = fp16Io ? g.op("", "Cast", "qkv16", List.of(qkv), Attr.i("to", OnnxType.FLOAT16.code)) : qkv;
            String attnOut = fp16Io ? "attn16_" + l : attn;
            g.node(MS, "GroupQueryAttention",
                    List.of(attnIn, "", "", "past_key_values." + l + ".key", "past_key_values." + l + ".value", seqlensK, totalLen,
                            fp16Io ? cos16 : cos, fp16Io ? sin16 : sin),
                    List.of(attnOut, "present." + l + ".key", "present." + l + ".value"),
                    Attr.i("num_heads", s.numHeads()), Attr.i("kv_num_heads", s.numKvHeads()),
                    Attr.i("do_rotary", 1), Attr.i("rotary_interleaved", 0));
            if (fp16Io) {
                g.node("", "Cast", List.of(attnOut), List.of(attn), Attr.i("to", OnnxType.FLOAT.code));
            }
            String o = linear(attn, layer(l, "self_attn.o_proj.weight"));
            String postNormed = "post_ln_" + l;
            String residual2 = "resid_attn_" + l;
            g.node(MS, "SkipSimplifiedLayerNormalization", List.of(o, residual, norm(layer(l, "post_attention_layernorm.weight"))),
                    List.of(postNormed, "", "", residual2), Attr.f("epsilon", s.rmsNormEps()));
            String ffnOut = ffn(l, postNormed, hiddenShape);
            boolean last = l == s.numLayers() - 1;
            normed = last ? "final_norm" : "ln_in_" + (l + 1);
            residual = "resid_ffn_" + l;
            g.node(MS, "SkipSimplifiedLayerNormalization",
                    List.of(ffnOut, residual2, norm(last ? "model.norm.weight" : layer(l + 1, "input_layernorm.weight"))),
                    List.of(normed, "", "", last ? "" : residual), Attr.f("epsilon", s.rmsNormEps()));
        }
        String logits = linear(normed, "lm_head.weight");
        if (fp16Io) {
            boundaryOut(logits, "logits");
        } else {
            g.node("", "Identity", List.of(logits), List.of("logits"));
        }
        g.write("mixtral", "model.onnx");
    }

    private String halfs(String name, float[] values, long... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(Float.floatToFloat16(v));
        }
        b.flip();
        return g.initializer(name, OnnxType.FLOAT16, dims, b);
    }

    /** Produces graph output {@code name} from an internal float32 value when the boundary is float16. */
    private void boundaryOut(String internal, String name) {
        if (fp16Io) {
            g.node("", "Cast", List.of(internal), List.of(name), Attr.i("to", OnnxType.FLOAT16.code));
        }
    }

    /** HF Llama/Mixtral rotary (non-interleaved halves): cos/sin of position * theta^(-2i/d). */
    private float[][] rotaryCaches() {
        int half = s.headDim() / 2;
        float[] cos = new float[s.maxPositions() * half];
        float[] sin = new float[s.maxPositions() * half];
        for (int p = 0; p < s.maxPositions(); p++) {
            for (int i = 0; i < half; i++) {
                double invFreq = Math.pow(s.ropeTheta(), -2.0 * i / s.headDim());
                cos[p * half + i] = (float) Math.cos(p * invFreq);
                sin[p * half + i] = (float) Math.sin(p * invFreq);
            }
        }
        return new float[][] {cos, sin};
    }

    private String norm(String name) throws IOException {
        return g.floats(name, w.get(name), s.hiddenSize());
    }

    /** x @ W^T for an HF [out, in] weight: MatMul on the transposed float matrix, or MatMulNBits on int4 rows. */
    private String linear(String x, String name) throws IOException {
        int[] sh = w.shape(name);
        return linear(x, name, sh[0], sh[1], () -> w.raw(name));
    }

    private String linear(String x, String name, int out, int in, java.util.function.Supplier<float[]> rows) throws IOException {
        if (w.format() == WeightFormat.INT4) {
            Int4.Quantized q = Int4.quantize(rows.get(), out, in, s.int4Block());
            int blocks = in / q.block();
            String b = g.bytes(name + ".q4", q.packed(), out, blocks, q.block() / 2);
            String sc = g.floats(name + ".scales", q.scales(), (long) out * blocks);
            return g.op(MS, "MatMulNBits", "mmq", List.of(x, b, sc), Attr.i("K", in), Attr.i("N", out),
                    Attr.i("bits", 4), Attr.i("block_size", q.block()), Attr.i("accuracy_level", accuracyLevel));
        }
        String wt = g.floats(name + ".T", transpose(rows.get(), out, in), in, out);
        return g.op("", "MatMul", "mm", List.of(x, wt));
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    /** q, k and v projection rows stacked as one [H + 2 kv, H] matrix. */
    private float[] qkvRows(int l) {
        float[] q = w.raw(layer(l, "self_attn.q_proj.weight"));
        float[] k = w.raw(layer(l, "self_attn.k_proj.weight"));
        float[] v = w.raw(layer(l, "self_attn.v_proj.weight"));
        float[] out = new float[q.length + k.length + v.length];
        System.arraycopy(q, 0, out, 0, q.length);
        System.arraycopy(k, 0, out, q.length, k.length);
        System.arraycopy(v, 0, out, q.length + k.length, v.length);
        return out;
    }

    /** Gate and up projections stacked as one [2I, H] matrix so one kernel call reads both. */
    private float[] gateUp(int l, int e) {
        float[] w1 = w.raw(expert(l, e, "w1"));
        float[] w3 = w.raw(expert(l, e, "w3"));
        float[] out = new float[w1.length + w3.length];
        System.arraycopy(w1, 0, out, 0, w1.length);
        System.arraycopy(w3, 0, out, w1.length, w3.length);
        return out;
    }

    private String swiglu(String x, int l, int e) throws IOException {
        int h = s.hiddenSize();
        int inter = s.intermediateSize();
        String gu = linear(x, layer(l, "experts." + e + ".w13"), 2 * inter, h, () -> gateUp(l, e));
        String gate = "gate_" + l + "_" + e;
        String up = "up_" + l + "_" + e;
        g.node("", "Split", List.of(gu), List.of(gate, up), Attr.i("axis", -1), Attr.i("num_outputs", 2));
        String act = g.op("", "Mul", "silu", List.of(gate, g.op("", "Sigmoid", "sig", List.of(gate))));
        String prod = g.op("", "Mul", "act", List.of(act, up));
        String down = expert(l, e, "w2");
        return linear(prod, down);
    }

    private String ffn(int l, String x, String hiddenShape) throws IOException {
        if (kernel == FfnKernel.DENSE) {
            return swiglu(x, l, 0);
        }
        String flat = g.op("", "Reshape", "flat", List.of(x, hiddenShape));
        String gateName = layer(l, "block_sparse_moe.gate.weight");
        String wg = g.floats(gateName + ".T", transpose(w.get(gateName), s.numExperts(), s.hiddenSize()), s.hiddenSize(), s.numExperts());
        String routerLogits = g.op("", "MatMul", "router", List.of(flat, wg));
        String out = kernel == FfnKernel.MOE_OP
                ? (w.format() == WeightFormat.INT4 ? qmoeOp(l, flat, routerLogits) : moeOp(l, flat, routerLogits))
                : routed(l, flat, routerLogits);
        return g.op("", "Reshape", "ffn", List.of(out, g.op("", "Shape", "xshape", List.of(x))));
    }

    private String moeOp(int l, String flat, String routerLogits) throws IOException {
        int h = s.hiddenSize();
        int inter = s.intermediateSize();
        int n = s.numExperts();
        float[] fc1 = new float[n * 2 * inter * h];
        float[] fc2 = new float[n * h * inter];
        for (int e = 0; e < n; e++) {
            float[] w1 = w.raw(expert(l, e, "w1"));
            float[] w3 = w.raw(expert(l, e, "w3"));
            int base = e * 2 * inter * h;
            // the CPU kernel's only SwiGLU layout: gate row j at 2j, up row j at 2j+1
            for (int j = 0; j < inter; j++) {
                System.arraycopy(w1, j * h, fc1, base + (2 * j) * h, h);
                System.arraycopy(w3, j * h, fc1, base + (2 * j + 1) * h, h);
            }
            System.arraycopy(w.raw(expert(l, e, "w2")), 0, fc2, e * h * inter, h * inter);
        }
        String f1 = g.floats(layer(l, "moe.fc1"), fc1, n, 2L * inter, h);
        String f2 = g.floats(layer(l, "moe.fc2"), fc2, n, h, inter);
        return g.op(MS, "MoE", "moe", List.of(flat, routerLogits, f1, "", f2, ""),
                Attr.s("activation_type", "swiglu"), Attr.i("k", s.expertsPerToken()),
                Attr.i("normalize_routing_weights", 1), Attr.i("swiglu_fusion", 1),
                Attr.f("activation_alpha", 1.0), Attr.f("activation_beta", 0.0));
    }

    /**
     * {@code com.microsoft.QMoE} with 4-bit weights in the MatMulNBits packing (rows of [E, out, in/2] bytes, low
     * nibble first, symmetric around 8) and one scale per row and block.
     */
    private String qmoeOp(int l, String flat, String routerLogits) throws IOException {
        int h = s.hiddenSize();
        int inter = s.intermediateSize();
        int n = s.numExperts();
        int block = s.int4Block();
        int b1 = h / block;
        int b2 = inter / block;
        byte[] fc1 = new byte[n * 2 * inter * h / 2];
        float[] sc1 = new float[n * 2 * inter * b1];
        byte[] fc2 = new byte[n * h * inter / 2];
        float[] sc2 = new float[n * h * b2];
        for (int e = 0; e < n; e++) {
            float[] w1 = w.raw(expert(l, e, "w1"));
            float[] w3 = w.raw(expert(l, e, "w3"));
            float[] rows = new float[2 * inter * h];
            for (int j = 0; j < inter; j++) {
                System.arraycopy(w1, j * h, rows, (2 * j) * h, h);
                System.arraycopy(w3, j * h, rows, (2 * j + 1) * h, h);
            }
            Int4.Quantized q1 = Int4.quantize(rows, 2 * inter, h, block);
            System.arraycopy(q1.packed(), 0, fc1, e * q1.packed().length, q1.packed().length);
            System.arraycopy(q1.scales(), 0, sc1, e * q1.scales().length, q1.scales().length);
            Int4.Quantized q2 = Int4.quantize(w.raw(expert(l, e, "w2")), h, inter, block);
            System.arraycopy(q2.packed(), 0, fc2, e * q2.packed().length, q2.packed().length);
            System.arraycopy(q2.scales(), 0, sc2, e * q2.scales().length, q2.scales().length);
        }
        String f1 = g.bytes(layer(l, "qmoe.fc1"), fc1, n, 2L * inter, h / 2);
        String s1 = g.floats(layer(l, "qmoe.fc1_scales"), sc1, n, 2L * inter, b1);
        String f2 = g.bytes(layer(l, "qmoe.fc2"), fc2, n, h, inter / 2);
        String s2 = g.floats(layer(l, "qmoe.fc2_scales"), sc2, n, h, b2);
        return g.op(MS, "QMoE", "qmoe", List.of(flat, routerLogits, f1, s1, "", f2, s2, ""),
                Attr.s("activation_type", "swiglu"), Attr.i("k", s.expertsPerToken()),
                Attr.i("normalize_routing_weights", 1), Attr.i("swiglu_fusion", 1),
                Attr.f("activation_alpha", 1.0), Attr.f("activation_beta", 0.0),
                Attr.i("expert_weight_bits", 4), Attr.i("block_size", block));
    }

    /**
     * Experts as a sort-and-split dispatch: the (row, expert) assignments are sorted by expert, the rows gathered
     * once in that order and split into one group per expert; each expert runs SwiGLU on its group, and the
     * concatenated results are weighted and scatter-added back to their rows in one step. An unchosen expert gets
     * an empty group: its nodes run on zero rows and read no weights. Five nodes per expert (a third of a
     * per-expert Equal/NonZero/gather/scatter form), because at one token per decode step the graph's per-node
     * cost, not the arithmetic, is what routing adds.
     */
    private String routed(int l, String flat, String routerLogits) throws IOException {
        int n = s.numExperts();
        String k = g.longs(layer(l, "topk"), new long[] {s.expertsPerToken()}, 1);
        String topv = "topv_" + l;
        String topi = "topi_" + l;
        g.node("", "TopK", List.of(routerLogits, k), List.of(topv, topi), Attr.i("axis", -1));
        // softmax over the chosen logits == Mixtral's softmax over all experts, then renormalised over the top-k
        String weights = g.op("", "Softmax", "route_w", List.of(topv), Attr.i("axis", -1));
        String ids = g.op("", "Reshape", "assign_ids", List.of(topi, g.longs("c_flat_" + l, new long[] {-1}, 1)));
        String byExpert = "assign_sorted_" + l;
        String order = "assign_order_" + l;
        g.node("", "TopK", List.of(ids, g.op("", "Shape", "assign_n", List.of(ids))), List.of(byExpert, order),
                Attr.i("axis", 0), Attr.i("largest", 0), Attr.i("sorted", 1));
        // assignment p belongs to row p / k (TopK lists each row's k choices together)
        String rows = g.op("", "Unsqueeze", "assign_rows", List.of(
                g.op("", "Div", "assign_row", List.of(order, k)), g.longs("c_ax1_" + l, new long[] {1}, 1)));
        String w1 = g.op("", "Gather", "assign_w", List.of(
                g.op("", "Reshape", "assign_wflat", List.of(weights, g.longs("c_col_" + l, new long[] {-1, 1}, 2))), order),
                Attr.i("axis", 0));
        String counts = g.op("", "Cast", "assign_counts", List.of(g.op("", "ReduceSum", "assign_count", List.of(
                        g.op("", "OneHot", "assign_onehot", List.of(ids, g.longs("c_depth_" + l, new long[] {n}),
                                g.floats("c_onehot_" + l, new float[] {0f, 1f}, 2)), Attr.i("axis", -1)),
                        g.longs("c_ax0_" + l, new long[] {0}, 1)), Attr.i("keepdims", 0))),
                Attr.i("to", OnnxType.INT64.code));
        // every row as many times as it was chosen, grouped by expert, then one group per expert
        String xSorted = g.op("", "GatherND", "x_sorted", List.of(flat, rows));
        List<String> groups = new java.util.ArrayList<>();
        List<String> outs = new java.util.ArrayList<>();
        for (int e = 0; e < n; e++) {
            groups.add("x_" + l + "_" + e);
        }
        g.node("", "Split", List.of(xSorted, counts), groups, Attr.i("axis", 0));
        for (int e = 0; e < n; e++) {
            outs.add(swiglu(groups.get(e), l, e));
        }
        String ySorted = g.op("", "Mul", "y_w", List.of(g.op("", "Concat", "y_sorted", outs, Attr.i("axis", 0)), w1));
        String zeros = g.op("", "Mul", "zeros", List.of(flat, g.floats("c_zero_" + l, new float[] {0f})));
        String acc = g.op("", "ScatterND", "moe_out", List.of(zeros, rows, ySorted), Attr.s("reduction", "add"));
        return acc;
    }
}
