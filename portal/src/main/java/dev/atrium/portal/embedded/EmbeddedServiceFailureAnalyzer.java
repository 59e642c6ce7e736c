package dev.atrium.portal.embedded;

import dev.atrium.db.embedded.EmbeddedPostgresException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a failed start of an embedded service into Spring Boot's short "what failed / what to do"
 * report instead of a stack trace.
 */
class EmbeddedServiceFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EmbeddedServiceFailure f) {
        return new FailureAnalysis(f.getMessage(), f.fix(), f);
      }
      if (t instanceof EmbeddedPostgresException f) {
        return new FailureAnalysis(f.getMessage(), f.fix(), f);
      }
    }
    return null;
  }
}
