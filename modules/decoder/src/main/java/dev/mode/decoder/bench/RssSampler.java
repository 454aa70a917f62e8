package dev.mode.decoder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples this process's resident set size (Linux /proc) in the background to report a per-phase peak. */
public final class RssSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    /** Starts sampling every 5 ms. */
    public RssSampler() {
        peak = currentRss();
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, currentRss());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return peak RSS in bytes seen so far */
    public long peak() {
        return Math.max(peak, currentRss());
    }

    /** @return current RSS in bytes, or 0 where /proc is unavailable */
    public static long currentRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
