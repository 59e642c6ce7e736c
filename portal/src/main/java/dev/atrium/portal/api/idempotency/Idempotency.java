package dev.atrium.portal.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.access.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code Idempotency-Key} on creating POSTs: the first answer is stored in the same transaction as
 * the change it made, so a retry with the same key and body replays it (and creates nothing), while
 * the same key with another body is refused with 422. A request that failed stores nothing.
 */
@Component
public class Idempotency {

  public static final String HEADER = "Idempotency-Key";

  private final IdempotencyStore store;
  private final TransactionTemplate transaction;
  private final ObjectMapper json;

  Idempotency(IdempotencyStore store, TransactionTemplate transaction, ObjectMapper json) {
    this.store = store;
    this.transaction = transaction;
    this.json = json;
  }

  public ResponseEntity<?> run(
      Caller caller, String key, String request, Object body, Supplier<? extends ResponseEntity<?>> action) {
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > 255) {
      throw ValidationException.of(HEADER, "must be 1 to 255 characters");
    }
    String who = caller.identity().subject() != null ? caller.identity().subject() : caller.identity().username();
    String fingerprint = sha256(request + "\n" + write(body));
    return transaction.execute(
        status -> {
          store.lock(who, key);
          Optional<IdempotencyStore.Stored> stored = store.find(who, key);
          if (stored.isPresent()) {
            if (!stored.get().fingerprint().equals(fingerprint)) {
              throw new IdempotencyKeyReusedException(key);
            }
            ResponseEntity.BodyBuilder replay =
                ResponseEntity.status(stored.get().status())
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", "true");
            if (stored.get().location() != null) {
              replay.header(HttpHeaders.LOCATION, stored.get().location());
            }
            return replay.body(stored.get().body());
          }
          ResponseEntity<?> answer = action.get();
          URI location = answer.getHeaders().getLocation();
          store.insert(
              who,
              key,
              new IdempotencyStore.Stored(
                  fingerprint, answer.getStatusCode().value(), write(answer.getBody()), location == null ? null : location.toString()));
          return answer;
        });
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
