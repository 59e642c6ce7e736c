package dev.atrium.cluster.column;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Values the stores keep in jsonb columns (commands, env, health checks, ports): written as the API
 * has them and read back as they were (the stores wrap and unwrap jOOQ's JSONB, which stays with them). A value that does not convert is a bug, not bad input: input
 * was validated before it reached a store.
 */
public final class JsonColumn {

  private static final ObjectMapper json = new ObjectMapper();

  private JsonColumn() {}

  /** The JSON text of {@code value}, for a store to put in a jsonb column. */
  public static String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value a jsonb column's text holds. */
  public static <T> T read(String column, TypeReference<T> type) {
    try {
      return json.readValue(column, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
