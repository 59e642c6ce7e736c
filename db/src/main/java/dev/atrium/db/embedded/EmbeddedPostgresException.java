package dev.atrium.db.embedded;

/** The embedded PostgreSQL could not start; {@link #fix()} tells the operator what to do. */
public class EmbeddedPostgresException extends RuntimeException {

  private final String fix;

  public EmbeddedPostgresException(String problem, String fix, Throwable cause) {
    super(problem, cause);
    this.fix = fix;
  }

  public String fix() {
    return fix;
  }
}
