package dev.atrium.tenancy.billing;

import dev.atrium.tenancy.access.Validator;
import java.io.OutputStream;
import java.util.Locale;

/** The shapes a usage export comes in. */
public enum ExportFormat {
  /** Atrium's own columns, CSV with a header line. */
  CSV("text/csv", "csv"),
  /** The same rows as JSON objects, one per line. */
  JSONL("application/jsonl", "jsonl"),
  /** The FinOps FOCUS columns, CSV. */
  FOCUS("text/csv", "csv");

  private final String mediaType;
  private final String extension;

  ExportFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  /** The format by name in any case, CSV when left out; a field error otherwise. */
  static ExportFormat parse(String value) {
    Validator v = new Validator();
    ExportFormat format = parse(value, v);
    v.throwIfInvalid();
    return format;
  }

  static ExportFormat parse(String value, Validator v) {
    if (value == null || value.isBlank()) {
      return CSV;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      v.require(false, "format", "must be csv, jsonl or focus");
      return null;
    }
  }

  UsageWriter open(OutputStream out) {
    return switch (this) {
      case CSV -> new CsvUsageWriter(out);
      case JSONL -> new JsonlUsageWriter(out);
      case FOCUS -> new FocusUsageWriter(out);
    };
  }
}
