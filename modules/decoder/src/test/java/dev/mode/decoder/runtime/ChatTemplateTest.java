package dev.mode.decoder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.decoder.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
    /**
     * Written the way Qwen2.5's and Llama 3.1's templates are: indented, with {@code {{-}} and {@code {#- -#}}
     * trimming the whitespace around expressions and notes. The expected texts are what transformers renders
     * (Jinja2 3.1, trim_blocks and lstrip_blocks).
     */
    private static final String INDENTED_CHATML = """
            {#- ChatML, written the way Qwen2.5 and Llama 3.1 write theirs -#}
            {%- if messages[0]['role'] == 'system' %}
                {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
            {%- else %}
                {{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}
            {%- endif %}
            {%- for message in messages %}
                {%- if message.role != 'system' %}
                    {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}
                {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
            {%- endif %}
            {{- ' turns: ' }}{{ -1 + messages | length }}
            """;

    @Test
    void whitespaceControlOnExpressionsAndNotesWorksAsInJinja() {
        ChatTemplate t = new ChatTemplate(INDENTED_CHATML, "", "<|im_end|>");
        assertThat(t.render(List.of(new ChatMessage("user", "Hi")), true)).isEqualTo(
                "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\n turns: 0");
        assertThat(t.render(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi")), true))
                .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\n turns: 1");
    }

    /** Jinja drops one final newline of the template source, never one that an expression writes. */
    @Test
    void dropsTheTemplatesFinalNewlineButNotTheOutputs() {
        assertThat(new ChatTemplate("{{ 'assistant\\n' }}\n", "", "").render(List.of(), true)).isEqualTo("assistant\n");
        assertThat(new ChatTemplate("{{ 'x' }}\r\n", "", "").render(List.of(), true)).isEqualTo("x");
        assertThat(new ChatTemplate("{{ 'x' }}\n\n", "", "").render(List.of(), true)).isEqualTo("x\n");
    }
}
