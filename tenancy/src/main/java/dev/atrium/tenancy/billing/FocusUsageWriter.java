package dev.atrium.tenancy.billing;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * The same rows in FinOps FOCUS columns. Atrium meters and does not price: the cost columns are 0 and
 * the billing system prices {@code ConsumedQuantity}. Atrium's own figures are the {@code x_} columns;
 * {@code x_Reservation} is true on rows of capacity kept by advance reservations, used or not.
 */
class FocusUsageWriter implements UsageWriter {

  static final String[] HEADER = {
    "BillingAccountId", "BillingAccountName", "BillingPeriodStart", "BillingPeriodEnd",
    "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription",
    "ChargeFrequency", "ConsumedQuantity", "ConsumedUnit", "PricingQuantity", "PricingUnit",
    "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingCurrency",
    "ProviderName", "PublisherName", "InvoiceIssuerName", "ServiceCategory", "ServiceName",
    "SkuId", "SubAccountId", "SubAccountName", "x_QuotaLimit", "x_Final", "x_Reservation"
  };

  private final CsvUsageWriter csv;

  FocusUsageWriter(OutputStream out) {
    csv = new CsvUsageWriter(out, HEADER);
  }

  @Override
  public void write(UsageRow r) throws IOException {
    Instant start = Instant.parse(r.periodStart());
    Instant billingStart = Granularity.MONTH.periodOf(start);
    csv.printer()
        .printRecord(
            "atrium", "Atrium", billingStart, Granularity.MONTH.next(billingStart),
            r.periodStart(), r.periodEnd(), "Usage", "", r.resource() + " reserved by " + r.tenant(),
            "Usage-Based", r.quantity(), r.unit(), r.quantity(), r.unit(),
            0, 0, 0, 0, "USD",
            "Atrium", "Atrium", "Atrium", "Compute", "Atrium containers",
            r.resource(), r.tenant(), r.tenantName(), r.quotaLimit(), r.isFinal(), r.resource().startsWith("reserved_"));
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}
