package dev.mode.decoder.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mode.decoder.DecoderException;
import java.util.Map;
import java.util.TreeSet;

/**
 * The IO of a decoder graph in the Optimum / transformers.js convention, checked against config.json.
 *
 * @param numLayers     number of {@code past_key_values.{i}.key} inputs
 * @param numKvHeads    dim 1 of the past inputs
 * @param headDim       dim 3 of the past inputs
 * @param kvType        FLOAT or FLOAT16
 * @param hasPositionIds whether the graph takes {@code position_ids}
 * @param hasUseCacheBranch whether the graph is an Optimum merged decoder with a {@code use_cache_branch} input
 * @param logitsType    FLOAT or FLOAT16: the element type of the {@code logits} output
 */
public record GraphSignature(int numLayers, int numKvHeads, int headDim, OnnxJavaType kvType, boolean hasPositionIds,
                             boolean hasUseCacheBranch, OnnxJavaType logitsType) {

    /** Inspects the session's inputs and outputs; anything missing or inconsistent is a DecoderException naming it. */
    public static GraphSignature inspect(OrtSession session, ModelConfig config, String modelName) {
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            Map<String, NodeInfo> out = session.getOutputInfo();
            for (String required : new String[] {"input_ids", "attention_mask"}) {
                if (!in.containsKey(required)) {
                    throw new DecoderException(modelName + " has no input '" + required + "' (inputs: " + new TreeSet<>(in.keySet()) + ")");
                }
            }
            if (!out.containsKey("logits")) {
                throw new DecoderException(modelName + " has no output 'logits' (outputs: " + new TreeSet<>(out.keySet()) + ")");
            }
            int layers = 0;
            while (in.containsKey("past_key_values." + layers + ".key")) {
                layers++;
            }
            if (layers == 0) {
                throw new DecoderException(modelName + " has no KV-cache inputs 'past_key_values.0.key' (inputs: "
                        + new TreeSet<>(in.keySet()) + "); export it with past key values (e.g. Optimum's text-generation-with-past)");
            }
            if (layers != config.numLayers()) {
                throw new DecoderException(modelName + " has " + layers + " layers of past_key_values but config.json says num_hidden_layers="
                        + config.numLayers());
            }
            OnnxJavaType type = null;
            int kvHeads = config.numKvHeads();
            int headDim = config.headDim();
            for (int l = 0; l < layers; l++) {
                for (String kv : new String[] {"key", "value"}) {
                    String pastName = "past_key_values." + l + "." + kv;
                    String presentName = "present." + l + "." + kv;
                    if (!in.containsKey(pastName)) {
                        throw new DecoderException(modelName + " has no input '" + pastName + "'");
                    }
                    if (!out.containsKey(presentName)) {
                        throw new DecoderException(modelName + " has no output '" + presentName + "' (outputs: " + new TreeSet<>(out.keySet()) + ")");
                    }
                    TensorInfo ti = (TensorInfo) in.get(pastName).getInfo();
                    if (ti.type != OnnxJavaType.FLOAT && ti.type != OnnxJavaType.FLOAT16) {
                        throw new DecoderException(modelName + " input '" + pastName + "' is " + ti.type + "; only float32 and float16 are supported");
                    }
                    if (type != null && type != ti.type) {
                        throw new DecoderException(modelName + " mixes " + type + " and " + ti.type + " in its past_key_values");
                    }
                    type = ti.type;
                    long[] shape = ti.getShape();
                    if (shape.length != 4) {
                        throw new DecoderException(modelName + " input '" + pastName + "' has rank " + shape.length
                                + "; expected [batch, kv_heads, past, head_dim]");
                    }
                    if (shape[1] > 0 && shape[1] != kvHeads) {
                        throw new DecoderException(modelName + " input '" + pastName + "' has " + shape[1]
                                + " KV heads but config.json says num_key_value_heads=" + kvHeads);
                    }
                    if (shape[3] > 0 && shape[3] != headDim) {
                        throw new DecoderException(modelName + " input '" + pastName + "' has head_dim " + shape[3]
                                + " but config.json implies " + headDim);
                    }
                }
            }
            TensorInfo logits = (TensorInfo) out.get("logits").getInfo();
            if (logits.type != OnnxJavaType.FLOAT && logits.type != OnnxJavaType.FLOAT16) {
                throw new DecoderException(modelName + " output 'logits' is " + logits.type
                        + "; only float32 and float16 are supported");
            }
            long[] logitsShape = logits.getShape();
            if (logitsShape.length != 3) {
                throw new DecoderException(modelName + " output 'logits' has rank " + logitsShape.length
                        + "; expected [batch, sequence, vocab]");
            }
            if (logitsShape[2] > 0 && logitsShape[2] != config.vocabSize()) {
                throw new DecoderException("The model's logits have " + logitsShape[2]
                        + " entries but config.json says vocab_size=" + config.vocabSize());
            }
            return new GraphSignature(layers, kvHeads, headDim, type, in.containsKey("position_ids"),
                    in.containsKey("use_cache_branch"), logits.type);
        } catch (OrtException e) {
            throw new DecoderException("Cannot read the inputs of " + modelName + ": " + e.getMessage(), e);
        }
    }
}
