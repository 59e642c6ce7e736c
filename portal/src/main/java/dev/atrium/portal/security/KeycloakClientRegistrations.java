package dev.atrium.portal.security;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.util.function.SingletonSupplier;

/**
 * The portal's one browser client at the issuer. Resolved from the issuer's discovery document on
 * first use rather than at start-up, so that the portal can start while Keycloak is still booting.
 */
final class KeycloakClientRegistrations implements ClientRegistrationRepository {

  static final String REGISTRATION_ID = "keycloak";

  private final SingletonSupplier<ClientRegistration> registration;

  KeycloakClientRegistrations(OidcIssuer issuer, OidcSettings settings) {
    this.registration =
        SingletonSupplier.of(
            () -> {
              issuer.awaitReady();
              return ClientRegistrations.fromIssuerLocation(issuer.uri())
                  .registrationId(REGISTRATION_ID)
                  .clientId(settings.clientId())
                  .clientSecret(settings.clientSecret())
                  .scope("openid", "profile", "email")
                  // PKCE on top of the client secret, as the realm's client requires (OAuth 2.1).
                  .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                  .build();
            });
  }

  @Override
  public ClientRegistration findByRegistrationId(String registrationId) {
    return REGISTRATION_ID.equals(registrationId) ? registration.obtain() : null;
  }
}
