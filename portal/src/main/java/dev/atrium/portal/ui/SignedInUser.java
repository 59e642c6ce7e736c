package dev.atrium.portal.ui;

import com.vaadin.flow.spring.annotation.SpringComponent;
import com.vaadin.flow.spring.annotation.UIScope;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.TenantMembership;
import java.util.List;
import org.springframework.security.core.context.SecurityContextHolder;

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

  public Caller caller() {
    return Caller.of(SecurityContextHolder.getContext().getAuthentication());
  }

  public List<TenantMembership> tenants() {
    return memberships.tenantsOf(caller().identity());
  }

  /** Ends the portal session and the Keycloak session (RP-initiated logout). */
  public void signOut() {
    authentication.logout();
  }
}
