package dev.atrium.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM spent its CPU, from a flight recording: the share of execution samples by the library
 * of their innermost frame (so a figure can name what bounds it).
 */
final class Profile {

  private static final List<String[]> LIBRARIES = List.of(
      new String[] {"org.jooq.", "jOOQ"},
      new String[] {"org.postgresql.", "PostgreSQL JDBC"},
      new String[] {"com.zaxxer.", "HikariCP"},
      new String[] {"org.springframework.security.", "Spring Security"},
      new String[] {"org.springframework.", "Spring"},
      new String[] {"com.nimbusds.", "JWT (Nimbus)"},
      new String[] {"com.fasterxml.", "Jackson"},
      new String[] {"org.apache.tomcat.", "Tomcat"},
      new String[] {"org.apache.catalina.", "Tomcat"},
      new String[] {"org.apache.coyote.", "Tomcat"},
      new String[] {"dev.atrium.", "Atrium"},
      new String[] {"sun.security.", "JDK crypto"},
      new String[] {"java.math.", "JDK crypto"},
      new String[] {"java.", "JDK"},
      new String[] {"jdk.", "JDK"},
      new String[] {"sun.", "JDK"});

  private Profile() {}

  /** Shares in percent, largest first, of the samples taken on threads whose name starts with {@code threads}. */
  static Map<String, Double> byLibrary(Path recording, String threads) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    int total = 0;
    for (List<RecordedFrame> frames : stacks(recording, threads)) {
      if (frames.isEmpty()) {
        continue;
      }
      counts.merge(library(frames.get(0).getMethod().getType().getName()), 1, Integer::sum);
      total++;
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    int all = Math.max(1, total);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> shares.put(e.getKey(), 100.0 * e.getValue() / all));
    return shares;
  }

  /**
   * For each label, the share in percent of the samples on {@code threads} with a frame of a class
   * whose name starts with the label's prefix anywhere in their stack (so shares overlap).
   */
  static Map<String, Double> within(Path recording, String threads, Map<String, String> prefixes) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    prefixes.keySet().forEach(label -> counts.put(label, 0));
    int total = 0;
    for (List<RecordedFrame> frames : stacks(recording, threads)) {
      total++;
      for (Map.Entry<String, String> prefix : prefixes.entrySet()) {
        if (frames.stream().anyMatch(f -> f.getMethod().getType().getName().startsWith(prefix.getValue()))) {
          counts.merge(prefix.getKey(), 1, Integer::sum);
        }
      }
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    int all = Math.max(1, total);
    counts.forEach((label, count) -> shares.put(label, 100.0 * count / all));
    return shares;
  }

  /** The stacks of the execution samples taken on threads whose name starts with {@code threads}. */
  private static List<List<RecordedFrame>> stacks(Path recording, String threads) throws IOException {
    List<List<RecordedFrame>> stacks = new java.util.ArrayList<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
        continue;
      }
      var thread = event.getThread("sampledThread");
      if (thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith(threads)) {
        stacks.add(event.getStackTrace().getFrames());
      }
    }
    return stacks;
  }

  /** "a 40%, b 12%" for the first {@code limit} shares. */
  static String describe(Map<String, Double> shares, int limit) {
    StringBuilder text = new StringBuilder();
    shares.entrySet().stream().limit(limit).forEach(e -> text.append(text.length() == 0 ? "" : ", ").append(String.format("%s %.0f%%", e.getKey(), e.getValue())));
    return text.length() == 0 ? "no samples" : text.toString();
  }

  private static String library(String type) {
    for (String[] library : LIBRARIES) {
      if (type.startsWith(library[0])) {
        return library[1];
      }
    }
    return "other";
  }
}
