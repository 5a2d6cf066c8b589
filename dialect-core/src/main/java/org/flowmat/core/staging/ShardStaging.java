package org.flowmat.core.staging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.flowmat.core.spec.KeyRange;

/**
 * Whose staged files these are: one materialization (task) and one shard's full key range. Two tasks writing one
 * database, or a split child that shares its parent's key_begin, get different places, so none can overwrite or
 * apply another's files.
 *
 * <p>Both parts are filesystem-safe for any name: Flow names contain {@code /}, and a materialization name is
 * reduced to a readable slug plus a hash of the full name (so {@code a/b} and {@code a_b} stay apart).
 */
public record ShardStaging(String materialization, KeyRange range) {
  private static final int SLUG_LENGTH = 48;

  /** {@code acmeCo_orders-<16 hex of SHA-256(name)>}: only {@code [A-Za-z0-9_-]}, at most 65 characters. */
  public String materializationPart() {
    String slug = materialization.replaceAll("[^A-Za-z0-9_-]", "_");
    if (slug.length() > SLUG_LENGTH) {
      slug = slug.substring(0, SLUG_LENGTH);
    }
    return slug + "-" + HexFormat.of().formatHex(sha256(materialization), 0, 8);
  }

  /** The shard's full range, {@code <key_begin>-<key_end>} as 8 lower-case hex digits each. */
  public String rangePart() {
    return String.format(Locale.ROOT, "%08x-%08x", range.keyBegin(), range.keyEnd());
  }

  /** This shard's own directory under a staging root: {@code <root>/<materialization>/<range>}. */
  public Path under(Path root) {
    return root.resolve(materializationPart()).resolve(rangePart());
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
