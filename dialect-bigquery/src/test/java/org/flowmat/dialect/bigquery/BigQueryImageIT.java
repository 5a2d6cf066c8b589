package org.flowmat.dialect.bigquery;

import org.flowmat.testkit.ImageContract;

class BigQueryImageIT extends ImageContract {
  @Override
  protected String dialect() {
    return "bigquery";
  }
}
