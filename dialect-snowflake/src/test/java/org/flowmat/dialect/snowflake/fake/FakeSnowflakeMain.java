package org.flowmat.dialect.snowflake.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/flowmat fake snowflake [--port N] [--data-dir DIR] [--auth jwt|user_password]}: starts the fake and prints,
 * as the FIRST line on stdout, the endpoint config (one JSON object) to give the Snowflake connector, then serves until
 * killed. Key-pair auth (the default) makes a fresh RSA key; the private key is in the printed config only.
 */
public final class FakeSnowflakeMain {
  private FakeSnowflakeMain() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path dataDir = null;
    String auth = "jwt";
    String user = "FLOWMAT";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        case "--auth" -> auth = args[++i];
        case "--user" -> user = args[++i];
        case "-h", "--help" -> {
          System.out.println("usage: flowmat fake snowflake [--port N] [--data-dir DIR] [--auth jwt|user_password] [--user NAME]");
          return;
        }
        default -> {
          System.err.println("flowmat fake snowflake: unknown argument " + args[i] + " (see --help)");
          System.exit(2);
        }
      }
    }
    FakeSnowflake.Options options = FakeSnowflake.Options.defaults().withPort(port).withDataDir(dataDir);
    Map<String, String> credentials;
    if (auth.equals("jwt")) {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      KeyPair pair = gen.generateKeyPair();
      options = options.withPublicKey(user, pair.getPublic());
      credentials = Map.of("auth_type", "jwt", "user", user, "private_key", pem(pair.getPrivate().getEncoded()));
    } else if (auth.equals("user_password")) {
      byte[] b = new byte[18];
      new SecureRandom().nextBytes(b);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      options = options.withPassword(user, password);
      credentials = Map.of("auth_type", "user_password", "user", user, "password", password);
    } else {
      System.err.println("flowmat fake snowflake: --auth must be jwt or user_password, not " + auth);
      System.exit(2);
      return;
    }
    FakeSnowflake fake = FakeSnowflake.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
    ObjectNode config = fake.endpointConfig(new java.util.TreeMap<>(credentials));
    System.out.println(config.toString());
    System.out.flush();
    System.err.println("snowflake fake: serving on http://" + fake.host() + " (account " + options.account()
        + ", data in " + fake.dataDir() + "); stop with Ctrl-C");
    new CountDownLatch(1).await();
  }

  /** A PKCS#8 private key in PEM form. */
  static String pem(byte[] pkcs8) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8);
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }
}
