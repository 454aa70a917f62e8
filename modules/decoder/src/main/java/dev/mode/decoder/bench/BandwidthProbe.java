package dev.mode.decoder.bench;

import java.util.stream.IntStream;

/**
 * STREAM-style triad ({@code a[i] = b[i] + s * c[i]}) over arrays far larger than the caches, split across
 * threads, to measure the memory bandwidth that bounds decode speed on the machine the benchmark runs on.
 */
public final class BandwidthProbe {
    private BandwidthProbe() {
    }

    /**
     * @param threads parallel workers (the decoder's thread count)
     * @param floatsPerArray elements per array (three arrays)
     * @param reps repetitions; the best is reported, as STREAM does
     * @return bytes per second moved (2 reads + 1 write per element)
     */
    public static double triadBytesPerSecond(int threads, int floatsPerArray, int reps) {
        // compile the kernel on small arrays first, so the large run measures memory, not the interpreter
        if (floatsPerArray > (1 << 20)) {
            triad(threads, 1 << 20, 200);
        }
        return triad(threads, floatsPerArray, reps);
    }

    private static double triad(int threads, int floatsPerArray, int reps) {
        float[] a = new float[floatsPerArray];
        float[] b = new float[floatsPerArray];
        float[] c = new float[floatsPerArray];
        IntStream.range(0, threads).parallel().forEach(t -> {
            int from = (int) ((long) floatsPerArray * t / threads);
            int to = (int) ((long) floatsPerArray * (t + 1) / threads);
            for (int i = from; i < to; i++) {
                b[i] = i;
                c[i] = 1;
            }
        });
        double best = 0;
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            for (int r = 0; r < reps; r++) {
                float s = 0.5f + r;
                long t0 = System.nanoTime();
                pool.submit(() -> IntStream.range(0, threads).parallel().forEach(t -> {
                    int from = (int) ((long) floatsPerArray * t / threads);
                    int to = (int) ((long) floatsPerArray * (t + 1) / threads);
                    for (int i = from; i < to; i++) {
                        a[i] = b[i] + s * c[i];
                    }
                })).join();
                long dt = System.nanoTime() - t0;
                best = Math.max(best, 3.0 * 4 * floatsPerArray / (dt / 1e9));
            }
        } finally {
            pool.shutdown();
        }
        if (a[floatsPerArray - 1] < 0) {
            // keeps the result alive so the loop is not optimised away
            System.out.print("");
        }
        return best;
    }
}
