package dev.atrium.tenancy.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.tenancy.access.ValidationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageQueryTest {

  @Test
  void anAlignedRangeIsTakenWithDatesMeaningMidnightUtc() {
    UsageQuery q = UsageQuery.parse("2026-11-01", "2026-12-01T00:00:00Z", "month");
    assertThat(q.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(q.granularity()).isEqualTo(Granularity.MONTH);
    assertThat(UsageQuery.parse("2026-11-01T01:00:00+01:00", "2026-11-02T00:00:00Z", "DAY").from())
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    assertThatThrownBy(() -> UsageQuery.parse(null, "yesterday", "WEEK"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ValidationException.FieldError::field)
                    .containsExactlyInAnyOrder("from", "to", "granularity"));
  }

  @Test
  void unalignedReversedAndTooLongRangesAreRefused() {
    assertThat(fieldsOf("2026-11-01T00:30:00Z", "2026-11-02T00:00:00Z", "HOUR")).containsExactly("from");
    assertThat(fieldsOf("2026-11-01T00:00:00Z", "2026-11-02T05:00:00Z", "DAY")).containsExactly("to");
    assertThat(fieldsOf("2026-11-15", "2026-12-01", "MONTH")).containsExactly("from");
    assertThat(fieldsOf("2026-11-02", "2026-11-01", "DAY")).containsExactly("to");
    assertThat(fieldsOf("2026-11-01", "2026-11-01", "DAY")).containsExactly("to");
    assertThat(fieldsOf("2025-01-01", "2026-02-06", "HOUR")).containsExactly("to"); // 401 days
    assertThat(fieldsOf("2025-01-01", "2026-02-05", "HOUR")).isEmpty(); // 400 days
    assertThat(UsageQuery.parse("2025-01-01", "2026-02-05", "DAY").granularity()).isEqualTo(Granularity.DAY);
  }

  @Test
  void formatsAreKnownByNameInAnyCase() {
    assertThat(ExportFormat.parse("Focus")).isEqualTo(ExportFormat.FOCUS);
    assertThat(ExportFormat.parse(null)).isEqualTo(ExportFormat.CSV);
    assertThatThrownBy(() -> ExportFormat.parse("xlsx"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("format"));
  }

  private static java.util.List<String> fieldsOf(String from, String to, String granularity) {
    try {
      UsageQuery.parse(from, to, granularity);
      return java.util.List.of();
    } catch (ValidationException e) {
      return e.errors().stream().map(ValidationException.FieldError::field).toList();
    }
  }
}
