package dev.mode.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mode.decoder.reference.MixtralReference;
import dev.mode.decoder.writer.FfnKernel;
import dev.mode.decoder.writer.MixtralSpec;
import dev.mode.decoder.writer.MixtralWeights;
import dev.mode.decoder.writer.WeightFormat;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixtralWriterTest {

    @Test
    void writesTheStandardLayout() throws Exception {
        Path dir = TinyModels.fp32();
        for (String f : new String[] {"model.onnx", "model.onnx_data", "tokenizer.json", "config.json",
                "generation_config.json", "tokenizer_config.json", "README.md"}) {
            assertThat(dir.resolve(f)).isRegularFile();
        }
        String config = Files.readString(dir.resolve("config.json"));
        assertThat(config).contains("\"model_type\" : \"mixtral\"", "\"num_local_experts\" : 4",
                "\"num_experts_per_tok\" : 2", "\"rope_theta\"", "\"rms_norm_eps\"", "\"eos_token_id\" : 2");
        assertThat(Files.readString(dir.resolve("tokenizer_config.json"))).contains("chat_template");
    }

    /**
     * The ONNX graph, for each expert kernel and format, computes what the Java reference computes; int4 in blocks
     * of 32 (the tiny model's widths, 64 and 96) and of 128 (widths 256 and 512).
     */
    @ParameterizedTest
    @CsvSource({"FP32,ROUTED,64", "FP32,MOE_OP,64", "INT4,ROUTED,64", "INT4,MOE_OP,64", "INT4,ROUTED,256", "INT4,MOE_OP,256"})
    void onnxLogitsMatchTheReference(WeightFormat format, FfnKernel kernel, int hidden) throws Exception {
        MixtralSpec spec = hidden == 64 ? MixtralSpec.tiny() : new MixtralSpec(320, 256, 512, 2, 4, 2, 4, 2, 256, 10000.0, 1e-5);
        MixtralWeights w = new MixtralWeights(spec, TinyModels.SEED, format);
        assertThat(spec.int4Block()).isEqualTo(hidden == 64 ? 32 : 128);
        Path dir = TinyModels.write(w, kernel);
        int[] tokens = {1, 50, 60, 70, 80, 90, 100, 299};
        float[][] ref = new MixtralReference(w).forward(tokens);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(dir.resolve("model.onnx").toString(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> in = new HashMap<>();
            long[][] ids = {new long[tokens.length]};
            long[][] mask = {new long[tokens.length]};
            for (int i = 0; i < tokens.length; i++) {
                ids[0][i] = tokens[i];
                mask[0][i] = 1;
            }
            in.put("input_ids", OnnxTensor.createTensor(env, ids));
            in.put("attention_mask", OnnxTensor.createTensor(env, mask));
            for (int l = 0; l < spec.numLayers(); l++) {
                for (String kv : new String[] {"key", "value"}) {
                    in.put("past_key_values." + l + "." + kv, OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                            new long[] {1, spec.numKvHeads(), 0, spec.headDim()}));
                }
            }
            try (OrtSession.Result r = s.run(in)) {
                float[][][] logits = (float[][][]) r.get("logits").orElseThrow().getValue();
                for (int i = 0; i < tokens.length; i++) {
                    for (int v = 0; v < spec.vocabSize(); v++) {
                        assertThat((double) logits[0][i][v]).as("position %d token %d", i, v)
                                .isCloseTo(ref[i][v], org.assertj.core.data.Offset.offset(1e-3));
                    }
                    assertThat(MixtralReference.argmax(logits[0][i])).isEqualTo(MixtralReference.argmax(ref[i]));
                }
            } finally {
                in.values().forEach(OnnxTensor::close);
            }
        }
    }

    @Test
    void int4RoundTripsWithinHalfAStep() {
        float[] w = new float[64];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i);
        }
        var q = dev.mode.decoder.writer.Int4.quantize(w, 2, 32, 32);
        float[] d = dev.mode.decoder.writer.Int4.dequantize(q, 2, 32);
        for (int i = 0; i < w.length; i++) {
            assertThat(Math.abs(d[i] - w[i])).isLessThanOrEqualTo(q.scales()[i / 32] / 2 + 1e-6f);
        }
    }
}
