package dev.mode.spring.autoconfigure;

import dev.mode.config.ConfigLoader;
import dev.mode.config.ModeConfig;
import dev.mode.core.ModeEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Gives an application a {@link ModeConfig} built from {@code mode.*} properties and a {@link ModeEngine} over it
 * (extractive answers, or the ONNX decoder when {@code mode.decoder.model-dir} is set). Either bean can be replaced by
 * declaring one. The engine is created when a bean first needs it, not eagerly, and opening it needs the index:
 * an application that must start before its index exists takes it from an {@code ObjectProvider<ModeEngine>} on use
 * ({@code @Lazy} injection cannot proxy the final {@link ModeEngine}). The engine is closed with the context.
 */
@AutoConfiguration
@ConditionalOnClass(ModeEngine.class)
@EnableConfigurationProperties(ModeProperties.class)
public class ModeAutoConfiguration {

  /** The validated MODE configuration: shipped defaults, overridden by the {@code mode.*} properties that are set. */
  @Bean
  @ConditionalOnMissingBean
  public ModeConfig modeConfig(ModeProperties properties) {
    return ConfigLoader.withDefaults().overrides(properties.toOverrides(), "Spring property mode.*").load();
  }

  /** The engine over {@code mode.index.dir}. */
  @Bean(destroyMethod = "close")
  @Lazy
  @ConditionalOnMissingBean
  public ModeEngine modeEngine(ModeConfig config) {
    return ModeEngine.open(config);
  }
}
