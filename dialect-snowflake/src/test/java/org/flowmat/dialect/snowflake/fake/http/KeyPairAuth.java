package org.flowmat.dialect.snowflake.fake.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Checks the key-pair JWT the driver sends at login: RS256 signature against the user's public key, {@code sub} =
 * {@code ACCOUNT.USER}, {@code iss} = {@code ACCOUNT.USER.SHA256:<base64 SHA-256 of the public key>}, not expired.
 */
final class KeyPairAuth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyPairAuth() {}

  /** Null when the token is valid, otherwise why not (for the fake's log; the client gets Snowflake's message). */
  static String problem(String jwt, String account, String user, PublicKey key) {
    try {
      String[] parts = jwt.split("\\.");
      if (parts.length != 3) {
        return "not a JWT";
      }
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      if (!"RS256".equals(header.path("alg").asText())) {
        return "alg is " + header.path("alg").asText() + ", not RS256";
      }
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initVerify(key);
      sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!sig.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return "signature does not verify with the user's public key";
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String subject = account.toUpperCase(Locale.ROOT) + "." + user.toUpperCase(Locale.ROOT);
      if (!subject.equals(claims.path("sub").asText())) {
        return "sub is " + claims.path("sub").asText() + ", not " + subject;
      }
      String issuer = subject + ".SHA256:" + fingerprint(key);
      if (!issuer.equals(claims.path("iss").asText())) {
        return "iss is " + claims.path("iss").asText() + ", not " + issuer;
      }
      if (claims.path("exp").asLong(0) < Instant.now().getEpochSecond()) {
        return "expired";
      }
      return null;
    } catch (Exception e) {
      return "unreadable JWT: " + e.getMessage();
    }
  }

  static String fingerprint(PublicKey key) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
  }
}
