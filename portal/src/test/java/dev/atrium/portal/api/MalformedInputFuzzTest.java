package dev.atrium.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.portal.support.Api;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.portal.support.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Malformed bodies, parameters and ids sent to every endpoint of the API as every role, on the real
 * stack: no answer is a 5xx, every refusal is problem+json, and the database is unchanged afterwards
 * (its rows and the audit log). Each case is malformed, so each must be refused.
 */
@PortalTest
@TestPropertySource(properties = "atrium.test.database=fuzz")
class MalformedInputFuzzTest {

  /** Tables an accepted request would write to: not one of their rows may change. */
  private static final List<String> TABLES =
      List.of("tenant", "tenant_name", "tenant_member", "tenant_quota", "workload", "workload_version", "reservation", "reservation_slot", "audit_event", "idempotent_request");

  /** Tables the reconciler also writes to as it runs: their row counts must not move. */
  private static final List<String> COUNTED = List.of("task", "node");

  private static final String HUGE_NUMBER = "9".repeat(40);
  private static final String DEEP = "[".repeat(5000) + "]".repeat(5000);

  /** Bodies no endpoint may accept. */
  private static final List<String> BODIES =
      List.of(
          "",
          "{",
          "null",
          "[]",
          "42",
          "\"text\"",
          DEEP,
          "{\"unknownField\":1}",
          "{\"slug\":\"acme\",\"slug\":\"acme\"}",
          "{\"name\":true,\"displayName\":false,\"email\":7,\"role\":[],\"state\":{}}",
          "{\"instances\":1.5,\"cpuMillis\":1.5,\"gpus\":1.5}",
          "{\"instances\":" + HUGE_NUMBER + ",\"cpuMillis\":" + HUGE_NUMBER + "}",
          "{\"instances\":-5,\"cpuMillis\":-1,\"memoryMiB\":-1,\"gpus\":-1,\"workloads\":-1}",
          "{\"slug\":\"a\\u0000b\",\"displayName\":\"x\\u0000\",\"username\":\"\\u0000\",\"name\":\"\\u0000\"}",
          "{\"state\":\"EXPLODED\",\"role\":\"god\",\"kind\":\"DAEMON\"}",
          "{\"image\":\"\",\"rollout\":{\"maxSurge\":0,\"maxUnavailable\":0}}",
          "{\"healthCheck\":{},\"rollout\":{\"paused\":\"yes\"}}",
          "{\"displayName\":\"" + "x".repeat(10_000) + "\"}");

  /** Paging parameters no list may accept. */
  private static final List<String> PAGING =
      List.of("limit=-1", "limit=0", "limit=501", "limit=abc", "limit=" + HUGE_NUMBER, "cursor=%00", "cursor=!!!", "cursor=bm9wZQ");

  /** Paging parameters no list ordered newest first may accept: a cursor years beyond what is stored. */
  private static final List<String> NEWEST_FIRST_PAGING = plus(PAGING, List.of("cursor=YzE6LTkyMjMzNzIwMzY4NTQ3NzU4MDgvMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"));

  /** Usage export parameters no export may accept. */
  private static final List<String> USAGE =
      List.of(
          "from=%2B300000-01-01T00:00:00Z&to=2026-11-02T00:00:00Z",
          "from=2026-11-01&to=%2B300000-01-01T00:00:00Z",
          "from=yesterday&to=today",
          "to=2026-11-02",
          "from=2026-11-01T00:30:00Z&to=2026-11-02T00:00:00Z",
          "from=2026-11-02&to=2026-11-01",
          "from=2026-11-01&to=2026-11-02&granularity=WEEK",
          "from=2026-11-01&to=2026-11-02&format=xlsx",
          "from=2026-11-01&to=2026-11-02&tenant=%00",
          "from=%00&to=2026-11-02");

  /** Audit log parameters it may not accept. */
  private static final List<String> AUDIT =
      List.of("tenant=%00", "actor=%00", "from=%2B300000-01-01T00:00:00Z", "to=-290000-01-01T00:00:00Z", "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from=yesterday");

  /** Availability questions that are not ones. */
  private static final List<String> AVAILABILITY =
      List.of(
          "pool=sim&cpuMillis=100&memoryMiB=64&instances=1&duration=PT1H&from=%2B1000000000-12-31T00:00:00Z",
          "pool=sim&cpuMillis=100&memoryMiB=64&instances=1&duration=4h",
          "pool=sim&cpuMillis=100&memoryMiB=64&instances=1&duration=-PT1H",
          "pool=sim&cpuMillis=100&memoryMiB=64&instances=1&duration=P1000000000D",
          "pool=sim&cpuMillis=100&memoryMiB=64&instances=0&duration=PT1H",
          "pool=mars&cpuMillis=100&memoryMiB=64&instances=1&duration=PT1H",
          "pool=sim&cpuMillis=abc&memoryMiB=64&instances=1&duration=PT1H",
          "pool=sim&memoryMiB=64&instances=1&duration=PT1H",
          "pool=%00&cpuMillis=100&memoryMiB=64&instances=1&duration=PT1H");

  /** Fleet booking queries that are not ones. */
  private static final List<String> FLEET_WINDOW =
      List.of("from=%2B1000000000-12-31T00:00:00Z", "from=yesterday", "to=%00", "from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z");

  /** Task list filters it may not accept. */
  private static final List<String> TASKS = List.of("state=%00", "state=SLEEPING", "state=running");

  private static List<String> plus(List<String> a, List<String> b) {
    List<String> both = new ArrayList<>(a);
    both.addAll(b);
    return both;
  }

  /** Ids that name nothing, or are not ids at all. */
  private static final List<String> BAD_IDS = List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00", "..%3B", "x".repeat(300));

  @LocalServerPort int port;
  @Autowired DSLContext db;
  @Autowired TransactionTemplate transaction;

  /** An endpoint, whether it reads a body, and the malformed query strings to send it. */
  record Endpoint(String method, String path, boolean takesBody, List<String> queries) {}

  @Test
  void noMalformedRequestAnswers5xxOrAnythingButAProblemOrChangesTheDatabase() {
    String workload =
        Api.as(port, "carol")
            .post(
                "/api/v1/tenants/acme/workloads",
                """
                {"name":"fuzz-target","kind":"SERVICE","image":"localhost/busybox:latest","command":["sleep","600"],
                 "resources":{"cpuMillis":10,"memoryMiB":16,"gpus":0},"instances":1,"pool":"sim"}""")
            .json()
            .get("id")
            .asText();
    Map<String, String> before = rows();

    List<Endpoint> endpoints = endpoints(workload);
    Map<String, Function<Void, Api>> callers = callers();
    List<String> wrong = new ArrayList<>();
    int sent = 0;
    for (Endpoint endpoint : endpoints) {
      for (Map.Entry<String, Function<Void, Api>> caller : callers.entrySet()) {
        for (Request request : requests(endpoint, workload)) {
          Api api = caller.getValue().apply(null);
          Api.Response response =
              request.method().equals("POST") && request.body() != null && request.body().startsWith("{\"instances\":1.5")
                  ? api.postChunked(request.path(), request.body()) // one case sent in chunks, without a length
                  : api.send(request.method(), request.path(), request.body());
          sent++;
          String problem = check(response);
          if (problem != null) {
            wrong.add(caller.getKey() + " " + request.method() + " " + abbreviated(request.path()) + " body " + abbreviated(String.valueOf(request.body())) + ": " + problem);
          }
        }
      }
    }

    System.out.printf("Malformed-input fuzz: %d requests to %d endpoints as %d callers%n", sent, endpoints.size(), callers.size());
    assertThat(wrong).as("requests answered wrongly").isEmpty();
    assertThat(rows()).as("rows and audit log after %d malformed requests", sent).isEqualTo(before);
  }

  record Request(String method, String path, String body) {}

  private static List<Request> requests(Endpoint endpoint, String workload) {
    List<Request> requests = new ArrayList<>();
    if (endpoint.takesBody()) {
      BODIES.forEach(body -> requests.add(new Request(endpoint.method(), endpoint.path(), body)));
    }
    if (!endpoint.queries().isEmpty()) {
      endpoint.queries().forEach(query -> requests.add(new Request(endpoint.method(), endpoint.path() + "?" + query, null)));
    }
    if (requests.isEmpty() && !endpoint.path().contains(workload)) { // the path itself is malformed
      requests.add(new Request(endpoint.method(), endpoint.path(), null));
    }
    if (endpoint.path().contains(workload)) {
      for (String id : BAD_IDS) {
        requests.add(new Request(endpoint.method(), endpoint.path().replace(workload, id), endpoint.takesBody() ? "{\"instances\":1}" : null));
      }
    }
    return requests;
  }

  private static List<Endpoint> endpoints(String workload) {
    String w = "/api/v1/tenants/acme/workloads/" + workload;
    List<String> none = List.of();
    return List.of(
        new Endpoint("GET", "/api/v1/tenants", false, PAGING),
        new Endpoint("POST", "/api/v1/tenants", true, none),
        new Endpoint("PATCH", "/api/v1/tenants/acme", true, none),
        new Endpoint("PUT", "/api/v1/tenants/acme/quota", true, none),
        new Endpoint("GET", "/api/v1/tenants/acme/members", false, PAGING),
        new Endpoint("POST", "/api/v1/tenants/acme/members", true, none),
        new Endpoint("PATCH", "/api/v1/tenants/acme/members/carol", true, none),
        new Endpoint("DELETE", "/api/v1/tenants/acme/members/%00", false, none),
        new Endpoint("DELETE", "/api/v1/tenants/acme/members/nobody-here", false, none),
        new Endpoint("GET", "/api/v1/tenants/acme/workloads", false, NEWEST_FIRST_PAGING),
        new Endpoint("POST", "/api/v1/tenants/acme/workloads", true, none),
        new Endpoint("GET", w, false, none),
        new Endpoint("PATCH", w, true, none),
        new Endpoint("DELETE", w.replace(workload, "not-a-uuid"), false, none),
        new Endpoint("GET", w + "/tasks", false, plus(NEWEST_FIRST_PAGING, TASKS)),
        new Endpoint("GET", w + "/runs", false, NEWEST_FIRST_PAGING),
        new Endpoint("POST", w + "/runs", false, none),
        new Endpoint("GET", w + "/versions", false, PAGING),
        new Endpoint("POST", w + "/rollback", false, none),
        new Endpoint("GET", "/api/v1/tenants/acme/usage", false, USAGE),
        new Endpoint("GET", "/api/v1/tenants/acme/reservations", false, PAGING),
        new Endpoint("POST", "/api/v1/tenants/acme/reservations", true, none),
        new Endpoint("GET", "/api/v1/tenants/%00", false, none),
        new Endpoint("GET", "/api/v1/tenants/..%3B/workloads", false, none),
        new Endpoint("PATCH", "/api/v1/cluster/nodes/sim/sim-00001", true, none),
        new Endpoint("PATCH", "/api/v1/cluster/nodes/sim/%00", true, none),
        new Endpoint("GET", "/api/v1/tenants/acme/reservations/availability", false, AVAILABILITY),
        new Endpoint("GET", "/api/v1/cluster/reservations", false, FLEET_WINDOW),
        new Endpoint("GET", "/api/v1/usage", false, USAGE),
        new Endpoint("GET", "/api/v1/audit", false, plus(PAGING, AUDIT)));
  }

  /** Every role of the dev realm, the billing client, and no one. */
  private Map<String, Function<Void, Api>> callers() {
    Map<String, Function<Void, Api>> callers = new LinkedHashMap<>();
    for (String user : List.of("ada", "alice", "carol", "bob", "dave")) {
      callers.put(user, unused -> Api.as(port, user));
    }
    String billing = Tokens.billing();
    callers.put("billing", unused -> Api.withToken(port, billing));
    callers.put("anonymous", unused -> Api.as(port, null));
    return callers;
  }

  /** What is wrong with the answer to a malformed request, or null. */
  private static String check(Api.Response response) {
    if (response.status() >= 500) {
      return response.status() + " " + abbreviated(response.body());
    }
    if (response.status() < 400) {
      return "accepted with " + response.status();
    }
    String type = response.header("Content-Type");
    if (type == null || !type.startsWith("application/problem+json")) {
      return response.status() + " as " + type + ": " + abbreviated(response.body());
    }
    return null;
  }

  private Map<String, String> rows() {
    return transaction.execute(
        status -> {
          db.execute("select set_config('app.scope', 'platform', true)");
          Map<String, String> counts = new LinkedHashMap<>();
          for (String table : TABLES) {
            counts.put(
                table,
                db.fetchSingle("select count(*) || ' rows, ' || md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from " + table + " t")
                    .get(0, String.class));
          }
          for (String table : COUNTED) {
            counts.put(table, db.fetchSingle("select count(*) || ' rows' from " + table).get(0, String.class));
          }
          return counts;
        });
  }

  private static String abbreviated(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "…";
  }
}
