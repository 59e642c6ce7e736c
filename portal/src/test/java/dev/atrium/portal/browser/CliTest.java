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
    Run launched = atrium("workloads", "launch", "-f", spec.toString(), "--tenant", "acme", "-q");
    assertThat(launched.exit()).as(launched.err()).isZero();
    String id = launched.out().strip();
    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(atrium("workloads", "wait", name, "--for", "RUNNING", "--timeout", "PT60S").exit()).isZero();
    assertThat(atrium("workloads", "scale", name, "2").exit()).isZero();
    assertThat(atrium("workloads", "get", id, "-o", "json").json().get("instances").asInt()).isEqualTo(2);
    Run table = atrium("workloads", "list", "-o", "table");
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME").contains("STATE");
    assertThat(table.out()).contains(name);
    assertThat(atrium("workloads", "get", name, "-o", "yaml").out()).contains("name: " + name);
    assertThat(atrium("workloads", "stop", name).exit()).isZero();

    // atrium logout: revoked and forgotten; what follows is not signed in.
    assertThat(atrium("logout").exit()).isZero();
    assertThat(credentials).doesNotExist();
    Run after = atrium("whoami", "--server", server());
    assertThat(after.exit()).isEqualTo(5);
    assertThat(after.err()).contains("Not signed in");
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
    assertThat(atrium(carol, "tenants", "list", "--output", "xml").exit()).as("bad usage").isEqualTo(2);

    Map<String, String> stranger = new HashMap<>(carol);
    stranger.put("ATRIUM_TOKEN", "not-a-token");
    assertThat(atrium(stranger, "whoami").exit()).as("bad token").isEqualTo(5);
    assertThat(atrium(carol, "tenants", "get", "globex").exit()).as("not a member: as if it did not exist").isEqualTo(3);
    assertThat(atrium(carol, "--help").out()).contains("Example:");
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
