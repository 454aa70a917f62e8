package dev.mode.decoder.writer;

import static dev.mode.decoder.writer.MixtralWeights.expert;
import static dev.mode.decoder.writer.MixtralWeights.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes the weights as float32 model.safetensors with Hugging Face Mixtral tensor names (what jlama loads). */
final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    static List<String> names(MixtralSpec s) {
        List<String> names = new ArrayList<>();
        names.add("model.embed_tokens.weight");
        for (int l = 0; l < s.numLayers(); l++) {
            names.add(layer(l, "input_layernorm.weight"));
            for (String p : List.of("q", "k", "v", "o")) {
                names.add(layer(l, "self_attn." + p + "_proj.weight"));
            }
            names.add(layer(l, "post_attention_layernorm.weight"));
            names.add(layer(l, "block_sparse_moe.gate.weight"));
            for (int e = 0; e < s.numExperts(); e++) {
                for (String m : List.of("w1", "w2", "w3")) {
                    names.add(expert(l, e, m));
                }
            }
        }
        names.add("model.norm.weight");
        names.add("lm_head.weight");
        return names;
    }

    static void write(MixtralWeights w, Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        List<String> names = names(w.spec());
        for (String n : names) {
            int[] sh = w.shape(n);
            long bytes = 4L * sh[0] * sh[1];
            ObjectNode t = header.putObject(n);
            t.put("dtype", "F32");
            if (sh[1] == 1) {
                t.putArray("shape").add(sh[0]);
            } else {
                t.putArray("shape").add(sh[0]).add(sh[1]);
            }
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        StringBuilder h = new StringBuilder(json.writeValueAsString(header));
        while ((h.length() + 8) % 8 != 0) {
            h.append(' ');
        }
        byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length).flip();
            ch.write(len);
            ch.write(ByteBuffer.wrap(hb));
            for (String n : names) {
                float[] v = w.get(n);
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        }
    }
}
