package dev.atrium.portal.ui;

import com.vaadin.flow.server.VaadinSession;
import dev.atrium.tenancy.member.TenantMembership;
import java.util.List;
import java.util.Optional;

/** The tenant chosen in the drawer's switcher, kept for the browser session. */
public final class CurrentTenant {

  private static final String KEY = "atrium.current-tenant";

  private CurrentTenant() {}

  /** The chosen tenant if the person still belongs to it, else their first tenant. */
  public static Optional<TenantMembership> of(List<TenantMembership> memberships) {
    Object slug = VaadinSession.getCurrent().getAttribute(KEY);
    return memberships.stream()
        .filter(m -> m.tenant().slug().equals(slug))
        .findFirst()
        .or(() -> memberships.stream().findFirst());
  }

  public static void choose(String slug) {
    VaadinSession.getCurrent().setAttribute(KEY, slug);
  }
}
