package dev.mode.decoder.writer;

/**
 * Symmetric 4-bit block quantisation in the layout of ONNX Runtime's {@code MatMulNBits} (bits 4, no zero
 * points, so the implicit zero point is 8): for each output row, blocks of 32 inputs, two values per byte, low
 * nibble first.
 */
public final class Int4 {
    /** Inputs per scale. */
    public static final int BLOCK = 32;

    private Int4() {
    }

    /**
     * Quantised matrix.
     *
     * @param packed [rows][blocks][16] bytes
     * @param scales [rows][blocks]
     */
    public record Quantized(byte[] packed, float[] scales) {
    }

    /** Quantises a row-major [rows, cols] matrix; cols must be a multiple of 32. */
    public static Quantized quantize(float[] w, int rows, int cols) {
        if (cols % BLOCK != 0) {
            throw new IllegalArgumentException("int4 needs input width multiple of " + BLOCK + ", got " + cols);
        }
        int blocks = cols / BLOCK;
        byte[] packed = new byte[rows * blocks * (BLOCK / 2)];
        float[] scales = new float[rows * blocks];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                int base = r * cols + b * BLOCK;
                float max = 0;
                for (int i = 0; i < BLOCK; i++) {
                    max = Math.max(max, Math.abs(w[base + i]));
                }
                float scale = max == 0 ? 1f : max / 7f;
                scales[r * blocks + b] = scale;
                int pbase = (r * blocks + b) * (BLOCK / 2);
                for (int i = 0; i < BLOCK; i += 2) {
                    int lo = q(w[base + i], scale);
                    int hi = q(w[base + i + 1], scale);
                    packed[pbase + i / 2] = (byte) (lo | (hi << 4));
                }
            }
        }
        return new Quantized(packed, scales);
    }

    private static int q(float v, float scale) {
        return Math.max(-8, Math.min(7, Math.round(v / scale))) + 8;
    }

    /** @return the float values the quantised matrix stands for (what the int4 kernels compute with) */
    public static float[] dequantize(Quantized q, int rows, int cols) {
        int blocks = cols / BLOCK;
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                float scale = q.scales()[r * blocks + b];
                int pbase = (r * blocks + b) * (BLOCK / 2);
                for (int i = 0; i < BLOCK; i += 2) {
                    int v = q.packed()[pbase + i / 2] & 0xFF;
                    w[r * cols + b * BLOCK + i] = ((v & 0xF) - 8) * scale;
                    w[r * cols + b * BLOCK + i + 1] = ((v >>> 4) - 8) * scale;
                }
            }
        }
        return w;
    }
}
