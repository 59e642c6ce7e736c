package dev.atrium.tenancy.billing;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** One JSON object per line with the CSV's column names; numbers as JSON integers. */
class JsonlUsageWriter implements UsageWriter {

  private static final JsonFactory json = new JsonFactory();

  private final JsonGenerator out;
  private boolean any;

  JsonlUsageWriter(OutputStream stream) {
    try {
      out = json.createGenerator(stream, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
    out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  @Override
  public void write(UsageRow r) throws IOException {
    out.writeStartObject();
    out.writeStringField("tenant", r.tenant());
    out.writeStringField("periodStart", r.periodStart());
    out.writeStringField("periodEnd", r.periodEnd());
    out.writeStringField("resource", r.resource());
    out.writeStringField("unit", r.unit());
    out.writeNumberField("quantity", r.quantity());
    out.writeNumberField("quotaLimit", r.quotaLimit());
    out.writeBooleanField("final", r.isFinal());
    out.writeEndObject();
    any = true;
  }

  @Override
  public void close() throws IOException {
    if (any) {
      out.writeRaw('\n');
    }
    out.close();
  }
}
