package dev.atrium.portal.ui;

import com.vaadin.flow.data.provider.ListDataProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A grid's rows told apart by a key (an id, a slug) rather than by equality: a row refreshed with
 * new figures is the same row, so its open details stay open, and {@link #show} re-renders only the
 * rows that changed, so a menu open on another row stays open through a live refresh.
 */
public final class KeyedRows<T> extends ListDataProvider<T> {

  private final List<T> rows;
  private final Function<T, Object> key;

  public KeyedRows(Function<T, Object> key) {
    this(new ArrayList<>(), key);
  }

  private KeyedRows(List<T> rows, Function<T, Object> key) {
    super(rows);
    this.rows = rows;
    this.key = key;
  }

  @Override
  public Object getId(T row) {
    return key.apply(row);
  }

  /** The rows shown now. */
  public List<T> rows() {
    return rows;
  }

  /** Shows {@code latest}: the same rows in the same order refresh one by one where they changed, others all at once. */
  public void show(List<T> latest) {
    if (latest.stream().map(key).toList().equals(rows.stream().map(key).toList())) {
      for (int i = 0; i < latest.size(); i++) {
        if (!latest.get(i).equals(rows.get(i))) {
          rows.set(i, latest.get(i));
          refreshItem(latest.get(i));
        }
      }
      return;
    }
    rows.clear();
    rows.addAll(latest);
    refreshAll();
  }
}
