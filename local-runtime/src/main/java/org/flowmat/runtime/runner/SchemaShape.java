package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * What a JSON schema says about one location: its types, annotations, bounds, properties and which of them are
 * required, with how two shapes combine under {@code allOf} ({@link #intersect}) and {@code anyOf}/{@code oneOf}
 * ({@link #union}). {@link SchemaReader} builds shapes; {@link SchemaProjections} turns them into inferences.
 *
 * <p>Mutable while the reader builds it, never changed after: the reader fills fields keyword by keyword, and
 * a builder for some fifteen fields would only repeat them.
 */
final class SchemaShape {
  // Types, as Flow's json::schema::types::Set: one bit each, a set of them an int.
  static final int ARRAY = 1;
  static final int BOOLEAN = 2;
  static final int FRACTIONAL = 4;
  static final int INTEGER = 8;
  static final int NULL = 16;
  static final int OBJECT = 32;
  static final int STRING = 64;
  static final int NUMBER = INTEGER | FRACTIONAL;
  static final int ANY = ARRAY | BOOLEAN | NUMBER | NULL | OBJECT | STRING;

  /** Type names in Flow's order: integer and fractional together are "number", which sorts after "null". */
  static List<String> typeNames(int types) {
    List<String> out = new ArrayList<>(7);
    if ((types & ARRAY) != 0) {
      out.add("array");
    }
    if ((types & BOOLEAN) != 0) {
      out.add("boolean");
    }
    if ((types & NUMBER) == FRACTIONAL) {
      out.add("fractional");
    }
    if ((types & NUMBER) == INTEGER) {
      out.add("integer");
    }
    if ((types & NULL) != 0) {
      out.add("null");
    }
    if ((types & NUMBER) == NUMBER) {
      out.add("number");
    }
    if ((types & OBJECT) != 0) {
      out.add("object");
    }
    if ((types & STRING) != 0) {
      out.add("string");
    }
    return out;
  }

  int types = ANY;
  String title;
  String description;
  JsonNode defaultValue;
  Boolean secret;
  String format;
  String contentEncoding;
  String contentMediaType;
  Long maxLength;
  Double minimum;
  Double maximum;
  final TreeMap<String, SchemaShape> properties = new TreeMap<>(SchemaProjections.CODE_POINT_ORDER);
  final Set<String> required = new HashSet<>();
  /** The shape of undeclared properties; null means anything ({@code true} or absent). */
  SchemaShape additional;

  static SchemaShape any() {
    return new SchemaShape();
  }

  static SchemaShape never() {
    SchemaShape s = new SchemaShape();
    s.types = 0;
    return s;
  }

  /** Both {@code a} and {@code b} hold: {@code allOf}, or {@code $ref} next to other keywords. */
  static SchemaShape intersect(SchemaShape a, SchemaShape b) {
    SchemaShape s = new SchemaShape();
    s.types = a.types & b.types;
    s.title = first(a.title, b.title);
    s.description = first(a.description, b.description);
    s.defaultValue = first(a.defaultValue, b.defaultValue);
    s.secret = first(a.secret, b.secret);
    s.format = first(a.format, b.format);
    s.contentEncoding = first(a.contentEncoding, b.contentEncoding);
    s.contentMediaType = first(a.contentMediaType, b.contentMediaType);
    s.maxLength = tighter(a.maxLength, b.maxLength, Math::min);
    s.minimum = tighter(a.minimum, b.minimum, Math::max);
    s.maximum = tighter(a.maximum, b.maximum, Math::min);
    Set<String> names = new LinkedHashSet<>(a.properties.keySet());
    names.addAll(b.properties.keySet());
    for (String name : names) {
      SchemaShape pa = a.propertyShape(name);
      SchemaShape pb = b.propertyShape(name);
      s.properties.put(name, pa == null ? pb : pb == null ? pa : intersect(pa, pb));
    }
    s.required.addAll(a.required);
    s.required.addAll(b.required);
    s.additional = a.additional == null ? b.additional : b.additional == null ? a.additional : intersect(a.additional, b.additional);
    return s;
  }

  /** Either {@code a} or {@code b} holds: {@code anyOf}, {@code oneOf}. */
  static SchemaShape union(SchemaShape a, SchemaShape b) {
    SchemaShape s = new SchemaShape();
    s.types = a.types | b.types;
    s.title = same(a.title, b.title);
    s.description = same(a.description, b.description);
    s.defaultValue = same(a.defaultValue, b.defaultValue);
    s.secret = same(a.secret, b.secret);
    s.format = same(a.format, b.format);
    s.contentEncoding = same(a.contentEncoding, b.contentEncoding);
    s.contentMediaType = same(a.contentMediaType, b.contentMediaType);
    s.maxLength = looser(a.maxLength, b.maxLength, Math::max);
    s.minimum = looser(a.minimum, b.minimum, Math::min);
    s.maximum = looser(a.maximum, b.maximum, Math::max);
    Set<String> names = new LinkedHashSet<>(a.properties.keySet());
    names.addAll(b.properties.keySet());
    for (String name : names) {
      SchemaShape pa = a.propertyShape(name);
      SchemaShape pb = b.propertyShape(name);
      // Absent from a branch: there the property is whatever additionalProperties allows (anything by default).
      s.properties.put(name, union(pa == null ? any() : pa, pb == null ? any() : pb));
    }
    for (String r : a.required) {
      if (b.required.contains(r)) {
        s.required.add(r);
      }
    }
    s.additional = a.additional == null || b.additional == null ? null : union(a.additional, b.additional);
    return s;
  }

  /** The shape of property {@code name}: declared, else from additionalProperties; null means anything. */
  SchemaShape propertyShape(String name) {
    SchemaShape declared = properties.get(name);
    return declared != null ? declared : additional;
  }

  /** Both bounds hold: the tighter one; either alone if the other is absent. */
  private static <T> T tighter(T a, T b, BinaryOperator<T> pick) {
    return a == null ? b : b == null ? a : pick.apply(a, b);
  }

  /** One of the bounds holds: the looser one; none if either is absent. */
  private static <T> T looser(T a, T b, BinaryOperator<T> pick) {
    return a == null || b == null ? null : pick.apply(a, b);
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }

  private static <T> T same(T a, T b) {
    return Objects.equals(a, b) ? a : null;
  }
}
