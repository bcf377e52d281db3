package clinic.appointment.service;

/**
 * An Idempotency-Key as its caller (the token's subject) sent it: keys are the caller's own, so another caller
 * sending the same key books anew rather than learning that it was taken, or taking it first.
 */
public record IdempotencyKey(String caller, String value) {
}
