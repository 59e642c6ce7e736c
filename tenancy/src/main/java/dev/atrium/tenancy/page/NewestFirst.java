package dev.atrium.tenancy.page;

import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.access.Validator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The key of a row in a list ordered newest first: its creation time to the microsecond (what
 * PostgreSQL keeps) and its id, which breaks ties between rows created in the same microsecond.
 */
public final class NewestFirst {

  public record Key(OffsetDateTime at, UUID id) {}

  private NewestFirst() {}

  /** The key of the last row before the page, or null on the first page. */
  public static Key after(PageRequest page) {
    return page.after() == null ? null : key(page.after());
  }

  public static String cursor(OffsetDateTime createdAt, UUID id) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant()) + "/" + id;
  }

  private static Key key(String cursor) {
    int slash = cursor.indexOf('/');
    try {
      long micros = Long.parseLong(cursor.substring(0, Math.max(slash, 0)));
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      if (!Validator.storable(at)) {
        throw new IllegalArgumentException("out of range");
      }
      return new Key(at.atOffset(ZoneOffset.UTC), UUID.fromString(cursor.substring(slash + 1)));
    } catch (RuntimeException e) { // a number or id that does not parse, or a time out of range
      throw ValidationException.of("cursor", "is not a cursor of this list");
    }
  }
}
