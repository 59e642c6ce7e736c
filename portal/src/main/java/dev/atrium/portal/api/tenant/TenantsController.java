package dev.atrium.portal.api.tenant;

import dev.atrium.portal.api.idempotency.Idempotency;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.quota.QuotaService;
import dev.atrium.tenancy.quota.QuotaUsage;
import dev.atrium.tenancy.tenant.NewTenant;
import dev.atrium.tenancy.tenant.TenantChange;
import dev.atrium.tenancy.tenant.TenantService;
import dev.atrium.tenancy.tenant.TenantState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ResponseStatus;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants and quotas", description = "Tenants, their state and their quotas")
class TenantsController {

  @Schema(example = "{\"slug\":\"initech\",\"displayName\":\"Initech\",\"quota\":{\"cpuMillis\":4000,\"memoryMiB\":8192,\"gpus\":0,\"workloads\":20}}")
  record CreateTenant(String slug, String displayName, QuotaBody quota) {}

  @Schema(example = "{\"state\":\"SUSPENDED\"}")
  record PatchTenant(String displayName, TenantState state) {}

  @Schema(example = "{\"quota\":{\"cpuMillis\":4000,\"memoryMiB\":8192,\"gpus\":0,\"workloads\":20},\"usage\":{\"cpuMillis\":1500,\"memoryMiB\":2048,\"gpus\":0,\"workloads\":3},\"version\":7}")
  record QuotaJson(Quota quota, Quota usage, long version) {
    static QuotaJson of(QuotaUsage usage) {
      return new QuotaJson(usage.quota(), usage.usage(), usage.version());
    }
  }

  private final TenantService tenants;
  private final QuotaService quotas;
  private final Idempotency idempotency;

  TenantsController(TenantService tenants, QuotaService quotas, Idempotency idempotency) {
    this.tenants = tenants;
    this.quotas = quotas;
    this.idempotency = idempotency;
  }

  @GetMapping
  @Operation(summary = "Tenants: every tenant for platform admins, one's own for everyone else")
  Page<TenantJson> list(
      Authentication auth, @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
    return tenants.list(Caller.of(auth).actor(), PageRequest.of(cursor, limit)).map(TenantJson::of);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED) // documents it; the answer sets it with its Location
  @Operation(summary = "Create a tenant with its quota (platform admins)")
  ResponseEntity<?> create(
      Authentication auth,
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @RequestBody CreateTenant body) {
    Caller caller = Caller.of(auth);
    return idempotency.run(
        caller,
        key,
        "POST /api/v1/tenants",
        body,
        () -> {
          Validator validator = new Validator();
          Quota quota = body.quota() == null ? null : body.quota().toQuota(validator, "quota.");
          if (body.quota() != null && quota == null) {
            validator.throwIfInvalid();
          }
          TenantJson created =
              TenantJson.of(tenants.create(caller.actor(), new NewTenant(body.slug(), body.displayName(), quota)));
          return ResponseEntity.created(URI.create("/api/v1/tenants/" + created.slug())).body(created);
        });
  }

  @GetMapping("/{slug}")
  @Operation(summary = "A tenant: its state, quota and the usage held now (members, platform admins)")
  TenantJson get(Authentication auth, @PathVariable String slug) {
    return TenantJson.of(tenants.get(Caller.of(auth).actor(), slug));
  }

  @PatchMapping("/{slug}")
  @Operation(summary = "Rename, suspend (state SUSPENDED) or resume (state ACTIVE) a tenant (platform admins)")
  TenantJson patch(Authentication auth, @PathVariable String slug, @RequestBody PatchTenant body) {
    return TenantJson.of(tenants.update(Caller.of(auth).actor(), slug, new TenantChange(body.displayName(), body.state())));
  }

  @GetMapping("/{slug}/quota")
  @Operation(summary = "The tenant's quota and the usage held now, with an ETag for a later PUT (members, platform admins)")
  ResponseEntity<QuotaJson> quota(Authentication auth, @PathVariable String slug) {
    QuotaUsage usage = quotas.get(Caller.of(auth).actor(), slug);
    return ResponseEntity.ok().eTag(Long.toString(usage.version())).body(QuotaJson.of(usage));
  }

  @PutMapping("/{slug}/quota")
  @Operation(
      summary = "Set a tenant's limits (platform admins)",
      description = "Send If-Match with the ETag of a GET to refuse the write (409) if someone changed the quota since.")
  ResponseEntity<QuotaJson> setQuota(
      Authentication auth,
      @PathVariable String slug,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @RequestBody QuotaBody body) {
    Validator validator = new Validator();
    Quota quota = body.toQuota(validator, "");
    validator.throwIfInvalid();
    QuotaUsage usage = quotas.set(Caller.of(auth).actor(), slug, quota, version(ifMatch));
    return ResponseEntity.status(HttpStatus.OK).eTag(Long.toString(usage.version())).body(QuotaJson.of(usage));
  }

  private static Long version(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return null;
    }
    try {
      return Long.parseLong(ifMatch.trim().replace("W/", "").replace("\"", ""));
    } catch (NumberFormatException e) {
      throw ValidationException.of("If-Match", "must be an ETag of this quota, e.g. \"3\"");
    }
  }
}
