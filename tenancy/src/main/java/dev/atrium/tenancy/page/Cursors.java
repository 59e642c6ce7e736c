package dev.atrium.tenancy.page;

import dev.atrium.tenancy.access.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Cursors are opaque to clients: the key of the last row shown, in URL-safe base64. */
final class Cursors {

  private static final String PREFIX = "c1:";

  private Cursors() {}

  static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.startsWith(PREFIX)) {
        return decoded.substring(PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // falls through to the validation error
    }
    throw ValidationException.of("cursor", "is not a cursor this API gave out");
  }
}
