package dev.atrium.portal.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Two doors: browsers sign in through Keycloak (authorization code flow, RP-initiated logout);
 * {@code /api/**} takes Keycloak access tokens whose issuer, signature, expiry and audience are
 * checked, and answers 401/403 as problem+json. Platform roles come from the token's realm roles; a
 * browser session reads them again every few minutes ({@link PlatformRoleRefresh}).
 */
@Configuration
@EnableWebSecurity
class SecurityConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, ObjectMapper json) throws Exception {
    JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
    roles.setJwtGrantedAuthoritiesConverter(jwt -> authorities(Caller.realmRoles(jwt.getClaims())));
    return http.securityMatcher("/api/**")
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .oauth2ResourceServer(
            server ->
                server
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(roles))
                    .authenticationEntryPoint(ProblemEntryPoints.unauthorized(json))
                    .accessDeniedHandler(ProblemEntryPoints.forbidden(json)))
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(ProblemEntryPoints.unauthorized(json))
                    .accessDeniedHandler(ProblemEntryPoints.forbidden(json)))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain portal(
      HttpSecurity http,
      ClientRegistrationRepository registrations,
      OAuth2AuthorizedClientRepository clients,
      GrantedAuthoritiesMapper roles,
      OidcSettings settings,
      Clock clock)
      throws Exception {
    http.addFilterAfter(
        new PlatformRoleRefresh(registrations, clients, roles, settings.roleCheckInterval(), clock), SecurityContextHolderFilter.class);
    http.authorizeHttpRequests(
        requests ->
            requests
                .requestMatchers(
                    // the actuator answers on the management port only; on the portal's port it is a 404
                    "/actuator", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**",
                    "/swagger-ui.html", "/swagger-ui/**")
                .permitAll());
    return http.with(
            VaadinSecurityConfigurer.vaadin(),
            vaadin ->
                vaadin.oauth2LoginPage(
                    "/oauth2/authorization/" + KeycloakClientRegistrations.REGISTRATION_ID, "{baseUrl}"))
        .build();
  }

  @Bean
  ClientRegistrationRepository clientRegistrations(OidcIssuer issuer, OidcSettings settings) {
    return new KeycloakClientRegistrations(issuer, settings);
  }

  /** Resolved on first use, like the client registration, so start-up does not wait for Keycloak. */
  @Bean
  JwtDecoder jwtDecoder(OidcIssuer issuer, OidcSettings settings) {
    return new SupplierJwtDecoder(
        () -> {
          issuer.awaitReady();
          NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer.uri()).build();
          decoder.setJwtValidator(
              new DelegatingOAuth2TokenValidator<>(
                  new JwtTimestampValidator(settings.clockSkew()),
                  new JwtIssuerValidator(issuer.uri()),
                  new JwtClaimValidator<List<String>>(
                      JwtClaimNames.AUD, aud -> aud != null && aud.contains(settings.audience()))));
          return decoder;
        });
  }

  /** Browser sessions: the ID token's realm roles become Spring roles, e.g. ROLE_platform-admin. */
  @Bean
  GrantedAuthoritiesMapper platformRolesFromIdToken() {
    return authorities -> {
      List<GrantedAuthority> mapped = new ArrayList<>(authorities);
      for (GrantedAuthority authority : authorities) {
        if (authority instanceof OidcUserAuthority oidc) {
          mapped.addAll(authorities(Caller.realmRoles(oidc.getIdToken().getClaims())));
        }
      }
      return mapped;
    };
  }

  private static Collection<GrantedAuthority> authorities(List<String> roles) {
    return roles.stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
  }
}
