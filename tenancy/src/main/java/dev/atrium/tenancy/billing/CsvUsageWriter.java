package dev.atrium.tenancy.billing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code tenant,periodStart,periodEnd,resource,unit,quantity,quotaLimit,final}, as the API defines. */
class CsvUsageWriter implements UsageWriter {

  static final String[] HEADER = {
    "tenant", "periodStart", "periodEnd", "resource", "unit", "quantity", "quotaLimit", "final"
  };

  private final CSVPrinter csv;

  CsvUsageWriter(OutputStream out) {
    this(out, HEADER);
  }

  CsvUsageWriter(OutputStream out, String[] header) {
    try {
      csv = format(header).print(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** RFC 4180 with a header line, but lines end in LF as most billing tools expect. */
  static CSVFormat format(String[] header) {
    return CSVFormat.RFC4180.builder().setHeader(header).setRecordSeparator('\n').get();
  }

  @Override
  public void write(UsageRow r) throws IOException {
    csv.printRecord(
        r.tenant(), r.periodStart(), r.periodEnd(), r.resource(), r.unit(), r.quantity(), r.quotaLimit(), r.isFinal());
  }

  CSVPrinter printer() {
    return csv;
  }

  @Override
  public void close() throws IOException {
    csv.flush();
  }
}
