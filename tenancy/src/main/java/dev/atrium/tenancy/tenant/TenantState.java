package dev.atrium.tenancy.tenant;

/** A suspended tenant keeps what runs but is admitted nothing new. */
public enum TenantState {
  ACTIVE,
  SUSPENDED
}
