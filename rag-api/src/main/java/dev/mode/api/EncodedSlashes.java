package dev.mode.api;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets an escaped slash ({@code %2F}) through Tomcat to Spring MVC, which decodes it within the path segment. Tomcat
 * would otherwise refuse it with its own HTML error page before any filter or problem handler runs; document ids
 * may hold slashes, so {@code DELETE /api/v1/documents/a%2Fb} deletes {@code a/b}.
 */
@Configuration(proxyBeanMethods = false)
class EncodedSlashes {

  @Bean
  TomcatConnectorCustomizer passEncodedSlashes() {
    return connector -> connector.setEncodedSolidusHandling("passthrough");
  }
}
