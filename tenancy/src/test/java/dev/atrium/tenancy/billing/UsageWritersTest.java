package dev.atrium.tenancy.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageWritersTest {

  static final UsageRow ROW =
      new UsageRow(
          "acme", "Acme, \"Inc\"", "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z", "cpu", "millicore_seconds",
          1_800_000, 14_400_000, true);

  @Test
  void csvHasTheContractsHeaderAndExactIntegers() {
    assertThat(write(ExportFormat.CSV))
        .isEqualTo(
            "tenant,periodStart,periodEnd,resource,unit,quantity,quotaLimit,final\n"
                + "acme,2026-11-24T10:00:00Z,2026-11-24T11:00:00Z,cpu,millicore_seconds,1800000,14400000,true\n");
  }

  @Test
  void jsonlIsOneObjectPerLine() {
    assertThat(write(ExportFormat.JSONL))
        .isEqualTo(
            "{\"tenant\":\"acme\",\"periodStart\":\"2026-11-24T10:00:00Z\",\"periodEnd\":\"2026-11-24T11:00:00Z\","
                + "\"resource\":\"cpu\",\"unit\":\"millicore_seconds\",\"quantity\":1800000,\"quotaLimit\":14400000,"
                + "\"final\":true}\n");
  }

  @Test
  void focusUsesFocusColumnsAndQuotesNamesThatNeedIt() {
    String[] lines = write(ExportFormat.FOCUS).split("\n");
    assertThat(lines[0])
        .startsWith("BillingAccountId,BillingAccountName,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart")
        .contains(",ConsumedQuantity,ConsumedUnit,", ",SubAccountId,SubAccountName,");
    assertThat(lines[1])
        .startsWith("atrium,Atrium,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,2026-11-24T10:00:00Z,2026-11-24T11:00:00Z,Usage,")
        .contains(",1800000,millicore_seconds,", ",acme,\"Acme, \"\"Inc\"\"\",14400000,true");
  }

  private static String write(ExportFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (UsageWriter writer = format.open(out)) {
      writer.write(ROW);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
