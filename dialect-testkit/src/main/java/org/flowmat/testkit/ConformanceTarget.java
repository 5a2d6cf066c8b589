package org.flowmat.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What a dialect module hands the conformance suite: a few lines in its test subclass. */
public interface ConformanceTarget {

  /** The connector's name, as {@code --connector} and {@code bin/materialize-<name>} take it. */
  String connector();

  /** An endpoint config for a fresh, empty warehouse whose scratch space is {@code dir}. */
  ObjectNode endpointConfig(Path dir) throws Exception;

  /** The resource path the dialect gives a table of that name in the endpoint's default schema. */
  List<String> resourcePath(String table);

  /** The root documents stored in a table, one per row, read straight from the warehouse. */
  List<JsonNode> documents(ObjectNode endpointConfig, List<String> resourcePath) throws Exception;

  /** Every row of a table as column name → value text (null for SQL NULL), read straight from the warehouse. */
  List<java.util.Map<String, String>> rows(ObjectNode endpointConfig, List<String> resourcePath) throws Exception;

  /**
   * The command that starts the connector as a child process, as its image does: by default the launcher
   * {@code bin/materialize-<connector>} of the checkout at {@code repositoryRoot}.
   */
  default List<String> command(Path repositoryRoot) {
    return List.of(repositoryRoot.resolve("bin").resolve("materialize-" + connector()).toString());
  }

  /** What the dialect lacks; the suite proves each declaration. */
  Set<Capability> lacks();
}
