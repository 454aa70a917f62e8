package dev.mode.decoder.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX model (opsets "" and "com.microsoft") node by node and writes it as {@code model.onnx}, with
 * every large initializer streamed to an external-data file next to it, because protobuf messages are capped at
 * 2 GB and because streaming keeps multi-GB weights out of the Java heap.
 */
public final class OnnxGraphBuilder implements AutoCloseable {
    /** Initializers up to this many bytes stay inside model.onnx. */
    private static final int INLINE_LIMIT = 1024;
    /** External tensors start on this boundary so ONNX Runtime can map them efficiently. */
    private static final int ALIGN = 64;

    private final Path dir;
    private final String dataFileName;
    private final FileChannel data;
    private final List<ProtoBuf> nodes = new ArrayList<>();
    private final List<ProtoBuf> initializers = new ArrayList<>();
    private final List<ProtoBuf> inputs = new ArrayList<>();
    private final List<ProtoBuf> outputs = new ArrayList<>();
    private long dataOffset;
    private int nodeCounter;

    /**
     * @param dir          output directory (created if missing)
     * @param dataFileName external-data file name, e.g. {@code model.onnx_data}
     */
    public OnnxGraphBuilder(Path dir, String dataFileName) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.dataFileName = dataFileName;
        this.data = FileChannel.open(dir.resolve(dataFileName), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Declares a graph input; a dimension is either a Long (fixed) or a String (symbolic). */
    public void input(String name, OnnxType type, Object... dims) {
        inputs.add(valueInfo(name, type, dims));
    }

    /** Declares a graph output. */
    public void output(String name, OnnxType type, Object... dims) {
        outputs.add(valueInfo(name, type, dims));
    }

    private static ProtoBuf valueInfo(String name, OnnxType type, Object... dims) {
        ProtoBuf shape = new ProtoBuf();
        for (Object d : dims) {
            ProtoBuf dim = new ProtoBuf();
            if (d instanceof Number n) {
                dim.int64(1, n.longValue());
            } else {
                dim.string(2, d.toString());
            }
            shape.message(1, dim);
        }
        ProtoBuf tensorType = new ProtoBuf().int64(1, type.code).message(2, shape);
        ProtoBuf typeProto = new ProtoBuf().message(1, tensorType);
        return new ProtoBuf().string(1, name).message(2, typeProto);
    }

    /**
     * Adds an initializer from little-endian bytes.
     *
     * @return the name, for chaining into nodes
     */
    public String initializer(String name, OnnxType type, long[] dims, ByteBuffer bytes) throws IOException {
        ProtoBuf t = new ProtoBuf();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, type.code).string(8, name);
        ByteBuffer b = bytes.duplicate();
        int len = b.remaining();
        if (len <= INLINE_LIMIT) {
            byte[] raw = new byte[len];
            b.get(raw);
            t.bytes(9, raw);
        } else {
            long pad = (ALIGN - dataOffset % ALIGN) % ALIGN;
            dataOffset += pad;
            long start = dataOffset;
            while (b.hasRemaining()) {
                dataOffset += data.write(b, dataOffset);
            }
            t.message(13, new ProtoBuf().string(1, "location").string(2, dataFileName));
            t.message(13, new ProtoBuf().string(1, "offset").string(2, Long.toString(start)));
            t.message(13, new ProtoBuf().string(1, "length").string(2, Long.toString(len)));
            t.int64(14, 1);
        }
        initializers.add(t);
        return name;
    }

    /** Adds a float32 initializer. */
    public String floats(String name, float[] values, long... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return initializer(name, OnnxType.FLOAT, dims, b);
    }

    /** Adds an int64 initializer. */
    public String longs(String name, long[] values, long... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return initializer(name, OnnxType.INT64, dims, b);
    }

    /** Adds a uint8 initializer. */
    public String bytes(String name, byte[] values, long... dims) throws IOException {
        return initializer(name, OnnxType.UINT8, dims, ByteBuffer.wrap(values));
    }

    /**
     * Adds a node.
     *
     * @param domain  "" for standard ONNX, "com.microsoft" for contrib ops
     * @param inputs  input names ("" for an omitted optional input)
     * @param outputs output names ("" for an omitted optional output)
     */
    public void node(String domain, String opType, List<String> inputs, List<String> outputs, Attr... attrs) {
        ProtoBuf n = new ProtoBuf();
        for (String in : inputs) {
            n.string(1, in);
        }
        for (String out : outputs) {
            n.string(2, out);
        }
        n.string(3, opType + "_" + (nodeCounter++)).string(4, opType);
        for (Attr a : attrs) {
            n.message(5, a.encode());
        }
        if (!domain.isEmpty()) {
            n.string(7, domain);
        }
        nodes.add(n);
    }

    /** Adds a single-output node and returns a fresh output name derived from {@code hint}. */
    public String op(String domain, String opType, String hint, List<String> inputs, Attr... attrs) {
        String out = hint + "_" + nodeCounter;
        node(domain, opType, inputs, List.of(out), attrs);
        return out;
    }

    /** Writes model.onnx (graph, opsets "" 21 and "com.microsoft" 1) and closes the data file. */
    public void write(String graphName, String fileName) throws IOException {
        ProtoBuf g = new ProtoBuf();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, graphName);
        initializers.forEach(t -> g.message(5, t));
        inputs.forEach(v -> g.message(11, v));
        outputs.forEach(v -> g.message(12, v));
        ProtoBuf m = new ProtoBuf().int64(1, 10)
                .message(8, new ProtoBuf().string(1, "").int64(2, 21))
                .message(8, new ProtoBuf().string(1, "com.microsoft").int64(2, 1))
                .string(2, "mode-decoder-writer").string(3, "0.1")
                .message(7, g);
        try (OutputStream os = Files.newOutputStream(dir.resolve(fileName))) {
            os.write(m.toByteArray());
        }
        close();
    }

    @Override
    public void close() throws IOException {
        if (data.isOpen()) {
            data.close();
        }
    }
}
