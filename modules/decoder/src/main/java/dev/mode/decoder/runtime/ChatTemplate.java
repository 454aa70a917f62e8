package dev.mode.decoder.runtime;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import dev.mode.decoder.ChatMessage;
import dev.mode.decoder.DecoderException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Renders a Hugging Face Jinja chat template with Jinjava (trim_blocks / lstrip_blocks as transformers does). */
public final class ChatTemplate {
    private final String template;
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
            .withTrimBlocks(true).withLstripBlocks(true).build());

    /** @param template Jinja source; @param bosToken value of {@code bos_token}; @param eosToken value of {@code eos_token} */
    public ChatTemplate(String template, String bosToken, String eosToken) {
        this.template = template;
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
