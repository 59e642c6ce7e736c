package dev.atrium.portal.api.tenant;

import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.TenantDetails;
import java.time.Instant;

/** A tenant as the API shows it. */
record TenantJson(String slug, String displayName, String state, Quota quota, Quota usage, Instant createdAt) {

  static TenantJson of(TenantDetails details) {
    var t = details.tenant();
    return new TenantJson(
        t.slug(), t.displayName(), t.state().name(), details.quota().quota(), details.quota().usage(), t.createdAt());
  }
}
