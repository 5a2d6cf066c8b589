package org.flowmat.core.config;

import java.util.regex.Pattern;

/**
 * Credentials written as parameters of a connection string ({@code md:db?motherduck_token=...}, {@code ;password=...}),
 * which a driver's error may echo although no config field marked them secret. The launcher's log masking and a
 * dialect's own messages both mask them through here.
 */
public final class CredentialParameters {
  public static final String MASK = "[redacted]";
  private static final Pattern PARAMETER =
      Pattern.compile("(?i)((?:^|[?&;\\s'\"(])[a-z_]*(?:token|password|secret)[a-z_]*=)(?!\\[redacted\\])[^&;\\s'\")]+");
  private static final Pattern HINT = Pattern.compile("(?i)(?:token|password|secret)[a-z_]*=");

  private CredentialParameters() {}

  /** {@code text} with the value of every credential parameter replaced by {@link #MASK}; null stays null. */
  public static String mask(String text) {
    if (text == null || !HINT.matcher(text).find()) {
      return text;
    }
    return PARAMETER.matcher(text).replaceAll("$1" + MASK);
  }
}
