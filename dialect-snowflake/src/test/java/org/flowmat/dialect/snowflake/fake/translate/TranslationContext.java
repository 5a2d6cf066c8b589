package org.flowmat.dialect.snowflake.fake.translate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a translation needs from the session and the stages. */
public interface TranslationContext {
  /** The session's current database, if any. */
  Optional<String> database();

  Optional<String> schema();

  Optional<String> warehouse();

  Optional<String> role();

  String user();

  String account();

  /** The staged files a stage reference (such as {@code @flow_v1/prefix}) names, filtered by an optional regex. */
  List<Path> stagedFiles(String stageReference, Optional<String> pattern);
}
