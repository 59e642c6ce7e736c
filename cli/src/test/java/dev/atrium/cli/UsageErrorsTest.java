package dev.atrium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes the command line sees by itself end with exit code 2 and a line saying what is wrong,
 * before anything is sent: the server named here does not even listen.
 */
class UsageErrorsTest {

  @TempDir Path folder;

  record Run(int exit, String err) {}

  @Test
  void aWorkloadFileWithAFieldTwiceIsRefused() throws Exception {
    Path spec = Files.writeString(folder.resolve("web.yaml"), "name: web\ninstances: 1\ninstances: 2\n");
    Run run = atrium("workloads", "launch", "-f", spec.toString(), "--tenant", "acme");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("is not YAML or JSON").contains("instances");
  }

  @Test
  void aFileThatIsNotThereOrNotAnObjectIsRefused() throws Exception {
    assertThat(atrium("workloads", "launch", "-f", folder.resolve("missing.yaml").toString(), "--tenant", "acme").err()).contains("No file");
    Path list = Files.writeString(folder.resolve("list.json"), "[1, 2]");
    Run run = atrium("workloads", "launch", "-f", list.toString(), "--tenant", "acme");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("does not describe a workload");
  }

  @Test
  void badNamesStatesAndOptionsAreRefused() {
    assertThat(atrium("members", "remove", "..", "--tenant", "acme").exit()).as("a dot segment is no name").isEqualTo(2);
    assertThat(atrium("nodes", "drain", "sim-00001").err()).contains("POOL/NAME");
    Run state = atrium("workloads", "wait", "web", "--for", "SLEEPING", "--tenant", "acme");
    assertThat(state.exit()).isEqualTo(2);
    assertThat(state.err()).contains("--for takes one of");
    assertThat(atrium("workloads", "frobnicate").exit()).isEqualTo(2);
    assertThat(atrium("tenants", "list", "-o", "xml").exit()).isEqualTo(2);
  }

  @Test
  void withoutAServerItSaysHowToNameOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Atrium.run(new String[] {"whoami"}, Map.of("ATRIUM_CONFIG_DIR", folder.toString()), new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true), Clock.systemUTC(), false);
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("atrium login --server URL");
  }

  private Run atrium(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("ATRIUM_CONFIG_DIR", folder.toString(), "ATRIUM_SERVER", "http://127.0.0.1:9", "ATRIUM_TOKEN", "not-used");
    int exit = Atrium.run(args, env, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), Clock.systemUTC(), false);
    return new Run(exit, err.toString(StandardCharsets.UTF_8));
  }
}
