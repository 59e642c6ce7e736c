package dev.atrium.portal.api.input;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request whose body came without a length (chunked), read into memory up to a limit so that the
 * limit holds for it as for a body that declares its length.
 */
final class BufferedBody extends HttpServletRequestWrapper {

  private final byte[] body;

  private BufferedBody(HttpServletRequest request, byte[] body) {
    super(request);
    this.body = body;
  }

  /** The request with its body read, or empty if the body is longer than {@code max} bytes. */
  static Optional<HttpServletRequest> read(HttpServletRequest request, long max) throws IOException {
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) max + 1);
      return body.length > max ? Optional.empty() : Optional.of(new BufferedBody(request, body));
    }
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("the body is already read");
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
    return new BufferedReader(new InputStreamReader(getInputStream(), charset));
  }
}
