package dev.atrium.portal.ui;

import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalLong;

/**
 * An amount typed as people write it: cores ("3.5"), GiB ("0.5") or a count, kept in the units the
 * services use (millicores, MiB, a count). Whatever is typed stays as typed, and a field that cannot
 * be read says why, as one types: a number field would silently drop the point of "3.5" or turn red
 * without a word.
 */
public class QuantityField extends TextField {

  /** What a field counts, and in which base unit the services keep it. */
  public enum Unit {
    /** typed in cores, kept in millicores */
    CORES(1000, 3, "cores", "a number of cores, e.g. 4 or 0.5"),
    /** typed in GiB, kept in MiB */
    GIB(1024, 3, "GiB", "a number of GiB, e.g. 8 or 0.5"),
    /** a whole count */
    COUNT(1, 0, "", "a whole number, e.g. 5");

    final long base;
    final int decimals;
    final String suffix;
    final String shape;

    Unit(long base, int decimals, String suffix, String shape) {
      this.base = base;
      this.decimals = decimals;
      this.suffix = suffix;
      this.shape = shape;
    }
  }

  private final Unit unit;
  private final long max;
  /** The amount last shown by {@link #setBase} and its text: unchanged text reads back exactly that amount. */
  private long shownBase;
  private String shownText;

  /** {@code max}: the largest amount allowed, in the base unit. */
  public QuantityField(String label, Unit unit, long max) {
    super(label);
    this.unit = unit;
    this.max = max;
    setValueChangeMode(ValueChangeMode.EAGER);
    setRequiredIndicatorVisible(true);
    if (!unit.suffix.isEmpty()) {
      setSuffixComponent(new com.vaadin.flow.component.html.Span(unit.suffix));
    }
    addValueChangeListener(e -> validateNow());
  }

  /** Shows {@code base} (in millicores, MiB or a count) as people write it. */
  public void setBase(long base) {
    shownBase = base;
    shownText = BigDecimal.valueOf(base).divide(BigDecimal.valueOf(unit.base), unit.decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    setValue(shownText);
  }

  /** The amount in the base unit; empty when the text cannot be read as one. */
  public OptionalLong base() {
    if (getValue().trim().equals(shownText)) { // 976.563 GiB shown for 1000000 MiB reads back 1000000, not 1000001
      return OptionalLong.of(shownBase);
    }
    return problem() == null ? OptionalLong.of(parse().multiply(BigDecimal.valueOf(unit.base)).setScale(0, RoundingMode.HALF_UP).longValueExact())
        : OptionalLong.empty();
  }

  /** Marks the field with what is wrong, if anything; true when it reads as an amount. */
  public boolean validateNow() {
    String problem = problem();
    setInvalid(problem != null);
    setErrorMessage(problem);
    return problem == null;
  }

  private String problem() {
    String text = getValue().trim();
    if (text.isEmpty()) {
      return "Required: " + unit.shape;
    }
    BigDecimal value = parse();
    if (value == null) {
      return "Not " + unit.shape;
    }
    if (value.signum() < 0) {
      return "Cannot be negative";
    }
    if (value.stripTrailingZeros().scale() > unit.decimals) {
      return unit.decimals == 0 ? "Must be " + unit.shape : "At most " + unit.decimals + " decimals";
    }
    if (value.multiply(BigDecimal.valueOf(unit.base)).compareTo(BigDecimal.valueOf(max)) > 0) {
      return "At most " + BigDecimal.valueOf(max).divide(BigDecimal.valueOf(unit.base), unit.decimals, RoundingMode.DOWN).stripTrailingZeros().toPlainString()
          + (unit.suffix.isEmpty() ? "" : " " + unit.suffix);
    }
    return null;
  }

  private BigDecimal parse() {
    try {
      return new BigDecimal(getValue().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
