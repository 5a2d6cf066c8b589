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
  private final Map<String, Template> cache;
  private final Map<String, Object> endpointValues;

  public SqlTemplates(String dialect, ClassLoader loader) {
    this(dialect, loader, new ConcurrentHashMap<>(), Map.of());
  }

  private SqlTemplates(String dialect, ClassLoader loader, Map<String, Template> cache, Map<String, Object> values) {
    this.dialect = dialect;
    this.loader = loader;
    this.cache = cache;
    this.endpointValues = Map.copyOf(values);
  }

  /**
   * These templates with values of one endpoint that every statement may use (a stage's name, a dataset's location),
   * for a dialect configured by its endpoint ({@link Dialect#configuredBy}); a statement's own model wins over them.
   */
  public SqlTemplates with(Map<String, Object> values) {
    return new SqlTemplates(dialect, loader, cache, values);
  }

  public String dialect() {
    return dialect;
  }

  /** Renders {@code name} with {@code model} (records, maps and lists) and trims surrounding whitespace. */
  public String render(String name, Object model) {
    Template template = cache.computeIfAbsent(name, this::compile);
    if (endpointValues.isEmpty()) {
      return template.execute(model).strip();
    }
    java.io.StringWriter out = new java.io.StringWriter();
    template.execute(model, endpointValues, out);
    return out.toString().strip();
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
