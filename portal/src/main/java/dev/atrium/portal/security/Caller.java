package dev.atrium.portal.security;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.member.Identity;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The person or client behind a request, read from the identity provider's claims, the same way for
 * a browser session (ID token) and an API call (access token).
 */
public record Caller(Identity identity, String displayName, Set<String> platformRoles) {

  public static final String PLATFORM_ADMIN = "platform-admin";
  public static final String BILLING_READER = "billing-reader";
  /** The realm roles that mean something platform-wide; other realm roles are ignored. */
  static final Set<String> PLATFORM_ROLES = Set.of(PLATFORM_ADMIN, BILLING_READER);

  /** The caller as the services know them. */
  public Actor actor() {
    return Actor.of(identity, platformRoles);
  }

  public boolean isPlatformAdmin() {
    return platformRoles.contains(PLATFORM_ADMIN);
  }

  public static Caller of(Authentication authentication) {
    Map<String, Object> claims = Map.of();
    if (authentication instanceof JwtAuthenticationToken jwt) {
      claims = jwt.getToken().getClaims();
    } else if (authentication.getPrincipal() instanceof OidcUser user) {
      claims = user.getClaims();
    }
    Set<String> roles = new TreeSet<>();
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      String name = authority.getAuthority();
      if (name.startsWith("ROLE_") && PLATFORM_ROLES.contains(name.substring(5))) {
        roles.add(name.substring(5));
      }
    }
    String username = string(claims, "preferred_username");
    String name = string(claims, "name");
    return new Caller(
        new Identity(string(claims, "sub"), username, string(claims, "email"), verified(claims.get("email_verified"))),
        name != null ? name : username != null ? username : authentication.getName(),
        Set.copyOf(roles));
  }

  private static boolean verified(Object claim) {
    return Boolean.TRUE.equals(claim) || "true".equals(claim);
  }

  /** The platform roles in a token's {@code realm_access.roles} claim. */
  static List<String> realmRoles(Map<String, Object> claims) {
    if (claims.get("realm_access") instanceof Map<?, ?> access
        && access.get("roles") instanceof Collection<?> roles) {
      return roles.stream().map(String::valueOf).filter(PLATFORM_ROLES::contains).toList();
    }
    return List.of();
  }

  private static String string(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    return value == null ? null : value.toString();
  }
}
