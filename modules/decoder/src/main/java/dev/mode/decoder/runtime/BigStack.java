package dev.mode.decoder.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a call on a thread with a large stack. Found here: ONNX Runtime 1.29 session creation segfaults the JVM
 * on a launcher main thread whose stack is partly used up (reproduced by a long {@code -cp}, as a CLI start
 * script passes), while it succeeds with {@code -Xss4m}; giving the native call its own 64 MiB stack makes the
 * decoder independent of how the JVM was started.
 */
final class BigStack {
    private static final long STACK_BYTES = 64L << 20;

    private BigStack() {
    }

    static <T> T call(String name, Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(task.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name, STACK_BYTES);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result.get();
    }
}
