package dev.mode.decoder;

import dev.mode.decoder.runtime.ChatTemplate;
import dev.mode.decoder.runtime.Generator;
import dev.mode.decoder.runtime.LoadedModel;
import dev.mode.decoder.runtime.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Mixture-of-Experts (or any decoder-only) LLM exported in the Hugging Face Optimum / transformers.js ONNX
 * layout, run in-process on ONNX Runtime with a KV cache and streaming output.
 *
 * <p>Thread-safe: concurrent {@link #generate} calls share one ONNX Runtime session (sessions are loaded once
 * per model directory per process, see {@link ModelRegistry}) and keep their KV caches to themselves.
 */
public final class MoeDecoder implements AutoCloseable {
    private final LoadedModel model;
    private final Generator generator;
    private final ChatTemplate chatTemplate;
    // Closing a session while a call runs in it crashes the process (ONNX Runtime does not wait), so the handle
    // counts calls in progress and the last one to end after close() releases the session.
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean closed;

    private MoeDecoder(LoadedModel model) {
        this.model = model;
        this.generator = new Generator(model);
        String template = model.config().chatTemplate();
        this.chatTemplate = template == null ? null
                : new ChatTemplate(template, model.config().bosToken(), model.config().eosToken());
    }

    /**
     * Opens a model directory ({@code model.onnx} [+ external data], {@code tokenizer.json}, {@code config.json},
     * optional {@code generation_config.json} and {@code tokenizer_config.json}).
     *
     * @throws DecoderException naming what is missing or inconsistent
     */
    public static MoeDecoder open(Path modelDir, DecoderOptions options) {
        if (modelDir == null) {
            throw new DecoderException("No model directory given");
        }
        return new MoeDecoder(ModelRegistry.acquire(modelDir, options == null ? DecoderOptions.defaults() : options));
    }

    /**
     * Generates a completion, streaming text deltas to {@code listener} as they become final.
     *
     * @param prompt   the prompt; with {@code params.chat()} it becomes one user message rendered by the chat template
     * @param listener receives decoded text (may be null)
     * @param cancel   checked between steps (may be null)
     */
    public GenerationResult generate(String prompt, GenerationParams params, TokenListener listener, CancellationToken cancel) {
        if (prompt == null) {
            throw new DecoderException("The prompt is null");
        }
        return inUse(() -> {
            GenerationParams p = params == null ? GenerationParams.greedy(256) : params;
            return generator.generate(encode(prompt, p.chat()), p, listener == null ? TokenListener.none() : listener,
                    cancel);
        });
    }

    /**
     * @return the number of tokens {@link #generate} feeds the model for {@code prompt}: special tokens and, with
     *     {@code chat}, the chat template included (for fitting a prompt into the context window)
     */
    public int promptTokens(String prompt, boolean chat) {
        return inUse(() -> encode(prompt, chat).length);
    }

    private long[] encode(String prompt, boolean chat) {
        if (chat) {
            // the template writes BOS itself, so the tokenizer must not add it again (as transformers does)
            return model.tokenizer().encode(renderTemplate(List.of(new ChatMessage("user", prompt)), true), false);
        }
        return model.tokenizer().encode(prompt, true);
    }

    /**
     * Renders the model's Jinja chat template.
     *
     * @throws DecoderException when the model has no chat template
     */
    public String applyChatTemplate(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return inUse(() -> renderTemplate(messages, addGenerationPrompt));
    }

    private String renderTemplate(List<ChatMessage> messages, boolean addGenerationPrompt) {
        if (chatTemplate == null) {
            throw new DecoderException("Model " + model.dir() + " has no chat_template (tokenizer_config.json or chat_template.jinja)");
        }
        return chatTemplate.render(messages, addGenerationPrompt);
    }

    /** @return whether the model has a chat template (tokenizer_config.json or chat_template.jinja) */
    public boolean hasChatTemplate() {
        return chatTemplate != null;
    }

    /** @return number of tokens of {@code text}, without special tokens (for context budgeting) */
    public int countTokens(String text) {
        return inUse(() -> model.tokenizer().encode(text, false).length);
    }

    /** @return maximum sequence length (prompt + generated), from config.json */
    public int contextWindow() {
        return model.config().contextWindow();
    }

    /** @return "cpu" or "cuda" */
    public String providerInUse() {
        return model.provider();
    }

    /**
     * Releases this handle; the shared session closes when its last decoder closes. A generation in progress runs to
     * its end (cancel it to end it sooner) and the handle is released when it returns. Idempotent; safe to call from a
     * {@link TokenListener}.
     */
    @Override
    public void close() {
        closed = true;
        if (calls.get() == 0) {
            release();
        }
    }

    private <T> T inUse(Supplier<T> call) {
        calls.incrementAndGet(); // before reading closed: close() either sees this call or this call sees closed
        try {
            if (closed) {
                throw new DecoderException("This decoder is closed");
            }
            return call.get();
        } finally {
            if (calls.decrementAndGet() == 0 && closed) {
                release();
            }
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            ModelRegistry.release(model);
        }
    }
}
