package dev.mode.decoder.onnx;

/**
 * A node attribute (ONNX AttributeProto) of one of the kinds the writer needs.
 *
 * @param name  attribute name
 * @param kind  which value field is set
 * @param i     integer value
 * @param f     float value
 * @param s     string value
 * @param ints  integer list
 */
public record Attr(String name, Kind kind, long i, float f, String s, long[] ints) {
    /** Attribute kinds, with ONNX AttributeType codes. */
    public enum Kind {
        /** float */
        FLOAT(1),
        /** int */
        INT(2),
        /** string */
        STRING(3),
        /** ints */
        INTS(7);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** @return an int attribute */
    public static Attr i(String name, long v) {
        return new Attr(name, Kind.INT, v, 0, null, null);
    }

    /** @return a float attribute */
    public static Attr f(String name, double v) {
        return new Attr(name, Kind.FLOAT, 0, (float) v, null, null);
    }

    /** @return a string attribute */
    public static Attr s(String name, String v) {
        return new Attr(name, Kind.STRING, 0, 0, v, null);
    }

    /** @return an int-list attribute */
    public static Attr ints(String name, long... v) {
        return new Attr(name, Kind.INTS, 0, 0, null, v);
    }

    ProtoBuf encode() {
        ProtoBuf p = new ProtoBuf().string(1, name).int64(20, kind.code);
        switch (kind) {
            case FLOAT -> p.float32(2, f);
            case INT -> p.int64(3, i);
            case STRING -> p.string(4, s);
            case INTS -> {
                for (long v : ints) {
                    p.int64(8, v);
                }
            }
        }
        return p;
    }
}
