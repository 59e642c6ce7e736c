package dev.atrium.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a command shows the API's answer: an aligned table for people, the API's objects as they are in
 * JSON or YAML for scripts, or ids alone ({@code -q}).
 */
public final class Output {

  public enum Format { TABLE, JSON, YAML }

  /** A table column: its heading and where its value is in each object (a JSON pointer). */
  public record Column(String heading, String pointer) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              // "60" stays a string: unquoted, a YAML reader would take it for a number, and the
              // output would no longer launch as it came (command: [sleep, 60] is not a command).
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private final PrintStream out;
  private final Format format;
  private final boolean quiet;

  public Output(PrintStream out, Format format, boolean quiet) {
    this.out = out;
    this.format = format;
    this.quiet = quiet;
  }

  /**
   * Shows {@code answer}: one object, a list, or a page ({@code {"items": […]}}). {@code id} names the
   * field {@code -q} prints.
   */
  public void show(JsonNode answer, String id, Column... columns) {
    List<JsonNode> rows = rows(answer);
    if (quiet) {
      rows.forEach(row -> out.println(row.path(id).asText()));
      return;
    }
    try {
      switch (format) {
        case JSON -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        case YAML -> out.print(YAML.writeValueAsString(answer));
        case TABLE -> table(rows, columns);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  private static List<JsonNode> rows(JsonNode answer) {
    JsonNode list = answer.isArray() ? answer : answer.has("items") && answer.get("items").isArray() ? answer.get("items") : null;
    List<JsonNode> rows = new ArrayList<>();
    if (list == null) {
      rows.add(answer);
    } else {
      list.forEach(rows::add);
    }
    return rows;
  }

  private void table(List<JsonNode> rows, Column[] columns) {
    List<String[]> cells = new ArrayList<>();
    String[] headings = new String[columns.length];
    for (int c = 0; c < columns.length; c++) {
      headings[c] = columns[c].heading();
    }
    cells.add(headings);
    for (JsonNode row : rows) {
      String[] line = new String[columns.length];
      for (int c = 0; c < columns.length; c++) {
        line[c] = text(row.at(columns[c].pointer()));
      }
      cells.add(line);
    }
    int[] widths = new int[columns.length];
    for (String[] line : cells) {
      for (int c = 0; c < line.length; c++) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < line.length; c++) {
        text.append(c == line.length - 1 ? line[c] : String.format("%-" + widths[c] + "s  ", line[c]));
      }
      out.println(text.toString().stripTrailing());
    }
  }

  private static String text(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "-";
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(text(v)));
      return String.join(",", parts);
    }
    List<String> fields = new ArrayList<>(); // {"slug":"acme","role":"tenant-admin"} shows as acme:tenant-admin
    value.forEach(v -> fields.add(text(v)));
    return String.join(":", fields);
  }
}
