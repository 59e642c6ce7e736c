package dev.atrium.bench;

import java.io.OutputStream;

/** Where exports go in a benchmark: counts bytes and lines, keeps nothing. */
final class CountingSink extends OutputStream {

  private long bytes;
  private long lines;

  @Override
  public void write(int b) {
    bytes++;
    if (b == '\n') {
      lines++;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    bytes += len;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        lines++;
      }
    }
  }

  long bytes() {
    return bytes;
  }

  long lines() {
    return lines;
  }
}
