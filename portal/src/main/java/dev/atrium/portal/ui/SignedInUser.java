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

  /** Ends the portal session and the Keycloak session (RP-initiated logout). */
  public void signOut() {
    authentication.logout();
  }
}
