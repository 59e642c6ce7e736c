package dev.atrium.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.cli.output.Output.Column;
import dev.atrium.cli.output.Output.Format;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What people and scripts read: aligned tables, the API's objects as they are, or ids alone. */
class OutputTest {

  private static final Column[] COLUMNS = {new Column("NAME", "/name"), new Column("STATE", "/state"), new Column("NODE", "/node")};

  private final JsonNode page = json("""
      {"items":[{"id":"1","name":"web","state":"RUNNING","node":"sim/sim-00001"},{"id":"22","name":"batch-nightly","state":"PENDING"}],
       "nextCursor":null}""");

  @Test
  void aTableAlignsItsColumnsAndShowsADashForNothing() {
    assertThat(show(Format.TABLE, false, page)).isEqualTo("""
        NAME           STATE    NODE
        web            RUNNING  sim/sim-00001
        batch-nightly  PENDING  -
        """);
  }

  @Test
  void quietPrintsOneIdPerLine() {
    assertThat(show(Format.TABLE, true, page)).isEqualTo("1\n22\n");
  }

  @Test
  void jsonAndYamlAreTheApisObjectsAsTheyAre() throws Exception {
    assertThat(new ObjectMapper().readTree(show(Format.JSON, false, page))).isEqualTo(page);
    assertThat(show(Format.YAML, false, json("{\"name\":\"web\",\"instances\":2,\"command\":[\"sleep\",\"60\"]}")))
        .isEqualTo("name: web\ninstances: 2\ncommand:\n- sleep\n- \"60\"\n");
  }

  @Test
  void anObjectInAListShowsItsValues() {
    assertThat(show(Format.TABLE, false, json("{\"username\":\"alice\",\"tenants\":[{\"slug\":\"acme\",\"role\":\"tenant-admin\"}]}"),
            new Column("USERNAME", "/username"), new Column("TENANTS", "/tenants")))
        .isEqualTo("USERNAME  TENANTS\nalice     acme:tenant-admin\n");
  }

  private static String show(Format format, boolean quiet, JsonNode answer) {
    return show(format, quiet, answer, COLUMNS);
  }

  private static String show(Format format, boolean quiet, JsonNode answer, Column... columns) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8), format, quiet).show(answer, "id", columns);
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
