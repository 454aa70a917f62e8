package dev.mode.decoder.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.mode.decoder.DecoderException;
import dev.mode.decoder.DecoderOptions;
import dev.mode.decoder.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opened model: its ONNX Runtime session (thread-safe for concurrent runs), tokenizer, configuration and
 * chat template. Shared by every {@link dev.mode.decoder.MoeDecoder} of the same directory via {@link ModelRegistry}.
 */
public final class LoadedModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);
    private static final AtomicBoolean CUDA_FALLBACK_LOGGED = new AtomicBoolean();

    private final Path dir;
    private final OrtSession session;
    private final ModelConfig config;
    private final GraphSignature signature;
    private final TextTokenizer tokenizer;
    private final String provider;

    private LoadedModel(Path dir, OrtSession session, ModelConfig config, GraphSignature signature,
                        TextTokenizer tokenizer, String provider) {
        this.dir = dir;
        this.session = session;
        this.config = config;
        this.signature = signature;
        this.tokenizer = tokenizer;
        this.provider = provider;
    }

    /** Opens a model directory (validating files, IO names and config before any generation). */
    public static LoadedModel open(Path dir, DecoderOptions options) {
        if (!Files.isDirectory(dir)) {
            throw new DecoderException("Model directory " + dir + " does not exist");
        }
        Path onnx = dir.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new DecoderException("Model directory " + dir + " has no model.onnx");
        }
        ModelConfig config = ModelConfig.load(dir);
        TextTokenizer tokenizer = TextTokenizer.load(dir);
        OrtSession session = null;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            so.setOptimizationLevel(switch (options.optimizationLevel()) {
                case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            String used = configureProvider(so, options.provider());
            try {
                session = BigStack.call("ort-load", () -> OrtEnvironment.getEnvironment().createSession(onnx.toString(), so));
            } catch (OrtException e) {
                throw new DecoderException("Cannot load " + onnx + " (corrupt or unsupported ONNX?): " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DecoderException("Cannot load " + onnx + ": " + e, e);
            }
            GraphSignature sig = GraphSignature.inspect(session, config, onnx.toString());
            LOG.info("Loaded {} on {} ({} layers, {} KV heads, head_dim {}, {}, context {})", dir, used,
                    sig.numLayers(), sig.numKvHeads(), sig.headDim(), sig.kvType(), config.contextWindow());
            return new LoadedModel(dir, session, config, sig, tokenizer, used);
        } catch (OrtException e) {
            throw new DecoderException("Cannot configure ONNX Runtime: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // the original error matters more
                }
            }
            tokenizer.close();
            throw e;
        }
    }

    /** Adds CUDA when asked or, for AUTO, when the runtime has it and a device answers; returns "cpu" or "cuda". */
    private static String configureProvider(OrtSession.SessionOptions so, Provider p) {
        if (p == Provider.CPU) {
            return "cpu";
        }
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
            if (p == Provider.CUDA) {
                throw new DecoderException("Provider 'cuda' requested but this ONNX Runtime build has no CUDA provider "
                        + "(build with the Maven profile 'cuda', which uses onnxruntime_gpu)");
            }
            logFallback("this ONNX Runtime build has no CUDA provider");
            return "cpu";
        }
        try {
            so.addCUDA(0);
            return "cuda";
        } catch (OrtException e) {
            if (p == Provider.CUDA) {
                throw new DecoderException("Provider 'cuda' requested but CUDA is not usable: " + e.getMessage(), e);
            }
            logFallback("CUDA is not usable (" + e.getMessage() + ")");
            return "cpu";
        }
    }

    private static void logFallback(String why) {
        if (CUDA_FALLBACK_LOGGED.compareAndSet(false, true)) {
            LOG.info("Provider auto: {}; running on CPU", why);
        }
    }

    /** @return the model directory */
    public Path dir() {
        return dir;
    }

    /** @return the ONNX Runtime session */
    public OrtSession session() {
        return session;
    }

    /** @return configuration */
    public ModelConfig config() {
        return config;
    }

    /** @return graph IO */
    public GraphSignature signature() {
        return signature;
    }

    /** @return the tokenizer */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** @return "cpu" or "cuda" */
    public String provider() {
        return provider;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the session of {} failed: {}", dir, e.getMessage());
        }
        tokenizer.close();
    }
}
