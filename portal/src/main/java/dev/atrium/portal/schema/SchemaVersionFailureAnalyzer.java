package dev.atrium.portal.schema;

import java.util.stream.Collectors;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A database whose schema this Atrium does not match: one clear line instead of Flyway's report. */
class SchemaVersionFailureAnalyzer extends AbstractFailureAnalyzer<FlywayValidateException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, FlywayValidateException cause) {
    // Flyway's message is a paragraph; the line naming the migrations is the one that says what is wrong.
    String details =
        cause.getMessage().lines().map(String::strip).filter(l -> l.startsWith("Detected")).collect(Collectors.joining(" "));
    return new FailureAnalysis(
        "The database's schema does not match this Atrium" + (details.isEmpty() ? "" : " (" + details + ")") + ": another Atrium version migrated it, or its migrations were changed.",
        "Start the Atrium version that migrated this database (every replica must run the same version), or restore a backup"
            + " taken before the upgrade.",
        cause);
  }
}
