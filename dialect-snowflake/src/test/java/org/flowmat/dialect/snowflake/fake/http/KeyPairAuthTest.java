package org.flowmat.dialect.snowflake.fake.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JWT check on its own, with tokens the driver would never send (the driver tests cover the ones it does). */
class KeyPairAuthTest {
  static KeyPair user;
  static KeyPair other;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    user = gen.generateKeyPair();
    other = gen.generateKeyPair();
  }

  static String jwt(PrivateKey signer, String sub, String iss, long exp) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String head = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String body = b64.encodeToString(("{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"iat\":"
        + Instant.now().getEpochSecond() + ",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(signer);
    sig.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
    return head + "." + body + "." + b64.encodeToString(sig.sign());
  }

  static String iss() throws Exception {
    return "FAKE.BOB.SHA256:" + KeyPairAuth.fingerprint(user.getPublic());
  }

  static long later() {
    return Instant.now().getEpochSecond() + 60;
  }

  @Test
  void aTokenSignedByTheUsersKeyWithItsClaimsIsAccepted() throws Exception {
    assertThat(KeyPairAuth.problem(jwt(user.getPrivate(), "FAKE.BOB", iss(), later()), "fake", "bob", user.getPublic()))
        .isNull();
  }

  @Test
  void theRightClaimsSignedByAnotherKeyAreRefused() throws Exception {
    assertThat(KeyPairAuth.problem(jwt(other.getPrivate(), "FAKE.BOB", iss(), later()), "FAKE", "BOB", user.getPublic()))
        .contains("signature");
  }

  @Test
  void wrongSubjectIssuerOrExpiryAreRefused() throws Exception {
    assertThat(KeyPairAuth.problem(jwt(user.getPrivate(), "FAKE.EVE", iss(), later()), "FAKE", "BOB", user.getPublic()))
        .contains("sub");
    assertThat(KeyPairAuth.problem(jwt(user.getPrivate(), "FAKE.BOB", "FAKE.BOB.SHA256:xyz", later()), "FAKE", "BOB",
        user.getPublic())).contains("iss");
    assertThat(KeyPairAuth.problem(jwt(user.getPrivate(), "FAKE.BOB", iss(), 1), "FAKE", "BOB", user.getPublic()))
        .isEqualTo("expired");
    assertThat(KeyPairAuth.problem("not-a-jwt", "FAKE", "BOB", user.getPublic())).isNotNull();
  }
}
