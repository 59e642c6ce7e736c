package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.portal.support.TestKeycloak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The OpenAPI document the CLI, scripts and Swagger UI read declares how to sign in and what each
 * operation answers, and passes Redocly's linter with its recommended rules: not one error.
 */
@PortalTest
class OpenApiLintTest {

  /** Runs on Node.js 18 (Debian 12's) and later. */
  static final String REDOCLY = "@redocly/cli@1.34.5";

  @LocalServerPort int port;

  @Test
  void theServedDocumentHasNoLintError() throws Exception {
    Api.Response served = Api.as(port, null).get("/v3/api-docs");
    assertThat(served.status()).isEqualTo(200);
    Path document = Files.createDirectories(Path.of("target/openapi")).resolve("atrium-api.json").toAbsolutePath();
    Files.writeString(document, served.body());

    JsonNode api = served.json();
    assertThat(api.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(api.at("/components/securitySchemes/keycloak/flows/authorizationCode/tokenUrl").asText())
        .as("Swagger UI signs in through the identity provider")
        .isEqualTo(TestKeycloak.issuer() + "/protocol/openid-connect/token");
    assertThat(api.at("/paths/~1api~1v1~1tenants/post/responses").has("201")).as("a create answers 201").isTrue();
    assertThat(api.at("/paths/~1api~1v1~1tenants/post/responses/409/content/application~1problem+json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/Problem");

    Process lint =
        new ProcessBuilder(List.of("npx", "--yes", REDOCLY, "lint", "--format=json", document.toString()))
            .redirectError(ProcessBuilder.Redirect.appendTo(document.resolveSibling("lint.log").toFile()))
            .start();
    String report = new String(lint.getInputStream().readAllBytes());
    assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("redocly lint finished").isTrue();
    Files.writeString(document.resolveSibling("lint.json"), report);
    assertThat(report).as("redocly's report (its errors are in " + document.resolveSibling("lint.log") + ")").contains("{");
    JsonNode totals = new ObjectMapper().readTree(report.substring(report.indexOf('{'))).path("totals");
    assertThat(totals.isObject()).as("the report has totals").isTrue();
    System.out.printf("redocly lint: %d errors, %d warnings (report in %s)%n",
        totals.path("errors").asInt(), totals.path("warnings").asInt(), document.resolveSibling("lint.json"));
    assertThat(totals.path("errors").asInt()).as("errors in " + document.resolveSibling("lint.json")).isZero();
    assertThat(totals.path("warnings").asInt()).as("warnings in " + document.resolveSibling("lint.json")).isZero();
    assertThat(lint.exitValue()).as("redocly's exit code").isZero();
    assertThat(api.at("/paths/~1api~1v1~1tenants~1{slug}/get/responses/200/content/application~1json/schema/$ref").asText())
        .as("a response names its schema, which carries an example").isNotEmpty();
  }
}
