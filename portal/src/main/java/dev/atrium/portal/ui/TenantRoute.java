package dev.atrium.portal.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.tenant.Tenant;
import dev.atrium.tenancy.tenant.TenantService;
import java.util.Optional;

/** The tenant a view's {@code :slug} names, or Atrium's 404 page for one the person cannot see. */
public final class TenantRoute {

  private TenantRoute() {}

  /** The tenant; empty after rerouting to the not-found page (the same for a foreign and a missing tenant). */
  public static Optional<Tenant> enter(BeforeEnterEvent event, TenantService tenants, Actor actor) {
    String slug = event.getRouteParameters().get("slug").orElse("");
    try {
      return Optional.of(tenants.get(actor, slug).tenant());
    } catch (NotFoundException e) {
      event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, e.getMessage());
      return Optional.empty();
    }
  }
}
