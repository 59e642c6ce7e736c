package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** CRON workloads over HTTP: the schedule and its next runs, runs by hand, suspending, and the refusals. */
@PortalTest
class CronApiTest {

  @LocalServerPort int port;

  private static String cron(String name, String schedule, String zone, String more) {
    return """
        {"name":"%s","kind":"CRON","schedule":"%s","timeZone":"%s","image":"localhost/busybox:latest",
         "command":["sh","-c","echo report"],"resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},"instances":1,
         "pool":"sim","durationSeconds":600%s}"""
        .formatted(name, schedule, zone, more);
  }

  @Test
  void aCronWorkloadAnswersItsNextRunsInItsZoneAndStartsRunsByHand() {
    Api carol = Api.as(port, "carol");
    Api.Response created = carol.post("/api/v1/tenants/acme/workloads", cron("leap-day-api", "30 2 29 2 *", "Europe/Berlin", ",\"concurrencyPolicy\":\"FORBID\""));
    assertThat(created.status()).isEqualTo(201);
    JsonNode w = created.json();
    String path = "/api/v1/tenants/acme/workloads/" + w.get("id").asText();
    try {
      assertThat(w.get("state").asText()).isEqualTo("SCHEDULED");
      assertThat(w.get("concurrencyPolicy").asText()).isEqualTo("FORBID");
      assertThat(w.get("startingDeadlineSeconds").asInt()).isEqualTo(300);
      assertThat(w.get("suspended").asBoolean()).isFalse();
      List<String> next = new ArrayList<>();
      w.get("nextRuns").forEach(n -> next.add(n.asText()));
      // Leap days only, so that no scheduled run comes due while the test runs.
      assertThat(next).hasSize(5).allMatch(t -> t.contains("-02-29T02:30:00+01:00"));

      Api.Response run = carol.post(path + "/runs", null);
      assertThat(run.status()).isEqualTo(201);
      assertThat(run.json().get("manual").asBoolean()).isTrue();
      assertThat(run.json().get("state").asText()).isEqualTo("RUNNING");
      assertThat(run.json().get("taskIds")).hasSize(1);
      assertThat(carol.get(run.header("Location")).json().get("id").asText()).isEqualTo(run.json().get("id").asText());
      Api.Response again = carol.post(path + "/runs", null);
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json().get("detail").asText()).contains("FORBID");
      assertThat(carol.get(path + "/runs").json().get("items")).hasSize(1);
      assertThat(Api.as(port, "bob").get(path + "/runs").status()).isEqualTo(404);

      Api.Response half = carol.patch(path, "{\"suspended\":true,\"instances\":-1}");
      assertThat(half.status()).isEqualTo(400);
      assertThat(carol.get(path).json().get("suspended").asBoolean()).as("a change refused in part is not made").isFalse();
      JsonNode suspended = carol.patch(path, "{\"suspended\":true}").json();
      assertThat(suspended.get("suspended").asBoolean()).isTrue();
      assertThat(suspended.get("nextRuns")).isEmpty();
      JsonNode resumed = carol.patch(path, "{\"suspended\":false,\"instances\":2}").json();
      assertThat(resumed.get("suspended").asBoolean()).isFalse();
      assertThat(resumed.get("instances").asInt()).isEqualTo(2);
      assertThat(resumed.get("nextRuns")).hasSize(5);
    } finally {
      carol.delete(path);
    }
  }

  @Test
  void badSchedulesAreRefusedNamingTheFieldAndWhatIsWrong() {
    Api carol = Api.as(port, "carol");
    assertRefused(carol, cron("bad-cron", "61 * * * *", "UTC", ""), "schedule", "minute 61 is out of range 0–59");
    assertRefused(carol, cron("bad-cron", "* * *", "UTC", ""), "schedule", "must have 5 fields");
    assertRefused(carol, cron("bad-cron", "0 * * * *", "Mars/Olympus", ""), "timeZone", "IANA time zone");
    assertRefused(carol, cron("bad-cron", "0 * * * *", "UTC", ",\"startingDeadlineSeconds\":-1"), "startingDeadlineSeconds", "between 10 and");
    assertRefused(carol, cron("bad-cron", "0 * * * *", "UTC", ",\"concurrencyPolicy\":\"SOMETIMES\""), "concurrencyPolicy", "");
    assertThat(carol.get("/api/v1/tenants/acme/workloads?limit=500").json().get("items").findValuesAsText("name")).doesNotContain("bad-cron");

    Api.Response service = carol.post("/api/v1/tenants/acme/workloads",
        """
        {"name":"not-cron","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},
         "instances":1,"pool":"sim"}""");
    String path = "/api/v1/tenants/acme/workloads/" + service.json().get("id").asText();
    try {
      assertThat(carol.post(path + "/runs", null).status()).isEqualTo(404);
      Api.Response suspend = carol.patch(path, "{\"suspended\":true}");
      assertThat(suspend.status()).isEqualTo(400);
      assertThat(suspend.json().get("errors").findValuesAsText("field")).containsExactly("suspended");
    } finally {
      carol.delete(path);
    }
  }

  private static void assertRefused(Api api, String body, String field, String message) {
    Api.Response refused = api.post("/api/v1/tenants/acme/workloads", body);
    assertThat(refused.status()).as(body).isEqualTo(400);
    assertThat(refused.json().get("code").asText()).isEqualTo("validation_failed");
    JsonNode error = refused.json().get("errors").get(0);
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("message").asText()).contains(message);
  }
}
