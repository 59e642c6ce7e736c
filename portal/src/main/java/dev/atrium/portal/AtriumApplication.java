package dev.atrium.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Atrium portal: web console, REST API and the wiring of every module. */
@SpringBootApplication(scanBasePackages = "dev.atrium")
@ConfigurationPropertiesScan("dev.atrium")
public class AtriumApplication {

  public static void main(String[] args) {
    SpringApplication.run(AtriumApplication.class, args);
  }
}
