package org.flowmat.dialect.skeleton;

import org.flowmat.core.dialect.Identifiers;

/**
 * Names as ANSI SQL has them: case-sensitive when double-quoted, and always quoted here, so that no keyword or
 * character can break out of a statement. TODO(new dialect): the warehouse's case folding ({@link #stored}: what its
 * information schema reports for a quoted name), whether it tells names apart by case, its length limit, and which
 * characters a column cannot hold ({@link #column}); then bare names where they are safe, if you want them.
 */
final class SkeletonIdentifiers implements Identifiers {

  @Override
  public String column(String field) {
    return field;
  }

  @Override
  public String stored(String name) {
    return name;
  }

  @Override
  public String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a skeleton name cannot contain a NUL character: " + name.replace("\0", "\\0"));
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Override
  public boolean caseInsensitive() {
    return false;
  }

  @Override
  public int maxLength() {
    return 0;
  }
}
