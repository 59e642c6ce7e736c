package dev.atrium.tenancy.billing;

import dev.atrium.tenancy.access.Validator;

/**
 * An export as the API receives it, unparsed: {@code from}, {@code to}, {@code granularity},
 * {@code tenant} (a slug, optional) and {@code format}.
 */
public record UsageRequest(String from, String to, String granularity, String tenant, String format) {

  /** The query and format, or a {@link dev.atrium.tenancy.access.ValidationException} naming every bad field. */
  Parsed parse() {
    Validator v = new Validator();
    UsageQuery query = UsageQuery.parse(from, to, granularity, v);
    ExportFormat parsed = ExportFormat.parse(format, v);
    v.throwIfInvalid();
    return new Parsed(query, parsed);
  }

  record Parsed(UsageQuery query, ExportFormat format) {}
}
