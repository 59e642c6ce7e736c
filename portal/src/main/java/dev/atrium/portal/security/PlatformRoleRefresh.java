package dev.atrium.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.client.RestClient;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Platform roles live in the identity provider and reach a browser session in its ID token, so by
 * themselves they would hold until the session ends. Every {@code atrium.oidc.role-check-interval}
 * a session's tokens are refreshed and its platform roles re-read from the new ID token: a platform
 * admin whose role is removed loses the console at the next check. A refresh the identity provider
 * refuses (the person is disabled or their SSO session ended) signs the session out; an identity
 * provider that cannot be reached keeps the roles as they were until the next check. Tenant roles are
 * read from the database on every call and need none of this.
 */
final class PlatformRoleRefresh extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(PlatformRoleRefresh.class);
  static final String CHECKED_AT = PlatformRoleRefresh.class.getName() + ".checkedAt";

  private final ClientRegistrationRepository registrations;
  private final OAuth2AuthorizedClientRepository clients;
  private final GrantedAuthoritiesMapper roles;
  private final Duration interval;
  private final Clock clock;
  private final RestClientRefreshTokenTokenResponseClient tokenEndpoint = tokenEndpoint();
  private final OidcIdTokenDecoderFactory idTokens = new OidcIdTokenDecoderFactory();
  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

  PlatformRoleRefresh(
      ClientRegistrationRepository registrations,
      OAuth2AuthorizedClientRepository clients,
      GrantedAuthoritiesMapper roles,
      Duration interval,
      Clock clock) {
    this.registrations = registrations;
    this.clients = clients;
    this.roles = roles;
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * The token endpoint's client as Spring Security configures it, with timeouts: the check holds the
   * session's lock, so a Keycloak that hangs must not hold the session's requests for long.
   */
  private static RestClientRefreshTokenTokenResponseClient tokenEndpoint() {
    SimpleClientHttpRequestFactory timeouts = new SimpleClientHttpRequestFactory();
    timeouts.setConnectTimeout(Duration.ofSeconds(5));
    timeouts.setReadTimeout(Duration.ofSeconds(5));
    RestClientRefreshTokenTokenResponseClient client = new RestClientRefreshTokenTokenResponseClient();
    client.setRestClient(
        RestClient.builder()
            .requestFactory(timeouts)
            .messageConverters(
                converters -> {
                  converters.clear();
                  converters.add(new FormHttpMessageConverter());
                  converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
            .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
            .build());
    return client;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    if (session != null && SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken) {
      // One check at a time per session: Vaadin sends a session's requests in parallel at times.
      synchronized (WebUtils.getSessionMutex(session)) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken signedIn && due(session)) {
          session.setAttribute(CHECKED_AT, clock.instant());
          refresh(signedIn, request, response);
        }
      }
    }
    chain.doFilter(request, response);
  }

  private boolean due(HttpSession session) {
    Instant checked = (Instant) session.getAttribute(CHECKED_AT);
    if (checked == null) { // signed in just now: the roles are fresh
      session.setAttribute(CHECKED_AT, clock.instant());
      return false;
    }
    return !clock.instant().isBefore(checked.plus(interval));
  }

  private void refresh(OAuth2AuthenticationToken signedIn, HttpServletRequest request, HttpServletResponse response) {
    OAuth2AuthorizedClient client = clients.loadAuthorizedClient(signedIn.getAuthorizedClientRegistrationId(), signedIn, request);
    if (client == null || client.getRefreshToken() == null || !(signedIn.getPrincipal() instanceof OidcUser user)) {
      log.warn("Could not re-read the platform roles of {}: the session holds no refresh token", signedIn.getName());
      return;
    }
    ClientRegistration registration = registrations.findByRegistrationId(signedIn.getAuthorizedClientRegistrationId());
    OAuth2AccessTokenResponse tokens;
    OidcIdToken idToken = null;
    try {
      tokens = tokenEndpoint.getTokenResponse(new OAuth2RefreshTokenGrantRequest(registration, client.getAccessToken(), client.getRefreshToken()));
      // Kept before anything else can fail: the identity provider may have retired the old refresh token.
      clients.saveAuthorizedClient(
          new OAuth2AuthorizedClient(
              registration,
              client.getPrincipalName(),
              tokens.getAccessToken(),
              tokens.getRefreshToken() != null ? tokens.getRefreshToken() : client.getRefreshToken()),
          signedIn,
          request,
          response);
      Object idTokenValue = tokens.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN);
      if (idTokenValue != null) {
        Jwt jwt = idTokens.createDecoder(registration).decode(idTokenValue.toString());
        idToken = new OidcIdToken(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getClaims());
      }
    } catch (OAuth2AuthorizationException e) {
      if ("invalid_grant".equals(e.getError().getErrorCode())) {
        log.info("Signing out {}: the identity provider refused to refresh the session ({})", signedIn.getName(), e.getError());
        signOut(request);
      } else {
        log.warn("Could not re-read the platform roles of {}: {}", signedIn.getName(), e.getMessage());
      }
      return;
    } catch (RuntimeException e) { // unreachable, or an ID token that does not verify: try again at the next check
      log.warn("Could not re-read the platform roles of {}: {}", signedIn.getName(), e.getMessage());
      return;
    }
    if (idToken == null) {
      log.warn("Could not re-read the platform roles of {}: the refreshed tokens hold no ID token", signedIn.getName());
      return;
    }
    if (!user.getSubject().equals(idToken.getSubject())) {
      signOut(request);
      return;
    }
    List<GrantedAuthority> kept = new ArrayList<>();
    for (GrantedAuthority authority : signedIn.getAuthorities()) {
      if (!(authority instanceof OidcUserAuthority) && !authority.getAuthority().startsWith("ROLE_")) {
        kept.add(authority); // e.g. the granted scopes
      }
    }
    kept.add(new OidcUserAuthority(idToken, user.getUserInfo()));
    List<GrantedAuthority> authorities = List.copyOf(roles.mapAuthorities(kept));
    String nameKey = registration.getProviderDetails().getUserInfoEndpoint().getUserNameAttributeName();
    OidcUser refreshed =
        nameKey == null || nameKey.isEmpty()
            ? new DefaultOidcUser(authorities, idToken, user.getUserInfo())
            : new DefaultOidcUser(authorities, idToken, user.getUserInfo(), nameKey);
    OAuth2AuthenticationToken authentication =
        new OAuth2AuthenticationToken(refreshed, authorities, signedIn.getAuthorizedClientRegistrationId());
    authentication.setDetails(signedIn.getDetails());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
  }

  private static void signOut(HttpServletRequest request) {
    SecurityContextHolder.clearContext();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }
}
