package dev.atrium.portal.embedded;

/**
 * A service of the embedded default (Keycloak, PostgreSQL) could not start. The message says what
 * failed in one line; {@link #fix()} says what the operator can do about it.
 */
public class EmbeddedServiceFailure extends RuntimeException {

  private final String fix;

  public EmbeddedServiceFailure(String problem, String fix) {
    this(problem, fix, null);
  }

  public EmbeddedServiceFailure(String problem, String fix, Throwable cause) {
    super(problem, cause);
    this.fix = fix;
  }

  public String fix() {
    return fix;
  }
}
