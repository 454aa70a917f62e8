package dev.mode.decoder.runtime;

import dev.mode.decoder.DecoderException;
import dev.mode.decoder.DecoderOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide cache so a model directory is loaded into one session however many decoders open it: keyed by
 * canonical path, reference-counted, closed when the last holder closes.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Map<Path, Entry> MODELS = new HashMap<>();

    private ModelRegistry() {
    }

    private static final class Entry {
        final LoadedModel model;
        final DecoderOptions options;
        int refs;

        Entry(LoadedModel model, DecoderOptions options) {
            this.model = model;
            this.options = options;
        }
    }

    /** @return the shared model for {@code dir}, loading it on first use */
    public static synchronized LoadedModel acquire(Path dir, DecoderOptions options) {
        Path key = canonical(dir);
        Entry e = MODELS.get(key);
        if (e == null) {
            e = new Entry(LoadedModel.open(key, options), options);
            MODELS.put(key, e);
        } else if (!e.options.equals(options)) {
            LOG.info("{} is already open with {}; reusing that session rather than loading a second copy", key, e.options);
        }
        e.refs++;
        return e.model;
    }

    /** Drops one reference; the session closes with the last. */
    public static synchronized void release(LoadedModel model) {
        Entry e = MODELS.get(model.dir());
        if (e != null && e.model == model && --e.refs == 0) {
            MODELS.remove(model.dir());
            model.close();
        }
    }

    /** @return number of models currently open (for tests and diagnostics) */
    public static synchronized int openModels() {
        return MODELS.size();
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new DecoderException("Model directory " + dir + " does not exist");
        }
    }
}
