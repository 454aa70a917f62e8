package dev.mode.decoder.writer;

/**
 * Symmetric 4-bit block quantisation in the layout of ONNX Runtime's {@code MatMulNBits} (bits 4, no zero
 * points, so the implicit zero point is 8): for each output row, blocks of inputs with one float32 scale each,
 * two values per byte, low nibble first.
 *
 * <p>A model's blocks are 128 inputs wide (the usual GPTQ/AWQ group size) where its widths allow, else 64 or 32. The
 * block size is a speed choice on CPU: measured on the bench model, MatMulNBits decodes 26% faster with blocks
 * of 128 than of 32, more than the 15% fewer bytes it reads (docs/benchmarks.md, run F).
 */
public final class Int4 {
    /** Widest block: inputs per scale wherever the input width is a multiple of it. */
    public static final int MAX_BLOCK = 128;
    /** Narrowest block. */
    public static final int MIN_BLOCK = 32;

    private Int4() {
    }

    /**
     * Quantised matrix.
     *
     * @param packed [rows][blocks][block / 2] bytes
     * @param scales [rows][blocks]
     * @param block  inputs per scale
     */
    public record Quantized(byte[] packed, float[] scales, int block) {
    }

    /**
     * @param cols input width
     * @return the widest block of 128, 64 or 32 inputs that divides {@code cols}
     * @throws IllegalArgumentException when 32 does not divide it
     */
    public static int blockFor(int cols) {
        for (int b = MAX_BLOCK; b >= MIN_BLOCK; b /= 2) {
            if (cols % b == 0) {
                return b;
            }
        }
        throw new IllegalArgumentException("int4 needs an input width multiple of " + MIN_BLOCK + ", got " + cols);
    }

    /** @return bytes of a [rows, cols] matrix stored as int4 with one float32 scale per block */
    public static long bytes(long rows, int cols, int block) {
        return rows * cols / 2 + rows * (cols / block) * 4L;
    }

    /** Quantises a row-major [rows, cols] matrix in blocks of {@code block} inputs (a divisor of cols). */
    public static Quantized quantize(float[] w, int rows, int cols, int block) {
        if (cols % block != 0) {
            throw new IllegalArgumentException("int4 block " + block + " does not divide input width " + cols);
        }
        int blocks = cols / block;
        byte[] packed = new byte[rows * blocks * (block / 2)];
        float[] scales = new float[rows * blocks];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                int base = r * cols + b * block;
                float max = 0;
                for (int i = 0; i < block; i++) {
                    max = Math.max(max, Math.abs(w[base + i]));
                }
                float scale = max == 0 ? 1f : max / 7f;
                scales[r * blocks + b] = scale;
                int pbase = (r * blocks + b) * (block / 2);
                for (int i = 0; i < block; i += 2) {
                    int lo = q(w[base + i], scale);
                    int hi = q(w[base + i + 1], scale);
                    packed[pbase + i / 2] = (byte) (lo | (hi << 4));
                }
            }
        }
        return new Quantized(packed, scales, block);
    }

    private static int q(float v, float scale) {
        return Math.max(-8, Math.min(7, Math.round(v / scale))) + 8;
    }

    /** @return the float values the quantised matrix stands for (what the int4 kernels compute with) */
    public static float[] dequantize(Quantized q, int rows, int cols) {
        int block = q.block();
        int blocks = cols / block;
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                float scale = q.scales()[r * blocks + b];
                int pbase = (r * blocks + b) * (block / 2);
                for (int i = 0; i < block; i += 2) {
                    int v = q.packed()[pbase + i / 2] & 0xFF;
                    w[r * cols + b * block + i] = ((v & 0xF) - 8) * scale;
                    w[r * cols + b * block + i + 1] = ((v >>> 4) - 8) * scale;
                }
            }
        }
        return w;
    }
}
