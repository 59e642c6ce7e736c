package dev.atrium.tenancy.page;

import dev.atrium.tenancy.access.ValidationException;

/**
 * Which page of a list to answer: after the row whose key the cursor holds, at most {@code limit}
 * rows (1 to 500, default 50).
 */
public record PageRequest(String after, int limit) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public static PageRequest first(int limit) {
    return new PageRequest(null, limit);
  }

  /** From the API's {@code ?cursor=&limit=}; a bad cursor or limit is a validation error. */
  public static PageRequest of(String cursor, Integer limit) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ValidationException.of("limit", "must be between 1 and " + MAX_LIMIT);
    }
    return new PageRequest(cursor == null || cursor.isEmpty() ? null : Cursors.decode(cursor), size);
  }
}
