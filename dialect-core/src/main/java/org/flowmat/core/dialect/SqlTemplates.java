package org.flowmat.core.dialect;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL statements of one dialect, as logic-less Mustache files in {@code templates/<dialect>/<name>.sql} (shipped
 * on the class path). Java decides everything; a template only places ready values and loops over columns. A
 * missing value fails rendering instead of producing broken SQL.
 */
public final class SqlTemplates {
  private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false);

  private final String dialect;
  private final ClassLoader loader;
  private final Map<String, Template> cache = new ConcurrentHashMap<>();

  public SqlTemplates(String dialect, ClassLoader loader) {
    this.dialect = dialect;
    this.loader = loader;
  }

  public String dialect() {
    return dialect;
  }

  /** Renders {@code name} with {@code model} (records, maps and lists) and trims surrounding whitespace. */
  public String render(String name, Object model) {
    return cache.computeIfAbsent(name, this::compile).execute(model).strip();
  }

  private Template compile(String name) {
    String path = "templates/" + dialect + "/" + name + ".sql";
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no SQL template " + path + " on the class path");
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return COMPILER.compile(reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
