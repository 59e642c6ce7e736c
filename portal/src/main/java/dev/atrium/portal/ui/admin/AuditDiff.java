package dev.atrium.portal.ui.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an audited change changed, field by field: the before and after states (JSON objects) read
 * flat ({@code quota.cpuMillis}), keeping only the fields whose values differ.
 */
final class AuditDiff {

  /** One field: its value before and after; null where the state had no such field. */
  record Change(String field, String before, String after) {}

  private static final ObjectMapper json = new ObjectMapper();

  private AuditDiff() {}

  static List<Change> of(String before, String after) {
    Map<String, String> was = flat(before);
    Map<String, String> is = flat(after);
    Set<String> fields = new LinkedHashSet<>(was.keySet());
    fields.addAll(is.keySet());
    List<Change> changes = new ArrayList<>();
    for (String field : fields) {
      String b = was.get(field);
      String a = is.get(field);
      if (b == null ? a != null : !b.equals(a)) {
        changes.add(new Change(field, b, a));
      }
    }
    return changes;
  }

  private static Map<String, String> flat(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (text == null) {
      return fields;
    }
    try {
      flatten("", json.readTree(text), fields);
    } catch (JsonProcessingException e) {
      fields.put("", text); // not JSON: shown whole
    }
    return fields;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node.isObject() && node.size() > 0) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
      }
    } else {
      into.put(prefix, node.isTextual() ? node.asText() : node.toString());
    }
  }
}
