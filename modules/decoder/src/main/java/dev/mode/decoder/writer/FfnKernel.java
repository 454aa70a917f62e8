package dev.mode.decoder.writer;

/** How the writer expresses the expert layer in the ONNX graph. */
public enum FfnKernel {
    /**
     * One {@code com.microsoft.MoE} node per layer (fp32), or {@code com.microsoft.QMoE} (int4, block-32 scales):
     * ONNX Runtime's sparse operators, the natural choice on CUDA. fc1 rows are interleaved gate/up because that
     * is the only SwiGLU form its CPU kernel takes.
     */
    MOE_OP,
    /**
     * Per expert: the rows the router sent to it are gathered, run through a plain MatMul (fp32) or MatMulNBits
     * (int4) SwiGLU and scattered back weighted. Unchosen experts see zero rows and read no weights, so only
     * the chosen experts are computed, with kernels that reach the memory-bandwidth limit on CPU.
     */
    ROUTED,
    /** A dense SwiGLU MLP (only for one expert with top-1): the baseline of equal active parameters. */
    DENSE
}
