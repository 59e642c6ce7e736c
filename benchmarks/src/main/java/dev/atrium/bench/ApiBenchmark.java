package dev.atrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.cluster.workload.WorkloadService;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.NewMember;
import dev.atrium.tenancy.quota.Quota;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Admission through the REST API, as scripts and the CLI reach it: the portal's production jar runs
 * as its own process with its embedded Keycloak, on the benchmark's PostgreSQL; 16 clients post
 * single-task workloads with real bearer tokens (Keycloak's password grant for the dev realm's
 * {@code alice}, validated by the portal on every request). Beside it, the same number admitted
 * through the service in this JVM on the same database: the difference is the web layer's cost.
 */
final class ApiBenchmark {

  static final int CLIENTS = 16;
  static final int TENANTS = 100;
  static final int TASKS = Benchmarks.scaled(20_000);
  static final int NODES = 1_000;
  private static final Path PORTAL_JAR = Path.of("../portal/target/atrium-portal.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiBenchmark() {}

  static void run(Report report) throws Exception {
    if (!Files.exists(PORTAL_JAR)) {
      throw new IllegalStateException(PORTAL_JAR + " is missing: ./atrium bench builds it");
    }
    Map<String, String> pool = BenchApplication.simPool(NODES, 0, Map.of("spring.datasource.hikari.maximum-pool-size", String.valueOf(CLIENTS + 2)));
    try (BenchDatabase db = BenchDatabase.start(); ConfigurableApplicationContext context = BenchApplication.start(db, pool)) {
      List<BenchTenants.Member> tenants = BenchTenants.create(context, TENANTS, new Quota(1_000_000, 100_000_000, 0, 2 * TASKS / TENANTS + 10));
      MembershipService members = context.getBean(MembershipService.class);
      for (BenchTenants.Member tenant : tenants) { // the dev realm's alice acts for every tenant over HTTP
        members.add(Actor.SYSTEM, tenant.slug(), new NewMember("alice", null, "tenant-admin"));
      }

      WorkloadService workloads = context.getBean(WorkloadService.class);
      AtomicInteger next = new AtomicInteger();
      double serviceSeconds =
          Clients.run(CLIENTS, client -> {
            for (int i = next.getAndIncrement(); i < TASKS; i = next.getAndIncrement()) {
              BenchTenants.Member tenant = tenants.get(i % TENANTS);
              workloads.create(tenant.admin(), tenant.slug(), WorkloadSpecs.service("s-" + i).command("sleep", "3600").memory(128).on("sim"));
            }
          });
      double service = TASKS / serviceSeconds;
      report.figure("through the service (this JVM)", "%,.0f admissions/s (%,d in %.1f s)", service, TASKS, serviceSeconds);

      try (Portal portal = Portal.start(db, pool)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        next.set(0);
        AtomicLong refused = new AtomicLong();
        Latencies latencies = new Latencies(TASKS);
        double httpSeconds =
            Clients.run(CLIENTS, client -> {
              Token token = new Token(portal.issuer());
              for (int i = next.getAndIncrement(); i < TASKS; i = next.getAndIncrement()) {
                BenchTenants.Member tenant = tenants.get(i % TENANTS);
                String body = """
                    {"name":"h-%d","kind":"SERVICE","image":"localhost/busybox:latest","command":["sleep","3600"],
                     "resources":{"cpuMillis":100,"memoryMiB":128,"gpus":0},"instances":1,"pool":"sim"}""".formatted(i);
                HttpRequest request = HttpRequest.newBuilder(URI.create(portal.url() + "/api/v1/tenants/" + tenant.slug() + "/workloads"))
                    .header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
                long start = System.nanoTime();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                latencies.record(i, System.nanoTime() - start);
                if (answer.statusCode() != 201) {
                  if (refused.incrementAndGet() == 1) {
                    System.out.println("  first refusal: " + answer.statusCode() + " " + answer.body());
                  }
                }
              }
            });
        double api = TASKS / httpSeconds;
        report.figure("through the REST API (bearer tokens, 16 clients)", "%,.0f admissions/s (%,d in %.1f s, %d refused)", api, TASKS, httpSeconds, refused.get());
        report.figure("REST API latency p50", "%.1f ms", latencies.percentileMillis(TASKS, 50));
        report.figure("REST API latency p99", "%.1f ms", latencies.percentileMillis(TASKS, 99));
        report.figure("REST API / service", "%.2f", api / service);
        portal.close(); // the recording is written as the portal stops
        Path recording = home().resolve("portal.jfr");
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("JWT validation", "org.springframework.security.oauth2.jwt.NimbusJwtDecoder");
        parts.put("the security filter chain", "org.springframework.security.web.FilterChainProxy");
        parts.put("JSON", "org.springframework.http.converter.json");
        parts.put("observations", "io.micrometer.observation");
        parts.put("Atrium's controllers", "dev.atrium.portal.api");
        report.figure("portal's request threads, samples within", "%s", Profile.describe(Profile.within(recording, "http-nio", parts), 5));
        report.figure("portal's admission workers, by library", "%s", Profile.describe(Profile.byLibrary(recording, "admission-"), 5));
        if (refused.get() > 0) {
          report.fail(refused.get() + " requests through the REST API were not admitted");
        }
      }
      BenchTenants.brokenInvariants(db).forEach(report::fail);
    }
  }

  /** Kept between runs: the Keycloak distribution is unpacked and built there once. */
  private static Path home() {
    return Path.of("target/api-home").toAbsolutePath();
  }

  /** A client's access token, fetched again a minute before it expires. */
  private static final class Token {
    private final String issuer;
    private String token;
    private long renewAt;

    Token(String issuer) {
      this.issuer = issuer;
    }

    String get() throws IOException, InterruptedException {
      if (token == null || System.nanoTime() > renewAt) {
        String form = "grant_type=password&client_id=atrium-cli&username=alice&password=" + URLEncoder.encode("alice-dev-pw", StandardCharsets.UTF_8);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        if (!json.has("access_token")) {
          throw new IllegalStateException("no token from " + issuer + ": " + answer.body());
        }
        token = json.get("access_token").asText();
        renewAt = System.nanoTime() + Duration.ofSeconds(json.get("expires_in").asLong() - 60).toNanos();
      }
      return token;
    }
  }

  /** The portal's production jar in a process of its own, on the benchmark's database. */
  private record Portal(Process process, int port, int keycloakPort) implements AutoCloseable {

    static Portal start(BenchDatabase db, Map<String, String> pool) throws Exception {
      int port = freePort();
      int keycloakPort = freePort();
      int managementPort = freePort();
      Path home = home();
      Files.createDirectories(home);
      Files.deleteIfExists(home.resolve("portal.jfr"));
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m",
          // A flight recording, to say where the portal's time goes.
          "-XX:StartFlightRecording=filename=" + home.resolve("portal.jfr") + ",settings=profile",
          "-jar", PORTAL_JAR.toAbsolutePath().normalize().toString(),
          "--server.port=" + port,
          "--management.server.port=" + managementPort,
          "--atrium.home=" + home,
          "--atrium.keycloak.port=" + keycloakPort,
          "--spring.datasource.url=" + db.jdbcUrl(),
          "--spring.datasource.username=" + db.username(),
          "--atrium.metering.roller-enabled=false",
          "--atrium.cluster.reconciler-enabled=false",
          "--logging.level.root=WARN"));
      pool.forEach((k, v) -> command.add("--" + k + "=" + v));
      File log = home.resolve("portal.log").toFile();
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
      Portal portal = new Portal(process, port, keycloakPort);
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the portal stopped; see " + log);
        }
        try {
          if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString())
              .statusCode() == 200) {
            return portal;
          }
        } catch (IOException notYet) {
          // still starting
        }
        if (System.nanoTime() > deadline) {
          portal.close();
          throw new IllegalStateException("the portal was not ready within 5 minutes; see " + log);
        }
        Thread.sleep(500);
      }
    }

    String url() {
      return "http://127.0.0.1:" + port;
    }

    String issuer() {
      return "http://127.0.0.1:" + keycloakPort + "/realms/atrium";
    }

    @Override
    public void close() throws InterruptedException {
      if (!process.isAlive()) {
        return;
      }
      process.destroy(); // a graceful stop: the portal stops its Keycloak
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }
}
