package dev.atrium.portal.security;

/** The OpenID Connect issuer Atrium trusts: the embedded Keycloak or an external one. */
public interface OidcIssuer {

  /** The issuer URI, e.g. {@code http://127.0.0.1:8180/realms/atrium}. */
  String uri();

  /** Blocks until the issuer answers; throws if it never will. An external issuer is assumed up. */
  default void awaitReady() {}
}
