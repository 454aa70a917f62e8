package dev.mode.api;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Tomcat's host report its own errors with {@link ProblemReportValve}, so a client gets a problem document
 * even for a request that never reaches the application.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorReports {

  @Bean
  TomcatContextCustomizer problemReports() {
    // the host adds a valve of this class when it starts; one Spring Boot adds also stays, and does nothing once
    // ours has reported the error
    return context -> ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemReportValve.class.getName());
  }
}
