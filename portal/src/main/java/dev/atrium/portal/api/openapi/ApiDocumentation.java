package dev.atrium.portal.api.openapi;

import dev.atrium.portal.security.OidcIssuer;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}, which Swagger UI, the CLI and scripts read: who may
 * call (a bearer token from the identity provider, or signing in through it from Swagger UI with the
 * {@code atrium-cli} client), and the problem document every refusal answers ({@link ProblemResponses}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  static final String BEARER = "bearer";
  static final String OIDC = "keycloak";
  static final String PROBLEM = "Problem";

  @Bean
  OpenAPI atriumApi(OidcIssuer issuer) {
    String realm = issuer.uri();
    return new OpenAPI()
        .info(
            new Info()
                .title("Atrium API")
                .version("v1")
                .description(
                    "Tenants, quotas, members, workloads, reservations, usage exports and the fleet of an Atrium"
                        + " installation. Every call carries an access token of the identity provider (audience"
                        + " atrium-api); every refusal is an RFC 9457 problem document with a `code`.")
                .license(new License().name("Proprietary").identifier("LicenseRef-Atrium")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("An access token of the identity provider with audience atrium-api"))
                .addSecuritySchemes(
                    OIDC,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.OAUTH2)
                        .description("Sign in through the identity provider (Swagger UI uses the atrium-cli client)")
                        .flows(
                            new OAuthFlows()
                                .authorizationCode(
                                    new OAuthFlow()
                                        .authorizationUrl(realm + "/protocol/openid-connect/auth")
                                        .tokenUrl(realm + "/protocol/openid-connect/token")
                                        .refreshUrl(realm + "/protocol/openid-connect/token")
                                        .scopes(new Scopes().addString("openid", "who you are")))
                                .clientCredentials(
                                    new OAuthFlow()
                                        .tokenUrl(realm + "/protocol/openid-connect/token")
                                        .scopes(new Scopes()))))
                .addSchemas(PROBLEM, problem()))
        .addSecurityItem(new SecurityRequirement().addList(BEARER))
        .addSecurityItem(new SecurityRequirement().addList(OIDC, "openid"));
  }

  /** RFC 9457, with Atrium's members: {@code code} always, the others where they apply. */
  @SuppressWarnings("rawtypes")
  private static Schema<?> problem() {
    Schema<?> fieldError =
        new ObjectSchema()
            .addProperty("field", new StringSchema().example("resources.cpuMillis"))
            .addProperty("message", new StringSchema().example("must be at least 1"));
    return new ObjectSchema()
        .description("A refusal: what went wrong, for people (title, detail) and for programs (code)")
        .addProperty("type", new StringSchema().format("uri").example("https://atrium.dev/problems/quota-exceeded"))
        .addProperty("title", new StringSchema().example("Conflict"))
        .addProperty("status", new IntegerSchema().example(409))
        .addProperty("detail", new StringSchema().example("Tenant acme has 500 mCPU of its quota left; this needs 2000."))
        .addProperty("instance", new StringSchema().format("uri-reference"))
        .addProperty(
            "code",
            new StringSchema()
                .description("What went wrong, for programs; the responses of each operation list the codes it can answer")
                .example("quota_exceeded"))
        .addProperty("errors", new ArraySchema().items(fieldError).description("With validation_failed: each field that is wrong"))
        .addProperty("resource", new StringSchema().description("With quota_exceeded: the resource that does not fit").example("cpuMillis"))
        .addProperty("requested", new IntegerSchema().format("int64").description("With quota_exceeded"))
        .addProperty("available", new IntegerSchema().format("int64").description("With quota_exceeded"))
        .addProperty("at", new StringSchema().format("date-time").description("With quota_exceeded for a reservation: the instant it does not fit"))
        .addProperty(
            "earliestStart",
            new StringSchema().format("date-time").description("With capacity_unavailable: from when the same duration would fit"))
        .required(java.util.List.of("type", "title", "status", "code"));
  }
}
