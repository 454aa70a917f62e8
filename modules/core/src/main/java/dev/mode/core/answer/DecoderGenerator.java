package dev.mode.core.answer;

import dev.mode.config.ModeConfig;
import dev.mode.decoder.CancellationToken;
import dev.mode.decoder.ChatMessage;
import dev.mode.decoder.DecoderOptions;
import dev.mode.decoder.GenerationParams;
import dev.mode.decoder.GenerationResult;
import dev.mode.decoder.MoeDecoder;
import dev.mode.decoder.Provider;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Answers with the in-process ONNX Mixture-of-Experts decoder: the rendered RAG prompt (in the model's chat
 * template when it has one) is decoded with KV cache, and text streams out token by token.
 */
public final class DecoderGenerator implements Generator {
  private final MoeDecoder decoder;
  private final ModeConfig.Decoder settings;
  private final boolean chat;

  private DecoderGenerator(MoeDecoder decoder, ModeConfig.Decoder settings, boolean chat) {
    this.decoder = decoder;
    this.settings = settings;
    this.chat = chat;
  }

  /** Opens the model in {@code modelDir} with the decoder settings of the configuration. */
  public static DecoderGenerator open(Path modelDir, ModeConfig.Decoder settings) {
    var options = new DecoderOptions(Provider.parse(settings.provider()), settings.threads(), settings.optimizationLevel());
    MoeDecoder d = MoeDecoder.open(modelDir, options);
    boolean chat;
    try {
      d.applyChatTemplate(List.of(new ChatMessage("user", "probe")), true);
      chat = true;
    } catch (RuntimeException e) {
      chat = false; // no chat template: the plain prompt is used
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

  @Override
  public int countTokens(String text) {
    return decoder.countTokens(text);
  }

  /** The decoder's context window, in tokens. */
  public int contextWindow() {
    return decoder.contextWindow();
  }

  @Override
  public GeneratedText generate(GenerationInput input, Consumer<String> onText, Cancellation cancellation) {
    String prompt = chat
        ? decoder.applyChatTemplate(List.of(new ChatMessage("user", input.prompt())), true)
        : input.prompt();
    var params = new GenerationParams(settings.maxNewTokens(), settings.temperature(), 0, 1.0, 1.0, 0L, List.of(), false);
    var token = new CancellationToken();
    GenerationResult r = decoder.generate(prompt, params, delta -> {
      if (cancellation.isCancelled()) {
        token.cancel();
      }
      onText.accept(delta);
    }, token);
    return new GeneratedText(r.text(), r.generatedTokens(), r.stopReason().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void close() {
    decoder.close();
  }
}
