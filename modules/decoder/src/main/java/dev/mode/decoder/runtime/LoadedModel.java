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

    /**
     * When neither generation_config.json nor config.json names an end-of-sequence id, the id of tokenizer_config.json's
     * {@code eos_token}, if the tokenizer has it as one token: without any, generation would only stop at the limit.
     */
    private static ModelConfig withEosFromTokenizer(ModelConfig c, TextTokenizer tokenizer) {
        if (!c.eosIds().isEmpty() || c.eosToken().isEmpty()) {
            return c;
        }
        long[] ids = tokenizer.encode(c.eosToken(), false);
        if (ids.length != 1) {
            return c;
        }
        return new ModelConfig(c.numLayers(), c.numKvHeads(), c.headDim(), c.vocabSize(), c.contextWindow(),
                java.util.Set.of((int) ids[0]), c.chatTemplate(), c.bosToken(), c.eosToken(), c.sharedKvBuffer());
    }

    /** Opens a model directory (validating files, IO names and config before any generation). */
    public static LoadedModel open(Path dir, DecoderOptions options) {
        if (!Files.isDirectory(dir)) {
            throw new DecoderException("Model directory " + dir + " does not exist");
        }
        Path onnx = findGraph(dir);
        ModelConfig loaded = ModelConfig.load(dir);
        TextTokenizer tokenizer = TextTokenizer.load(dir);
        ModelConfig config = withEosFromTokenizer(loaded, tokenizer);
        OrtSession session = null;
        try {
            String used = options.provider() == Provider.CPU ? "cpu" : cudaAvailability(options.provider());
            try {
                session = createSession(onnx, options, used.equals("cuda"));
            } catch (DecoderException e) {
                if (!used.equals("cuda") || options.provider() != Provider.AUTO) {
                    throw e;
                }
                // the CUDA provider registers fine without a usable device or runtime; it fails only here
                logFallback("creating the CUDA session failed (" + e.getMessage() + ")");
                used = "cpu";
                session = createSession(onnx, options, false);
            }
            GraphSignature sig = GraphSignature.inspect(session, config, onnx.toString());
            LOG.info("Loaded {} on {} ({} layers, {} KV heads, head_dim {}, {}, context {})", dir, used,
                    sig.numLayers(), sig.numKvHeads(), sig.headDim(), sig.kvType(), config.contextWindow());
            return new LoadedModel(dir, session, config, sig, tokenizer, used);
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

    private static OrtSession createSession(Path onnx, DecoderOptions options, boolean cuda) {
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
            if (cuda) {
                try {
                    so.addCUDA(0);
                } catch (OrtException e) {
                    throw new DecoderException("CUDA is not usable: " + e.getMessage(), e);
                }
            }
            try {
                return BigStack.call("ort-load", () -> OrtEnvironment.getEnvironment().createSession(onnx.toString(), so));
            } catch (OrtException e) {
                String what = cuda ? "on CUDA" : "(corrupt or unsupported ONNX?)";
                throw new DecoderException("Cannot load " + onnx + " " + what + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new DecoderException("Cannot load " + onnx + ": " + e, e);
            }
        } catch (OrtException e) {
            throw new DecoderException("Cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /**
     * The graph file: {@code model.onnx}, else Optimum's {@code decoder_model_merged.onnx}, else transformers.js's
     * {@code onnx/model.onnx}.
     */
    private static Path findGraph(Path dir) {
        for (String name : new String[] {"model.onnx", "decoder_model_merged.onnx", "onnx/model.onnx"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DecoderException("Model directory " + dir + " has no model.onnx (nor decoder_model_merged.onnx or onnx/model.onnx)");
    }

    /**
     * For CUDA or AUTO: "cuda" when this ONNX Runtime build has the CUDA provider, else "cpu" (AUTO, logged) or
     * an error (CUDA). Whether a device answers shows only when the session is created.
     */
    private static String cudaAvailability(Provider p) {
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (available.contains(OrtProvider.CUDA)) {
            return "cuda";
        }
        if (p == Provider.CUDA) {
            throw new DecoderException("Provider 'cuda' requested but this ONNX Runtime build has no CUDA provider "
                    + "(build with the Maven profile 'cuda', which uses onnxruntime_gpu)");
        }
        logFallback("this ONNX Runtime build has no CUDA provider");
        return "cpu";
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
