package dev.atrium.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import dev.atrium.cli.Atrium;
import dev.atrium.portal.support.PortalTest;
import dev.atrium.portal.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The {@code atrium} command line against this portal and its Keycloak: sign-in with the device grant
 * completed in a real browser, a workload launched from a YAML file, waited for, scaled and stopped,
 * and the exit codes scripts rely on.
 */
@PortalTest
class CliTest {

  @LocalServerPort int port;
  @TempDir Path config;

  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(out);
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  @Test
  void aPersonSignsInFromATerminalAndLaunchesFromAFile() throws Exception {
    // atrium login: the device grant, its page opened and signed in to in a browser by "alice".
    LineWatcher err = new LineWatcher(Pattern.compile("^\\s+(http\\S+)$"));
    CompletableFuture<Integer> login =
        CompletableFuture.supplyAsync(() -> Atrium.run(new String[] {"login", "--server", server()}, env(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), Clock.systemUTC(), false));
    login.whenComplete((exit, failure) -> err.close());
    String page = err.awaitMatch(60);
    try (Browser browser = new Browser()) {
      Page device = browser.newPage();
      device.navigate(page);
      new KeycloakLoginPage(device).shown().signIn("alice", "alice-dev-pw");
      // Keycloak asks the person to grant the terminal access, always, for a device sign-in.
      device.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Yes")).click();
      com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(device.locator("body")).containsText("Device Login Successful");
      Browser.screenshot(device, "cli-device-sign-in");
      assertThat(login.get(90, TimeUnit.SECONDS)).as(err.text()).isZero();
    }
    assertThat(err.text()).contains("Signed in to " + server() + " as alice.");
    Path credentials = config.resolve("credentials.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");

    Run whoami = atrium("whoami", "-o", "json");
    assertThat(whoami.exit()).isZero();
    assertThat(whoami.json().get("username").asText()).isEqualTo("alice");

    // Launch from a YAML file, wait until it runs, scale it, stop it.
    String name = "c" + UUID.randomUUID().toString().substring(0, 8);
    Path spec = config.resolve("web.yaml");
    Files.writeString(spec, """
        name: %s
        kind: SERVICE
        image: localhost/busybox:latest
        command: [sleep, "600"]
        resources: {cpuMillis: 100, memoryMiB: 64, gpus: 0}
        instances: 1
        pool: sim
        """.formatted(name));
    Run dry = atrium("workloads", "launch", "-f", spec.toString(), "--tenant", "acme", "--dry-run", "-o", "table");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).startsWith("FITS").contains("true").contains("sim-");
    Run launched = atrium("workloads", "launch", "-f", spec.toString(), "--tenant", "acme", "-q");
    assertThat(launched.exit()).as(launched.err()).isZero();
    String id = launched.out().strip();
    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(atrium("workloads", "wait", name, "--for", "RUNNING", "--timeout", "PT60S").exit()).isZero();
    Run scaled = atrium("workloads", "scale", name, "2");
    assertThat(scaled.exit()).as(scaled.err()).isZero();
    assertThat(atrium("workloads", "get", id, "-o", "json").json().get("instances").asInt()).isEqualTo(2);
    Run table = atrium("workloads", "list", "-o", "table");
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME").contains("STATE");
    assertThat(table.out()).contains(name);
    assertThat(atrium("workloads", "get", name, "-o", "yaml").out()).contains("name: " + name);
    assertThat(atrium("workloads", "stop", name).exit()).isZero();

    // The kept sign-in is this server's: another server named gets no token, and the command says why.
    Run elsewhere = atrium("whoami", "--server", "http://127.0.0.1:9");
    assertThat(elsewhere.exit()).isEqualTo(5);
    assertThat(elsewhere.err()).contains("Signed in to " + server() + ", not http://127.0.0.1:9");

    // atrium logout: revoked at Keycloak and forgotten; what follows is not signed in.
    String refreshToken = new ObjectMapper().readTree(credentials.toFile()).get("refreshToken").asText();
    assertThat(atrium("logout").exit()).isZero();
    assertThat(credentials).doesNotExist();
    assertThat(refreshGrant(refreshToken)).as("the revoked sign-in cannot be refreshed").isEqualTo(400);
    Run after = atrium("whoami", "--server", server());
    assertThat(after.exit()).isEqualTo(5);
    assertThat(after.err()).contains("Not signed in");
  }

  @Test
  void theLogsOfAContainerOnThisHost() throws InterruptedException {
    Map<String, String> carol = as("carol");
    String name = "l" + UUID.randomUUID().toString().substring(0, 8);
    Run launched = atrium(carol, "workloads", "launch", "--tenant", "acme", "-q", "-f", write("""
        {"name":"%s","kind":"SERVICE","image":"localhost/busybox:latest","command":["sh","-c","echo hello from atrium; sleep 600"],
         "resources":{"cpuMillis":100,"memoryMiB":32,"gpus":0},"instances":1,"pool":"local"}""".formatted(name)));
    assertThat(launched.exit()).as(launched.err()).isZero();
    try {
      Run running = atrium(carol, "workloads", "wait", name, "--tenant", "acme", "--timeout", "PT90S");
      assertThat(running.exit()).as(running.err()).isZero();
      // RUNNING can come a moment before the container's first line is kept: asked until it shows.
      long until = System.currentTimeMillis() + 30_000;
      Run logs = atrium(carol, "workloads", "logs", name, "--tenant", "acme", "--lines", "10");
      while (!logs.out().contains("hello from atrium") && System.currentTimeMillis() < until) {
        Thread.sleep(200); // a container's output, polled: there is nothing to wait on
        logs = atrium(carol, "workloads", "logs", name, "--tenant", "acme", "--lines", "10");
      }
      assertThat(logs.exit()).as(logs.err()).isZero();
      assertThat(logs.out()).contains("hello from atrium");
      assertThat(atrium(carol, "workloads", "logs", name, "--tenant", "acme", "--lines", "0").exit()).as("lines out of range").isEqualTo(1);
    } finally {
      atrium(carol, "workloads", "stop", name, "--tenant", "acme");
    }
  }

  @Test
  void scriptsGetDistinctExitCodesAndTheProblemsDetail() {
    Map<String, String> carol = new HashMap<>(env());
    carol.put("ATRIUM_TOKEN", Tokens.user("carol"));
    carol.put("ATRIUM_SERVER", server());

    Run missing = atrium(carol, "workloads", "get", UUID.randomUUID().toString(), "--tenant", "acme");
    assertThat(missing.exit()).as("not found").isEqualTo(3);
    assertThat(missing.err()).contains("No workload");

    Run overQuota = atrium(carol, "workloads", "launch", "-f", write("""
        {"name":"big","kind":"SERVICE","image":"localhost/busybox:latest","command":["sleep","60"],
         "resources":{"cpuMillis":3000,"memoryMiB":64,"gpus":0},"instances":2,"pool":"sim"}"""), "--tenant", "acme");
    assertThat(overQuota.exit()).as("quota").isEqualTo(4);
    assertThat(overQuota.err()).contains("quota");

    Run invalid = atrium(carol, "workloads", "launch", "-f", write("""
        {"name":"bad","kind":"SERVICE","image":"localhost/busybox:latest","resources":{"cpuMillis":0,"memoryMiB":64,"gpus":0},"instances":1,"pool":"sim"}"""), "--tenant", "acme");
    assertThat(invalid.exit()).as("validation").isEqualTo(1);
    assertThat(invalid.err()).contains("resources.cpuMillis");

    assertThat(atrium(carol, "workloads", "scale").exit()).as("bad usage").isEqualTo(2);
    assertThat(atrium(carol, "tenants", "list", "--output-format", "xml").exit()).as("bad usage").isEqualTo(2);

    Map<String, String> stranger = new HashMap<>(carol);
    stranger.put("ATRIUM_TOKEN", "not-a-token");
    assertThat(atrium(stranger, "whoami").exit()).as("bad token").isEqualTo(5);
    Run globex = atrium(carol, "tenants", "get", "globex");
    assertThat(globex.exit()).as("not a member: as if it did not exist; " + globex.err()).isEqualTo(3);
    assertThat(atrium(carol, "--help").out()).contains("Example:");
  }

  @Test
  void reservationsQuotaAndTheFleetFromTheTerminal() {
    Map<String, String> alice = as("alice");
    java.time.Instant start = java.time.Instant.now().plus(java.time.Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    String name = "r" + UUID.randomUUID().toString().substring(0, 8);
    Run windows = atrium(alice, "reservations", "availability", "--tenant", "acme", "--pool", "sim", "--cpu", "500", "--memory", "256", "--duration", "PT1H", "-o", "json");
    assertThat(windows.exit()).as(windows.err()).isZero();
    assertThat(windows.json().size()).isPositive();
    Run booked = atrium(alice, "reservations", "book", name, "--tenant", "acme", "--pool", "sim", "--cpu", "500", "--memory", "256",
        "--instances", "1", "--start", start.toString(), "--end", start.plusSeconds(3600).toString(), "-q");
    assertThat(booked.exit()).as(booked.err()).isZero();
    String id = booked.out().strip();
    assertThat(atrium(alice, "reservations", "list", "--tenant", "acme", "-o", "table").out()).contains(name).contains("BOOKED");
    Run cancelled = atrium(alice, "reservations", "cancel", id, "--tenant", "acme", "-o", "json");
    assertThat(cancelled.exit()).as(cancelled.err() + cancelled.out()).isZero();
    assertThat(cancelled.json().get("state").asText()).isEqualTo("CANCELLED");

    // A platform admin changes one limit; the others stay.
    Map<String, String> ada = as("ada");
    JsonNode before = atrium(ada, "quota", "get", "--tenant", "globex", "-o", "json").json().get("quota");
    try {
      Run set = atrium(ada, "quota", "set", "--tenant", "globex", "--cpu", "2500", "-o", "json");
      assertThat(set.exit()).as(set.err()).isZero();
      assertThat(set.json().at("/quota/cpuMillis").asLong()).isEqualTo(2500);
      assertThat(set.json().at("/quota/memoryMiB").asLong()).isEqualTo(before.get("memoryMiB").asLong());
    } finally {
      assertThat(atrium(ada, "quota", "set", "--tenant", "globex", "--cpu", before.get("cpuMillis").asText()).exit()).isZero();
    }
    assertThat(atrium(alice, "quota", "set", "--tenant", "acme", "--cpu", "9999").exit()).as("not a platform admin").isEqualTo(5);

    assertThat(atrium(alice, "members", "list", "--tenant", "acme", "-q").out().lines()).contains("alice", "carol");
    assertThat(atrium(ada, "nodes", "list", "--pool", "sim", "-q").out().lines()).isNotEmpty().allMatch(n -> n.startsWith("sim/"));
    assertThat(atrium(ada, "audit", "list", "--about", "globex", "-o", "json").json().get("items").size()).isPositive();
    assertThat(atrium(ada, "nodes", "drain", "not-a-node").exit()).as("bad usage").isEqualTo(2);
  }

  @Autowired javax.sql.DataSource dataSource;

  @Test
  void aUsageExportIsStreamedToAFileByteForByteAsTheApiAnswersIt() throws Exception {
    // 3,334 hours of acme's usage in 2020, three resources each: 10,002 rows.
    try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("set local app.scope = 'platform'");
      statement.execute("""
          insert into usage_hour (hour, tenant_id, cpu_millicore_seconds, mib_seconds, gpu_seconds, cpu_quota, memory_quota, gpu_quota)
          select timestamptz '2020-01-01 00:00Z' + make_interval(hours => g), t.id, 1000 * g, 10 * g, 3600, 14400000, 29491200, 3600
          from generate_series(0, 3333) g, tenant t where t.slug = 'acme'
          on conflict do nothing""");
      connection.commit();
    }
    String range = "from=2020-01-01T00:00:00Z&to=2020-06-01T00:00:00Z";
    Path file = config.resolve("usage.csv");
    Map<String, String> billing = new HashMap<>(env());
    billing.put("ATRIUM_SERVER", server());
    billing.put("ATRIUM_CLIENT_ID", "atrium-billing");
    billing.put("ATRIUM_CLIENT_SECRET", "atrium-billing-dev-secret");

    Run export = atrium(billing, "usage", "export", "--from", "2020-01-01T00:00:00Z", "--to", "2020-06-01T00:00:00Z", "--output", file.toString());

    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.err()).contains("Exported").contains(file.toString());
    String api = dev.atrium.portal.support.Api.withToken(port, Tokens.billing()).get("/api/v1/usage?" + range).body();
    assertThat(Files.readString(file)).isEqualTo(api); // CSV is ASCII: the same text is the same bytes
    assertThat(Files.readAllLines(file).stream().filter(l -> l.startsWith("acme,2020-")).count()).isEqualTo(10_002);
    assertThat(file.resolveSibling("usage.csv.partial")).doesNotExist();
  }

  /** The status of a refresh grant with {@code refreshToken} at the test Keycloak. */
  private static int refreshGrant(String refreshToken) throws Exception {
    String form = "grant_type=refresh_token&client_id=atrium-cli&refresh_token=" + java.net.URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
    var request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(dev.atrium.portal.support.TestKeycloak.issuer() + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
            .build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private Map<String, String> as(String user) {
    Map<String, String> env = new HashMap<>(env());
    env.put("ATRIUM_TOKEN", Tokens.user(user));
    env.put("ATRIUM_SERVER", server());
    return env;
  }

  private String write(String json) {
    try {
      Path file = Files.createTempFile(config, "workload", ".json");
      return Files.writeString(file, json).toString();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String server() {
    return "http://127.0.0.1:" + port;
  }

  private Map<String, String> env() {
    return Map.of("ATRIUM_CONFIG_DIR", config.toString());
  }

  private Run atrium(String... args) {
    return atrium(env(), args);
  }

  private static Run atrium(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Atrium.run(args, env, new PrintStream(out, true), new PrintStream(err, true), Clock.systemUTC(), false);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** What a command writes, line by line, and the first line that matches a pattern once it comes. */
  private static final class LineWatcher extends OutputStream {
    private final Pattern pattern;
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<String> match = new CompletableFuture<>();

    LineWatcher(Pattern pattern) {
      this.pattern = pattern;
    }

    @Override
    public void close() {
      match.completeExceptionally(new AssertionError("The command ended before any line matched " + pattern + ":\n" + text()));
    }

    @Override
    public synchronized void write(int b) {
      text.append((char) b);
      if (b == '\n' && !match.isDone()) {
        String[] lines = text.toString().split("\n");
        Matcher line = pattern.matcher(lines[lines.length - 1]);
        if (line.matches()) {
          match.complete(line.group(1));
        }
      }
    }

    String awaitMatch(int seconds) throws Exception {
      try {
        return match.get(seconds, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("No line matching " + pattern + " within " + seconds + " s in:\n" + text(), e);
      }
    }

    synchronized String text() {
      return text.toString();
    }
  }
}
