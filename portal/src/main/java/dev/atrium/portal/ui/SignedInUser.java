package dev.atrium.portal.ui;

import com.vaadin.flow.spring.annotation.SpringComponent;
import com.vaadin.flow.spring.annotation.UIScope;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.TenantMembership;
import java.util.List;
import com.vaadin.flow.server.VaadinSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/** The signed-in person as the views see them: who, which tenants, and signing out. */
@SpringComponent
@UIScope
public class SignedInUser {

  private final AuthenticationContext authentication;
  private final MembershipService memberships;

  SignedInUser(AuthenticationContext authentication, MembershipService memberships) {
    this.authentication = authentication;
    this.memberships = memberships;
  }

  /**
   * Who is signed in now. Outside a request (a view refreshed by a push from another thread) it is
   * read from the HTTP session, where the sign-in and each re-read of the platform roles keep it.
   */
  public Caller caller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    VaadinSession session = VaadinSession.getCurrent();
    if (authentication == null && session != null
        && session.getSession().getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) instanceof SecurityContext kept) {
      authentication = kept.getAuthentication();
    }
    if (authentication == null) {
      throw new IllegalStateException("no one is signed in to this session");
    }
    return Caller.of(authentication);
  }

  public List<TenantMembership> tenants() {
    return memberships.tenantsOf(caller().identity());
  }

  /**
   * Why this person may not do what needs {@code need} in the tenant {@code slug}, if they may not;
   * the console disables the action and says this beside it. The services check again on submit.
   */
  public java.util.Optional<String> refusal(String slug, dev.atrium.tenancy.access.TenantAccess.Need need) {
    if (caller().isPlatformAdmin()) {
      return java.util.Optional.empty();
    }
    return tenants().stream()
        .filter(m -> m.tenant().slug().equals(slug))
        .findFirst()
        .map(m -> dev.atrium.tenancy.access.TenantAccess.refusal(need, m.role(), slug))
        .orElse(java.util.Optional.of("You are not a member of tenant " + slug + "."));
  }

  /** Ends the portal session and the Keycloak session (RP-initiated logout). */
  public void signOut() {
    authentication.logout();
  }
}
