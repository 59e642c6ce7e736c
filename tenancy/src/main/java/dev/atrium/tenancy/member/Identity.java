package dev.atrium.tenancy.member;

/**
 * Who is acting, as the identity provider tells it: {@code subject} is stable, {@code username} and
 * {@code email} are how people are invited before they first sign in. An invitation by email is
 * claimed only with an email the identity provider has verified ({@code emailVerified}).
 */
public record Identity(String subject, String username, String email, boolean emailVerified) {

  /** An identity whose email, if any, is not known to be verified. */
  public Identity(String subject, String username, String email) {
    this(subject, username, email, false);
  }
}
