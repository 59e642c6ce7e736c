package dev.atrium.tenancy.billing;

import java.io.IOException;

/** Writes usage rows in one export format, as they stream from the database. */
interface UsageWriter extends AutoCloseable {

  void write(UsageRow row) throws IOException;

  /** Flushes what is buffered; the output stream stays open for its owner to close. */
  @Override
  void close() throws IOException;
}
