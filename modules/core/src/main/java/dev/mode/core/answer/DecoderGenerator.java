package dev.mode.core.answer;

import dev.mode.config.ModeConfig;
import dev.mode.core.Cancellation;
import dev.mode.core.ModeException;
import dev.mode.decoder.CancellationToken;
import dev.mode.decoder.ChatMessage;
import dev.mode.decoder.DecoderException;
import dev.mode.decoder.DecoderOptions;
import dev.mode.decoder.GenerationParams;
import dev.mode.decoder.GenerationResult;
import dev.mode.decoder.MoeDecoder;
import dev.mode.decoder.Provider;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers with the in-process ONNX Mixture-of-Experts decoder: the rendered RAG prompt, inside the model's chat
 * template when it has one, is decoded with KV cache and the text streams out token by token. Citation markers
 * that name no passage of the context are removed as the text streams ({@link CitationFilter}). The prompt budget
 * is the context window less the room kept for the answer ({@code decoder.max-new-tokens}, at most half the
 * window), so the engine trims context to fit rather than fail.
 */
public final class DecoderGenerator implements Generator {
  private static final Logger LOG = LoggerFactory.getLogger(DecoderGenerator.class);
  private final MoeDecoder decoder;
  private final ModeConfig.Decoder settings;
  private final boolean chat;

  private DecoderGenerator(MoeDecoder decoder, ModeConfig.Decoder settings, boolean chat) {
    this.decoder = decoder;
    this.settings = settings;
    this.chat = chat;
  }

  /**
   * Opens the model in {@code modelDir} with the decoder settings of the configuration.
   *
   * @throws ModeException naming what is wrong with the model directory
   */
  public static DecoderGenerator open(Path modelDir, ModeConfig.Decoder settings) {
    MoeDecoder d;
    try {
      var options = new DecoderOptions(Provider.parse(settings.provider()), settings.threads(),
          settings.optimizationLevel());
      d = MoeDecoder.open(modelDir, options);
    } catch (DecoderException e) {
      throw new ModeException("cannot open the decoder model at " + modelDir + ": " + e.getMessage(), e);
    }
    boolean chat = false; // without a chat template the plain prompt is used
    if (d.hasChatTemplate()) {
      try {
        d.applyChatTemplate(List.of(new ChatMessage("user", "probe")), true);
        chat = true;
      } catch (DecoderException e) {
        // Jinjava lacks some of Jinja's Python (slices such as [::-1], str methods): the model still answers, but
        // an instruction-tuned one answers worse without its template, so this must not pass silently
        LOG.warn("the chat template of {} cannot be rendered, so prompts go to the model without it: {}", modelDir,
            e.getMessage());
      }
    }
    return new DecoderGenerator(d, settings, chat);
  }

  @Override
  public String name() {
    return "onnx-moe";
  }

  @Override
  public boolean extractive() {
    return false;
  }

  /** True when prompts are rendered through the model's chat template. */
  public boolean chat() {
    return chat;
  }

  @Override
  public int countTokens(String text) {
    return decoder.countTokens(text);
  }

  @Override
  public int promptTokens(String prompt) {
    return decoder.promptTokens(prompt, chat);
  }

  @Override
  public int promptBudget() {
    return decoder.contextWindow() - answerRoom();
  }

  /** The decoder's context window, in tokens. */
  public int contextWindow() {
    return decoder.contextWindow();
  }

  private int answerRoom() {
    return Math.max(1, Math.min(settings.maxNewTokens(), decoder.contextWindow() / 2));
  }

  @Override
  public GeneratedText generate(GenerationInput input, Consumer<String> onText, Cancellation cancellation) {
    Set<Integer> markers = input.context().stream().map(ContextPassage::marker).collect(Collectors.toSet());
    var filter = new CitationFilter(markers, onText);
    int room = decoder.contextWindow() - promptTokens(input.prompt());
    // sampling draws afresh on every call: with a fixed seed every answer to a question would be the same one
    long seed = settings.temperature() > 0 ? java.util.concurrent.ThreadLocalRandom.current().nextLong() : 0L;
    var params = new GenerationParams(Math.max(1, Math.min(settings.maxNewTokens(), room)), settings.temperature(), 0,
        1.0, 1.0, seed, List.of(), chat);
    var token = new CancellationToken();
    GenerationResult r;
    try {
      r = decoder.generate(input.prompt(), params, delta -> {
        if (!cancellation.isCancelled()) {
          filter.accept(delta);
        }
        if (cancellation.isCancelled()) { // also when the listener cancelled on this very piece
          token.cancel();
        }
      }, token);
    } catch (DecoderException e) {
      throw new ModeException("the decoder failed: " + e.getMessage(), e);
    }
    filter.finish();
    String text = filter.text();
    String stop = switch (r.stopReason()) {
      case EOS, STOP_STRING -> "complete";
      case MAX_TOKENS -> "max_tokens";
      case CANCELLED -> "cancelled";
    };
    if (cancellation.isCancelled()) {
      stop = "cancelled";
    }
    String plain = text.replaceAll("\\s*\\[[0-9,\\s]+]", "").strip();
    return new GeneratedText(text, plain, r.generatedTokens(), stop);
  }

  @Override
  public void close() {
    decoder.close();
  }
}
