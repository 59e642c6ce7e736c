package dev.atrium.portal.api.tenant;

import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.TenantDetails;
import java.time.Instant;
import io.swagger.v3.oas.annotations.media.Schema;

/** A tenant as the API shows it. */
@Schema(example = "{\"slug\":\"acme\",\"displayName\":\"Acme\",\"state\":\"ACTIVE\",\"quota\":{\"cpuMillis\":4000,\"memoryMiB\":8192,\"gpus\":0,\"workloads\":20},\"usage\":{\"cpuMillis\":1500,\"memoryMiB\":2048,\"gpus\":0,\"workloads\":3},\"createdAt\":\"2026-11-01T09:00:00Z\"}")
record TenantJson(String slug, String displayName, String state, Quota quota, Quota usage, Instant createdAt) {

  static TenantJson of(TenantDetails details) {
    var t = details.tenant();
    return new TenantJson(
        t.slug(), t.displayName(), t.state().name(), details.quota().quota(), details.quota().usage(), t.createdAt());
  }
}
