package dev.mode.api;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/** The Spring Boot application of the REST API; start it with {@link ModeServer#start}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan
public class ModeApiApplication {}
