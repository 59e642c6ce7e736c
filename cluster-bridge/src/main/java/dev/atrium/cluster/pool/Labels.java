package dev.atrium.cluster.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Node labels and label selectors as stored in JSON columns. */
public final class Labels {

  private static final ObjectMapper json = new ObjectMapper();

  private Labels() {}

  public static String write(Map<String, String> labels) {
    try {
      return json.writeValueAsString(labels == null ? Map.of() : labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, String> read(String text) {
    try {
      return json.readValue(text, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
