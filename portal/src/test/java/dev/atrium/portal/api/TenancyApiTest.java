package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The tenants, quota, members and audit endpoints of the REST contract, over HTTP with real tokens. */
@PortalTest
class TenancyApiTest {

  @LocalServerPort int port;

  private Api ada() {
    return Api.as(port, "ada");
  }

  private static String slug() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String tenantJson(String slug, String name, String quota) {
    return "{\"slug\":\"" + slug + "\",\"displayName\":" + name + ",\"quota\":" + quota + "}";
  }

  private static final String QUOTA = "{\"cpuMillis\":2000,\"memoryMiB\":4096,\"gpus\":0,\"workloads\":5}";

  @Test
  void aPlatformAdminCreatesATenantAndReadsItBack() {
    String slug = slug();
    Api.Response created = ada().post("/api/v1/tenants", tenantJson(slug, "\"Initech\"", QUOTA));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/v1/tenants/" + slug);
    JsonNode tenant = ada().get("/api/v1/tenants/" + slug).json();
    assertThat(tenant.get("displayName").asText()).isEqualTo("Initech");
    assertThat(tenant.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(tenant.get("quota").toString()).isEqualTo(QUOTA);
    assertThat(tenant.get("usage").toString()).isEqualTo("{\"cpuMillis\":0,\"memoryMiB\":0,\"gpus\":0,\"workloads\":0}");
    assertThat(tenant.get("createdAt").asText()).endsWith("Z");
  }

  static Stream<Arguments> badTenants() {
    return Stream.of(
        Arguments.of(tenantJson("Bad_Slug", "\"X\"", QUOTA), "slug"),
        Arguments.of(tenantJson("ok-slug-1", "\"\"", QUOTA), "displayName"),
        Arguments.of(tenantJson("ok-slug-2", "\"" + "x".repeat(10_000) + "\"", QUOTA), "displayName"),
        Arguments.of(tenantJson("ok-slug-3", "\"Ini\\u202Etech\"", QUOTA), "displayName"),
        Arguments.of(tenantJson("ok-slug-4", "\"X\"", QUOTA.replace("2000", "-5")), "quota.cpuMillis"),
        Arguments.of(tenantJson("ok-slug-5", "\"X\"", QUOTA.replace("4096", "1000000001")), "quota.memoryMiB"),
        Arguments.of(tenantJson("ok-slug-6", "\"X\"", QUOTA.replace("4096", "99999999999999999999999")), "quota.memoryMiB"),
        Arguments.of(tenantJson("ok-slug-7", "\"X\"", QUOTA.replace("\"gpus\":0,", "")), "quota.gpus"),
        Arguments.of(tenantJson("ok-slug-8", "\"X\"", QUOTA.replace("5}", "\"many\"}")), "quota.workloads"),
        Arguments.of("{not json", "body"));
  }

  @ParameterizedTest
  @MethodSource("badTenants")
  void badInputIsA400NamingTheFieldAndCreatesNothing(String body, String field) {
    long auditBefore = newestAuditId();

    Api.Response response = ada().post("/api/v1/tenants", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).contains("application/problem+json");
    assertThat(response.json().get("code").asText()).isEqualTo("validation_failed");
    assertThat(response.json().get("errors").findValuesAsText("field")).contains(field);
    assertThat(newestAuditId()).as("no audit event").isEqualTo(auditBefore);
    for (int i = 1; i <= 8; i++) {
      assertThat(ada().get("/api/v1/tenants/ok-slug-" + i).status()).isEqualTo(404);
    }
  }

  @Test
  void aDuplicateSlugIsA409Conflict() {
    Api.Response response = ada().post("/api/v1/tenants", tenantJson("acme", "\"Acme again\"", QUOTA));
    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().get("code").asText()).isEqualTo("conflict");
    assertThat(ada().get("/api/v1/tenants/acme").json().get("displayName").asText()).isEqualTo("Acme Corporation");
  }

  @Test
  void theSameIdempotencyKeyReplaysTheFirstAnswerAndAnotherBodyIs422() {
    String slug = slug();
    String key = UUID.randomUUID().toString();
    Api.Response first = ada().header("Idempotency-Key", key).post("/api/v1/tenants", tenantJson(slug, "\"Once\"", QUOTA));
    Api.Response again = ada().header("Idempotency-Key", key).post("/api/v1/tenants", tenantJson(slug, "\"Once\"", QUOTA));
    Api.Response other = ada().header("Idempotency-Key", key).post("/api/v1/tenants", tenantJson(slug(), "\"Other\"", QUOTA));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Location")).endsWith("/api/v1/tenants/" + slug);
    assertThat(again.header("Location")).as("the replay answers the same Location").isEqualTo(first.header("Location"));
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().get("code").asText()).isEqualTo("idempotency_key_reused");
    long created = ada().get("/api/v1/audit?tenant=" + slug).json().get("items").findValuesAsText("action").stream()
        .filter("tenant.create"::equals).count();
    assertThat(created).isEqualTo(1);
  }

  @Test
  void aStaleQuotaWriteIs409AndLosesNothing() {
    String slug = slug();
    ada().post("/api/v1/tenants", tenantJson(slug, "\"Quota\"", QUOTA));
    String etag = ada().get("/api/v1/tenants/" + slug + "/quota").header("ETag");

    Api.Response first = ada().header("If-Match", etag).put("/api/v1/tenants/" + slug + "/quota", QUOTA.replace("2000", "3000"));
    Api.Response stale = ada().header("If-Match", etag).put("/api/v1/tenants/" + slug + "/quota", QUOTA.replace("4096", "1"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(stale.status()).isEqualTo(409);
    JsonNode quota = ada().get("/api/v1/tenants/" + slug + "/quota").json().get("quota");
    assertThat(quota.get("cpuMillis").asLong()).isEqualTo(3000);
    assertThat(quota.get("memoryMiB").asLong()).isEqualTo(4096);
  }

  @Test
  void suspendingIsAuditedWithBeforeAndAfter() {
    String slug = slug();
    ada().post("/api/v1/tenants", tenantJson(slug, "\"Suspendable\"", QUOTA));

    Api.Response suspended = ada().patch("/api/v1/tenants/" + slug, "{\"state\":\"SUSPENDED\"}");

    assertThat(suspended.json().get("state").asText()).isEqualTo("SUSPENDED");
    JsonNode event = ada().get("/api/v1/audit?tenant=" + slug).json().get("items").get(0);
    assertThat(event.get("action").asText()).isEqualTo("tenant.suspend");
    assertThat(event.get("actor").asText()).isEqualTo("ada");
    assertThat(event.get("before").get("state").asText()).isEqualTo("ACTIVE");
    assertThat(event.get("after").get("state").asText()).isEqualTo("SUSPENDED");
    assertThat(ada().patch("/api/v1/tenants/" + slug, "{\"state\":\"FROZEN\"}").json().get("errors").findValuesAsText("field"))
        .containsExactly("state");
  }

  @Test
  void listsArePagedWithACursor() {
    for (int i = 0; i < 3; i++) {
      ada().post("/api/v1/tenants", tenantJson(slug(), "\"Paged\"", QUOTA));
    }
    JsonNode first = ada().get("/api/v1/tenants?limit=2").json();
    assertThat(first.get("items")).hasSize(2);
    String cursor = first.get("nextCursor").asText();
    JsonNode second = ada().get("/api/v1/tenants?limit=2&cursor=" + cursor).json();
    assertThat(second.get("items").get(0).get("slug").asText()).isGreaterThan(first.get("items").get(1).get("slug").asText());
    assertThat(ada().get("/api/v1/tenants?limit=501").status()).isEqualTo(400);
    assertThat(ada().get("/api/v1/tenants?cursor=garbage!").json().get("errors").findValuesAsText("field")).containsExactly("cursor");
  }

  @Test
  void aTenantAdminManagesMembersAndTheirRoles() {
    Api alice = Api.as(port, "alice");
    String name = "m" + UUID.randomUUID().toString().substring(0, 6);

    assertThat(alice.post("/api/v1/tenants/acme/members", "{\"username\":\"" + name + "\",\"role\":\"tenant-viewer\"}").status())
        .isEqualTo(201);
    assertThat(alice.patch("/api/v1/tenants/acme/members/" + name, "{\"role\":\"tenant-member\"}").json().get("role").asText())
        .isEqualTo("tenant-member");
    assertThat(alice.post("/api/v1/tenants/acme/members", "{\"username\":\"x\",\"role\":\"owner\"}").json().get("errors").findValuesAsText("field"))
        .containsExactly("role");
    assertThat(alice.delete("/api/v1/tenants/acme/members/" + name).status()).isEqualTo(204);
    List<String> names = alice.get("/api/v1/tenants/acme/members").json().get("items").findValuesAsText("username");
    assertThat(names).contains("alice", "carol").doesNotContain(name);
  }

  @Test
  void theOpenApiDocumentDescribesTheApi() {
    Api.Response docs = Api.as(port, null).get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().get("paths").has("/api/v1/tenants/{slug}/quota")).isTrue();
    assertThat(docs.json().get("paths").has("/api/v1/audit")).isTrue();
    assertThat(Api.as(port, null).get("/swagger-ui/index.html").status()).isEqualTo(200);
  }

  private long newestAuditId() {
    JsonNode items = ada().get("/api/v1/audit?limit=1").json().get("items");
    return items.isEmpty() ? 0 : items.get(0).get("id").asLong();
  }
}
