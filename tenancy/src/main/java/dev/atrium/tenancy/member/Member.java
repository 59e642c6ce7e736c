package dev.atrium.tenancy.member;

import java.time.Instant;

/**
 * A person's membership of one tenant. Before their first sign-in only {@code username} or {@code
 * email} is known; afterwards {@code subject} too.
 */
public record Member(long id, String subject, String username, String email, TenantRole role, Instant addedAt) {

  /** How people name this member: username, else email. */
  public String name() {
    return username != null ? username : email;
  }
}
