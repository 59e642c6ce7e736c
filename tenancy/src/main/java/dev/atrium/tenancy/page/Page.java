package dev.atrium.tenancy.page;

import java.util.List;
import java.util.function.Function;

/** One page of a list, and the cursor of the next page ({@code null} on the last one). */
public record Page<T>(List<T> items, String nextCursor) {

  public <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), nextCursor);
  }

  /**
   * Builds a page from {@code limit + 1} fetched rows: the extra row only tells that there is more,
   * and the cursor is the key of the last row shown.
   */
  public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> key) {
    if (fetched.size() <= limit) {
      return new Page<>(List.copyOf(fetched), null);
    }
    List<T> shown = List.copyOf(fetched.subList(0, limit));
    return new Page<>(shown, Cursors.encode(key.apply(shown.get(limit - 1))));
  }
}
