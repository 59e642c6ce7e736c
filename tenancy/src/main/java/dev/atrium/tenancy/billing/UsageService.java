package dev.atrium.tenancy.billing;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.ScopeStore;
import dev.atrium.tenancy.access.TenantAccess;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage as billing and people read it: exports of every tenant (billing-readers and platform admins)
 * or of one tenant (its members), and the figures the portal draws.
 *
 * <p>An export is checked first ({@link #all}, {@link #ofTenant}) so that a bad request is answered
 * before anything is written, then streamed ({@link #write}) in its own read-only transaction.
 */
@Service
public class UsageService {

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final UsageStore store;
  private final TenantAccess access;
  private final TenantStore tenants;
  private final ScopeStore scope;
  private final dev.atrium.tenancy.metering.UsageMeter meter;

  UsageService(UsageStore store, TenantAccess access, TenantStore tenants, ScopeStore scope, dev.atrium.tenancy.metering.UsageMeter meter) {
    this.meter = meter;
    this.store = store;
    this.access = access;
    this.tenants = tenants;
    this.scope = scope;
  }

  /**
   * The billing export of every tenant, or of the one named by {@code tenant} (a slug; an unknown one
   * is a field error). Needs billing-reader or platform-admin, checked before the request's fields.
   */
  @Transactional(readOnly = true)
  public Export all(Actor actor, UsageRequest request) {
    checkPlatformWide(actor);
    UsageRequest.Parsed parsed = request.parse();
    String tenant = request.tenant();
    if (tenant == null || tenant.isBlank()) {
      return new Export(actor, parsed.query(), null, parsed.format());
    }
    Tenant one =
        tenants.findBySlug(tenant).orElseThrow(() -> ValidationException.of("tenant", "no tenant is called " + tenant));
    return new Export(actor, parsed.query(), one, parsed.format());
  }

  /**
   * One tenant's usage, for its members and platform admins (404 for anyone else). {@code tenant}, if
   * given, must name the same tenant: this way never reaches another tenant's rows.
   */
  @Transactional(readOnly = true)
  public Export ofTenant(Actor actor, String slug, UsageRequest request) {
    Tenant one = access.enter(actor, slug, TenantAccess.Need.READ);
    UsageRequest.Parsed parsed = request.parse();
    String tenant = request.tenant();
    if (tenant != null && !tenant.isBlank() && !tenant.equals(slug)) {
      throw ValidationException.of("tenant", "must be " + slug + " or left out here; /api/v1/usage is for other tenants");
    }
    return new Export(actor, parsed.query(), one, parsed.format());
  }

  /** One tenant's usage over {@code query}, for the portal. */
  @Transactional(readOnly = true)
  public Export ofTenant(Actor actor, String slug, UsageQuery query, ExportFormat format) {
    return new Export(actor, query, access.enter(actor, slug, TenantAccess.Need.READ), format);
  }

  /** The tenant's quota as it was over the query's range, for drawing it as it was. */
  @Transactional(readOnly = true)
  public java.util.List<dev.atrium.tenancy.metering.QuotaStep> quotaHistory(Actor actor, String slug, UsageQuery query) {
    Tenant tenant = access.enter(actor, slug, TenantAccess.Need.READ);
    return meter.quotaSteps(tenant.id(), query.from(), query.to());
  }

  /** Every tenant's usage over {@code query}, for the admin console. */
  @Transactional(readOnly = true)
  public Export all(Actor actor, UsageQuery query, ExportFormat format) {
    checkPlatformWide(actor);
    return new Export(actor, query, null, format);
  }

  private void checkPlatformWide(Actor actor) {
    if (!actor.billingReader() && !actor.platformAdmin()) {
      throw new ForbiddenException("The usage of all tenants needs the billing-reader or platform-admin role.");
    }
    scope.platform(actor, "usage export");
  }

  /** Streams the export's rows to {@code out} in {@code format}; memory does not grow with its size. */
  @Transactional(readOnly = true)
  public void write(Export export, OutputStream out) {
    enter(export);
    try (UsageWriter writer = export.format().open(out)) {
      store.stream(
          export.query(),
          export.tenant() == null ? null : export.tenant().id(),
          row -> {
            try {
              writer.write(row);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The export's rows in a list, for the portal's charts (bounded by the query's range). */
  @Transactional(readOnly = true)
  public List<UsageRow> rows(Export export) {
    enter(export);
    List<UsageRow> rows = new ArrayList<>();
    store.stream(export.query(), export.tenant() == null ? null : export.tenant().id(), rows::add);
    return rows;
  }

  /** Every tenant's totals over the query's range, for the admin console. */
  @Transactional(readOnly = true)
  public List<TenantUsage> totals(Actor actor, UsageQuery query) {
    checkPlatformWide(actor);
    return store.totals(query);
  }

  private void enter(Export export) {
    if (export.tenant() == null) {
      scope.platform(export.actor(), "usage export");
    } else if (export.actor().platformAdmin() || export.actor().billingReader()) {
      scope.platform(export.actor(), "usage export of " + export.tenant().slug());
      scope.tenant(export.tenant().id());
    } else {
      access.enter(export.actor(), export.tenant().slug(), TenantAccess.Need.READ);
    }
  }

  /** A checked export: who asked, which periods, one tenant or (null) all, and in which format. */
  public record Export(Actor actor, UsageQuery query, Tenant tenant, ExportFormat format) {

    /** e.g. {@code atrium-usage-acme-hour-20261124T0000Z-20261125T0000Z.csv} */
    public String filename() {
      return "atrium-usage-"
          + (tenant == null ? "all" : tenant.slug())
          + "-" + query.granularity().name().toLowerCase(Locale.ROOT)
          + (format == ExportFormat.FOCUS ? "-focus" : "")
          + "-" + FILE_TIME.format(query.from())
          + "-" + FILE_TIME.format(query.to())
          + "." + format.extension();
    }
  }
}
