package org.flowmat.dialect.snowflake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Endpoint configs for tests that connect nowhere. */
final class TestConfigs {
  static final ObjectMapper JSON = new ObjectMapper();
  /** One RSA key for the JVM: generating is slow. */
  private static final KeyPair KEY = generate();

  private TestConfigs() {}

  /** A key-pair config of an account host, every optional property left out. */
  static ObjectNode keyPair() {
    ObjectNode c = JSON.createObjectNode().put("host", "orgname-acct.snowflakecomputing.com").put("database", "FLOW_DB")
        .put("schema", "flow_schema");
    c.putObject("credentials").put("auth_type", "jwt").put("user", "FLOW_USER").put("private_key", pem());
    return c;
  }

  static java.security.PublicKey publicKey() {
    return KEY.getPublic();
  }

  static String pem() {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEY.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
