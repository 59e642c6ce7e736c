package dev.atrium.portal.api.idempotency;

/** An Idempotency-Key sent again with a different request: 422, nothing done. */
public class IdempotencyKeyReusedException extends RuntimeException {

  IdempotencyKeyReusedException(String key) {
    super("Idempotency-Key " + key + " was used before with a different request; use a new key for a new request.");
  }
}
