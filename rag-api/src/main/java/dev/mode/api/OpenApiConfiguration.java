package dev.mode.api;

import dev.mode.config.ModeConfig;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's description (served at /v3/api-docs, browsable at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI modeOpenApi(ModeConfig config) {
    var api = new OpenAPI().info(new Info().title("MODE REST API").version("v1")
        .description("Retrieval-augmented generation over a Mixture of Document Experts. Errors are RFC 9457 "
            + "problem documents (application/problem+json).")
        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")));
    api.components(new Components().addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
        .in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER)));
    if (!config.server().apiKeys().isEmpty()) {
      api.addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
    return api;
  }
}
