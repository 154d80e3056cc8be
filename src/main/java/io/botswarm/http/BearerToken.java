package io.botswarm.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A secret that callers of an HTTP API present as {@code Authorization: Bearer <token>}. It never
 * prints itself (settings records holding one may be logged), and a presented token is compared in
 * constant time: both sides are hashed first, so that neither the bytes nor the length of the
 * secret show in how long a refusal takes.
 */
public final class BearerToken {

  private static final String SCHEME = "Bearer ";

  private final byte[] digest;

  private BearerToken(String secret) {
    this.digest = sha256(secret);
  }

  /**
   * The token configured for an API; blank means none. Surrounding whitespace is dropped: a Secret
   * made from a file often ends in a newline.
   */
  public static Optional<BearerToken> of(String configured) {
    String secret = configured == null ? "" : configured.strip();
    return secret.isEmpty() ? Optional.empty() : Optional.of(new BearerToken(secret));
  }

  /**
   * Whether an {@code Authorization} header's value carries this token (scheme case-insensitive).
   */
  public boolean admits(Optional<String> authorization) {
    String given = authorization.orElse("").strip();
    boolean bearer = given.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    byte[] presented = sha256(bearer ? given.substring(SCHEME.length()).strip() : "");
    return MessageDigest.isEqual(digest, presented) && bearer;
  }

  /** The header value a client sends with this secret. */
  public static String header(String secret) {
    return SCHEME + secret.strip();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken(redacted)";
  }
}
