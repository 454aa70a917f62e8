package dev.mode.decoder.writer;

/** Storage of the linear layers' weights. */
public enum WeightFormat {
    /** float32 everywhere. */
    FP32,
    /** Linear layers as symmetric int4 in blocks of up to 128 inputs ({@link Int4}, MatMulNBits layout); embeddings, norms and router stay float32. */
    INT4
}
