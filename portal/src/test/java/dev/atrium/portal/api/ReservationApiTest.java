package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Booking, reading and cancelling advance reservations over HTTP, and their refusals as problems. */
@PortalTest
class ReservationApiTest {

  @LocalServerPort int port;

  private static String booking(String name, long cpuMillis, Instant start, Instant end) {
    return """
        {"name":"%s","pool":"sim","resources":{"cpuMillis":%d,"memoryMiB":256,"gpus":0},"instances":1,
         "start":"%s","end":"%s"}"""
        .formatted(name, cpuMillis, start, end);
  }

  @Test
  void aMemberBooksReadsAndCancelsAndTheRefusalsSayWhyAndWhen() {
    Api carol = Api.as(port, "carol");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3));
    String path = "/api/v1/tenants/acme/reservations";

    Api.Response booked = carol.post(path, booking("close-a", 3000, hour, hour.plus(Duration.ofHours(2))));
    assertThat(booked.status()).isEqualTo(201);
    JsonNode body = booked.json();
    assertThat(body.get("state").asText()).isEqualTo("BOOKED");
    assertThat(body.get("slots")).hasSize(1);
    assertThat(body.get("slots").get(0).get("node").asText()).startsWith("sim-");
    String one = path + "/" + body.get("id").asText();
    assertThat(booked.header("Location")).endsWith(one);

    Api.Response over = carol.post(path, booking("close-b", 2000, hour.plus(Duration.ofHours(1)), hour.plus(Duration.ofHours(3))));
    assertThat(over.status()).isEqualTo(409);
    assertThat(over.json().get("code").asText()).isEqualTo("quota_exceeded");
    assertThat(over.json().get("resource").asText()).isEqualTo("cpuMillis");
    assertThat(Instant.parse(over.json().get("at").asText())).isEqualTo(hour.plus(Duration.ofHours(1)));

    Api.Response backwards = carol.post(path, booking("close-c", 1000, hour, hour.minus(Duration.ofHours(1))));
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.json().get("errors").findValuesAsText("field")).containsExactly("end");

    assertThat(Api.as(port, "bob").get(one).status()).isEqualTo(404);
    assertThat(Api.as(port, "bob").delete(one).status()).isEqualTo(404);
    assertThat(carol.get(path).json().get("items").findValuesAsText("name")).contains("close-a");

    Api.Response cancelled = carol.delete(one);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().get("state").asText()).isEqualTo("CANCELLED");
    Api.Response again = carol.delete(one);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("code").asText()).isEqualTo("conflict");
  }

  @Test
  void whetherItWouldFitIsAskedWithoutWritingAnything() {
    Api carol = Api.as(port, "carol");
    int before = carol.get("/api/v1/tenants/acme/workloads?limit=500").json().get("items").size();

    Api.Response dry =
        carol.post(
            "/api/v1/tenants/acme/workloads?dryRun=true",
            """
            {"name":"maybe","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":100,"memoryMiB":64,"gpus":0},
             "instances":2,"pool":"sim"}""");
    assertThat(dry.status()).isEqualTo(200);
    assertThat(dry.json().get("fits").asBoolean()).isTrue();
    assertThat(dry.json().get("placements").findValuesAsText("node")).hasSize(2).allMatch(n -> n.startsWith("sim-"));
    assertThat(carol.get("/api/v1/tenants/acme/workloads?limit=500").json().get("items")).hasSize(before);

    Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(4));
    Api.Response windows =
        carol.get("/api/v1/tenants/acme/reservations/availability?pool=sim&cpuMillis=500&memoryMiB=256&instances=1&duration=PT1H&from="
            + from + "&to=" + from.plus(Duration.ofHours(5)));
    assertThat(windows.status()).isEqualTo(200);
    assertThat(Instant.parse(windows.json().get("windows").get(0).get("start").asText())).isEqualTo(from);
    assertThat(Instant.parse(windows.json().get("windows").get(0).get("end").asText())).isEqualTo(from.plus(Duration.ofHours(1)));
    Api.Response badDuration =
        carol.get("/api/v1/tenants/acme/reservations/availability?pool=sim&cpuMillis=500&memoryMiB=256&instances=1&duration=4h");
    assertThat(badDuration.status()).isEqualTo(400);
    assertThat(badDuration.json().get("errors").findValuesAsText("field")).containsExactly("duration");

    assertThat(Api.as(port, "ada").get("/api/v1/cluster/reservations").status()).isEqualTo(200);
    assertThat(carol.get("/api/v1/cluster/reservations").status()).isEqualTo(403);
  }
}
