package dev.atrium.tenancy.member;

import java.util.Arrays;
import java.util.Optional;

/** A member's role inside one tenant (platform-wide roles live in the identity provider). */
public enum TenantRole {
  TENANT_ADMIN("tenant-admin"),
  TENANT_MEMBER("tenant-member"),
  TENANT_VIEWER("tenant-viewer");

  private final String wireName;

  TenantRole(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the API, the database and the UI, e.g. {@code tenant-admin}. */
  public String wireName() {
    return wireName;
  }

  /** The role that may do more of the two (declared strongest first). */
  public static TenantRole stronger(TenantRole a, TenantRole b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }

  public static Optional<TenantRole> fromWireName(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
  }
}
