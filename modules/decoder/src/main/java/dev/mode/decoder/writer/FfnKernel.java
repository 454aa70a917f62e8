package dev.mode.decoder.writer;

/** How the writer expresses the expert layer in the ONNX graph. */
public enum FfnKernel {
    /**
     * One {@code com.microsoft.MoE} node per layer (fp32), or {@code com.microsoft.QMoE} (int4, block scales):
     * ONNX Runtime's sparse operators, the natural choice on CUDA. fc1 rows are interleaved gate/up because that
     * is the only SwiGLU form its CPU kernel takes.
     */
    MOE_OP,
    /**
     * Sort-and-split dispatch: the router's (row, expert) choices are sorted by expert, the rows gathered once in
     * that order and split into one group per expert, each group runs a plain MatMul (fp32) or MatMulNBits (int4)
     * SwiGLU, and the weighted results are scatter-added back. Unchosen experts get empty groups and read no
     * weights, so only the chosen experts are computed, with kernels that reach the memory-bandwidth limit on CPU.
     */
    ROUTED,
    /** A dense SwiGLU MLP (only for one expert with top-1): the baseline of equal active parameters. */
    DENSE
}
