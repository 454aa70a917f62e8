package dev.mode.decoder.onnx;

/** ONNX TensorProto.DataType codes used by the writer. */
public enum OnnxType {
    /** float32 */
    FLOAT(1, 4),
    /** uint8 (packed int4 weights) */
    UINT8(2, 1),
    /** int32 */
    INT32(6, 4),
    /** int64 */
    INT64(7, 8),
    /** bool */
    BOOL(9, 1),
    /** float16 */
    FLOAT16(10, 2);

    /** The ONNX enum value. */
    public final int code;
    /** Bytes per element. */
    public final int size;

    OnnxType(int code, int size) {
        this.code = code;
        this.size = size;
    }
}
