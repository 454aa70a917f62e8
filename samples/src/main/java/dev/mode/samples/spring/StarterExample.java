package dev.mode.samples.spring;

import dev.mode.core.Answer;
import dev.mode.core.ModeEngine;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application using {@code mode-spring-boot-starter}: the {@link ModeEngine} bean comes from the
 * auto-configuration, configured by {@code mode.*} properties (see {@code application.properties}, or pass e.g.
 * {@code --mode.index.dir=DIR --mode.gate.top-k=3}). Build the index first (EmbeddedExample or
 * {@code bin/mode index}).
 */
@SpringBootApplication
public class StarterExample {

  public static void main(String[] args) {
    SpringApplication.run(StarterExample.class, args).close();
  }

  @Bean
  CommandLineRunner askOnStart(ModeEngine engine) {
    return args -> {
      String question = args.length > 0 && !args[0].startsWith("--") ? args[0] : "What makes sourdough bread rise?";
      Answer a = engine.ask(question);
      System.out.println("Q: " + question);
      System.out.println("A: " + a.text());
      a.citations().forEach(c -> System.out.println("  [" + c.marker() + "] " + c.title() + " (" + c.docId() + ")"));
      System.out.println("Routed to experts " + a.routing().chosen().stream().map(c -> "#" + c.expert() + " "
          + c.label()).toList());
    };
  }
}
