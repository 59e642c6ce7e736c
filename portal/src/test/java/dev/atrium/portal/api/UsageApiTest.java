package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.portal.support.Tokens;
import dev.atrium.tenancy.metering.UsageMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The usage exports over HTTP with real tokens: who gets which tenants' rows, in which shape. */
@PortalTest
class UsageApiTest {

  static final String HEADER = "tenant,periodStart,periodEnd,resource,unit,quantity,quotaLimit,final";

  @LocalServerPort int port;
  @Autowired UsageMeter meter;

  /** The hour before this one and this one: rows exist for both once the demo tenants' quotas are rolled. */
  String range;

  @BeforeEach
  void rolled() {
    meter.roll();
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    range = "from=" + hour.minus(Duration.ofHours(1)) + "&to=" + hour.plus(Duration.ofHours(1));
  }

  private Api billing() {
    return Api.withToken(port, Tokens.billing());
  }

  @Test
  void theBillingClientGetsEveryTenantAsCsvInPeriodTenantResourceOrder() {
    Api.Response csv = billing().get("/api/v1/usage?" + range + "&granularity=HOUR&format=csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition"))
        .startsWith("attachment; filename=\"atrium-usage-all-hour-")
        .endsWith(".csv\"");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).isEqualTo(HEADER);
    List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",")).toList();
    assertThat(rows).extracting(r -> r[0]).contains("acme", "globex");
    assertThat(rows)
        .isSortedAccordingTo(
            Comparator.<String[], String>comparing(r -> r[1]).thenComparing(r -> r[0]).thenComparing(r -> r[3]));
    assertThat(rows).allSatisfy(r -> assertThat(r[4]).isIn("millicore_seconds", "mib_seconds", "gpu_seconds"));
  }

  @Test
  void jsonlAndFocusCarryTheSameRows() throws Exception {
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
    String query = "/api/v1/usage?from=" + day + "&to=" + day.plus(Duration.ofDays(1)) + "&granularity=DAY&tenant=acme";
    List<String> csv = billing().get(query).body().lines().skip(1).toList();
    List<String> jsonl = billing().get(query + "&format=jsonl").body().lines().toList();
    Api.Response focus = billing().get(query + "&format=focus");

    assertThat(csv).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < csv.size(); i++) {
      JsonNode row = json.readTree(jsonl.get(i));
      String[] cells = csv.get(i).split(",");
      assertThat(row.get("tenant").asText()).isEqualTo(cells[0]);
      assertThat(row.get("resource").asText()).isEqualTo(cells[3]);
      assertThat(row.get("quantity").asLong()).isEqualTo(Long.parseLong(cells[5]));
      assertThat(row.get("quotaLimit").isIntegralNumber()).isTrue();
      assertThat(row.get("final").asBoolean()).isFalse(); // today has not ended
    }
    assertThat(focus.header("Content-Disposition")).contains("-focus-").endsWith(".csv\"");
    List<String> focusLines = focus.body().lines().toList();
    assertThat(focusLines.get(0)).contains("ChargePeriodStart", "SubAccountId", "ConsumedQuantity", "ConsumedUnit");
    assertThat(focusLines).hasSize(4);
  }

  @Test
  void aliceGetsAcmeOnlyAndTheSameRowsBillingSees() {
    Api alice = Api.as(port, "alice");
    Api.Response mine = alice.get("/api/v1/tenants/acme/usage?" + range);

    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.header("Content-Disposition")).contains("atrium-usage-acme-hour-");
    List<String> rows = mine.body().lines().skip(1).toList();
    assertThat(rows).isNotEmpty().allMatch(r -> r.startsWith("acme,"));
    List<String> billingsAcme = billing().get("/api/v1/usage?" + range + "&tenant=acme").body().lines().skip(1).toList();
    assertThat(rows).isEqualTo(billingsAcme);
    assertThat(alice.get("/api/v1/usage?" + range).status()).isEqualTo(403);
    assertThat(alice.get("/api/v1/usage?" + range + "&tenant=acme").status()).isEqualTo(403);
  }

  @Test
  void bobCannotReachAcmesUsageByAnyParameter() {
    Api bob = Api.as(port, "bob");
    assertThat(bob.get("/api/v1/tenants/acme/usage?" + range).status()).isEqualTo(404);
    assertThat(bob.get("/api/v1/tenants/acme/usage?" + range + "&tenant=globex").status()).isEqualTo(404);
    assertThat(bob.get("/api/v1/usage?" + range + "&tenant=acme").status()).isEqualTo(403);
    Api.Response other = bob.get("/api/v1/tenants/globex/usage?" + range + "&tenant=acme");
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.json().get("errors").get(0).get("field").asText()).isEqualTo("tenant");
    assertThat(bob.get("/api/v1/tenants/globex/usage?" + range).body().lines().skip(1))
        .isNotEmpty()
        .allMatch(r -> r.startsWith("globex,"));
  }

  @Test
  void onlyBillingReadersAndPlatformAdminsExportEveryTenant() {
    assertThat(Api.as(port, "dave").get("/api/v1/usage?" + range).status()).isEqualTo(403);
    assertThat(Api.as(port, "carol").get("/api/v1/usage?" + range).status()).isEqualTo(403);
    assertThat(Api.as(port, "ada").get("/api/v1/usage?" + range).status()).isEqualTo(200);
    assertThat(Api.as(port, null).get("/api/v1/usage?" + range).status()).isEqualTo(401);
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of("to=2026-11-02T00:00:00Z", "from"),
        Arguments.of("from=2026-11-01T00:00:00Z", "to"),
        Arguments.of("from=2026-11-01T00:30:00Z&to=2026-11-02T00:00:00Z", "from"),
        Arguments.of("from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&granularity=MONTH", "to"),
        Arguments.of("from=2026-11-02&to=2026-11-03&granularity=MONTH", "from,to"),
        Arguments.of("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to"),
        Arguments.of("from=2025-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&granularity=HOUR", "to"),
        Arguments.of("from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&format=xlsx", "format"),
        Arguments.of("from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&granularity=WEEK", "granularity"),
        Arguments.of("from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&tenant=no-such", "tenant"),
        Arguments.of("from=yesterday&to=2026-11-02T00:00:00Z", "from"));
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void badQueriesAreFieldErrors(String query, String fields) {
    Api.Response bad = billing().get("/api/v1/usage?" + query);

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
    assertThat(bad.json().get("code").asText()).isEqualTo("validation_failed");
    assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(fields.split(","));
  }

  @Test
  void anUnknownTenantIsNotFoundByPath() {
    assertThat(Api.as(port, "ada").get("/api/v1/tenants/no-such/usage?" + range).status()).isEqualTo(404);
    assertThat(Api.as(port, "alice").get("/api/v1/tenants/acme/usage?from=x").json().get("code").asText())
        .isEqualTo("validation_failed");
  }
}
