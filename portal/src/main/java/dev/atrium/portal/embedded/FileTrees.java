package dev.atrium.portal.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Small file helpers for the embedded services' folders. */
final class FileTrees {

  private FileTrees() {}

  static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The last {@code lines} non-blank lines of a log, joined by " | ", or "" if there is none. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
      return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }
}
