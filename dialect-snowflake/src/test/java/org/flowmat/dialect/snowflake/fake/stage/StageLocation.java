package org.flowmat.dialect.snowflake.fake.stage;

import java.nio.file.Path;

/**
 * A resolved stage reference: the stage's directory, the path prefix within it (no leading slash, may be empty) and
 * the name LIST shows files under (Snowflake shows an internal stage's name in lower case).
 */
public record StageLocation(Path directory, String prefix, String listName) {}
