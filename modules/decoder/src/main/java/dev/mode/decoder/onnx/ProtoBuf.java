package dev.mode.decoder.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Minimal protobuf wire-format encoder: just what ONNX's ModelProto needs (varints, fixed32 floats,
 * length-delimited strings, bytes and nested messages). Avoids a protobuf/ONNX dependency for a few hundred lines.
 */
public final class ProtoBuf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Writes an int32/int64/enum field (wire type 0). */
    public ProtoBuf int64(int field, long value) {
        tag(field, 0);
        varint(value);
        return this;
    }

    /** Writes a float field (wire type 5). */
    public ProtoBuf float32(int field, float value) {
        tag(field, 5);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    /** Writes a UTF-8 string field. */
    public ProtoBuf string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a bytes field. */
    public ProtoBuf bytes(int field, byte[] value) {
        tag(field, 2);
        varint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** Writes a nested message field. */
    public ProtoBuf message(int field, ProtoBuf nested) {
        return bytes(field, nested.toByteArray());
    }

    /** @return the encoded message */
    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
