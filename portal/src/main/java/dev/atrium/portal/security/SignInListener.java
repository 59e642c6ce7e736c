package dev.atrium.portal.security;

import dev.atrium.tenancy.member.MembershipService;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** On a browser sign-in, memberships made by username or email are bound to the person's subject. */
@Component
class SignInListener {

  private final MembershipService memberships;

  SignInListener(MembershipService memberships) {
    this.memberships = memberships;
  }

  @EventListener
  void onSignIn(InteractiveAuthenticationSuccessEvent event) {
    memberships.recordSignIn(Caller.of(event.getAuthentication()).identity());
  }
}
