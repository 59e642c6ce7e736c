package dev.atrium.portal.problem;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link ProblemErrorReportValve} on the host, where Tomcat reports requests it refuses itself. */
@Configuration(proxyBeanMethods = false)
class TomcatErrorReports {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              // Named as the host's error valve too, so that Tomcat adds no stock one inside it.
              if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
              }
              context.getParent().getPipeline().addValve(new ProblemErrorReportValve());
            });
  }
}
