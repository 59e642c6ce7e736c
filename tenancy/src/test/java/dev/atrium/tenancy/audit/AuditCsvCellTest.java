package dev.atrium.tenancy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A name or target that begins like a spreadsheet formula is exported so that it stays text. */
class AuditCsvCellTest {

  @Test
  void cellsThatBeginLikeAFormulaStayText() {
    assertThat(AuditLog.cell("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
    assertThat(AuditLog.cell("+1")).isEqualTo("'+1");
    assertThat(AuditLog.cell("-2")).isEqualTo("'-2");
    assertThat(AuditLog.cell("@me")).isEqualTo("'@me");
    assertThat(AuditLog.cell("tenant/acme")).isEqualTo("tenant/acme");
    assertThat(AuditLog.cell(null)).isNull();
    assertThat(AuditLog.cell("")).isEmpty();
  }
}
