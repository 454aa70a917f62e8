package dev.mode.decoder.runtime;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import dev.mode.decoder.ChatMessage;
import dev.mode.decoder.DecoderException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a Hugging Face Jinja chat template with Jinjava, configured as transformers configures Jinja2:
 * trim_blocks and lstrip_blocks, {@code {{- ... -}}} / {@code {#- ... -#}} trimming whitespace, and a final newline
 * of the template dropped.
 */
public final class ChatTemplate {
    private final String template;
    private final String bosToken;
    private final String eosToken;
    // Jinjava by default ignores '-' on expressions and notes and takes '{{ -1 }}' for a trim: indented templates
    // (Qwen2.5's, Llama 3.1's) would put their indentation into the prompt
    private final Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
            .withTrimBlocks(true).withLstripBlocks(true)
            .withLegacyOverrides(LegacyOverrides.newBuilder()
                    .withUseTrimmingForNotesAndExpressions(true).withParseWhitespaceControlStrictly(true).build())
            .build());

    /** @param template Jinja source; @param bosToken value of {@code bos_token}; @param eosToken value of {@code eos_token} */
    public ChatTemplate(String template, String bosToken, String eosToken) {
        // Jinja2 drops one final newline of the source (keep_trailing_newline=False); Jinjava's option of that name
        // drops it from the output instead, where it may be the template's own "assistant\n"
        this.template = template.endsWith("\r\n") ? template.substring(0, template.length() - 2)
                : template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
    }

    /** @return the prompt text for the conversation */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> msgs = new ArrayList<>();
        for (ChatMessage m : messages) {
            msgs.add(Map.of("role", m.role(), "content", m.content()));
        }
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("messages", msgs);
        ctx.put("add_generation_prompt", addGenerationPrompt);
        ctx.put("bos_token", bosToken);
        ctx.put("eos_token", eosToken);
        RenderResult r = jinjava.renderForResult(template, ctx);
        if (r.hasErrors()) {
            throw new DecoderException("Cannot render the model's chat template: " + r.getErrors().get(0).getMessage());
        }
        return r.getOutput();
    }
}
