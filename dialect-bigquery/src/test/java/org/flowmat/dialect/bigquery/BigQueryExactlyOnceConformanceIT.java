package org.flowmat.dialect.bigquery;

import org.flowmat.testkit.ConformanceTarget;
import org.flowmat.testkit.ExactlyOnceConformance;

/**
 * Exactly-once against the loopback fake: bin/materialize-bigquery (the image's launcher) as a child process with the
 * fake's config, killed after every message, with shards and zombies.
 */
class BigQueryExactlyOnceConformanceIT extends ExactlyOnceConformance {
  @Override
  protected ConformanceTarget target() {
    return new BigQueryTarget();
  }
}
