package org.flowmat.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void forget() {
    Secrets.clear();
  }

  @Test
  void aSecretFieldsValueIsMaskedWhereverItIsEchoed() throws Exception {
    Secrets.registerFrom(
        JSON.readTree("{\"properties\":{\"token\":{\"type\":\"string\",\"secret\":true},\"database\":{\"type\":\"string\"}}}"),
        JSON.readTree("{\"token\":\"eyJhbGciOi.c2VjcmV0.sig\",\"database\":\"md:prod\"}"));
    assertThat(Secrets.redact("IO Error: bad token eyJhbGciOi.c2VjcmV0.sig for md:prod"))
        .isEqualTo("IO Error: bad token [redacted] for md:prod");
  }

  @Test
  void aCredentialInAConnectionStringIsMaskedThoughNoFieldMarksIt() {
    assertThat(Secrets.redact("cannot open DuckDB database 'md:prod?motherduck_token=eyJabc.def&saas_mode=true'"))
        .isEqualTo("cannot open DuckDB database 'md:prod?motherduck_token=[redacted]&saas_mode=true'");
    assertThat(Secrets.redact("jdbc:x://h/db;user=u;password=hunter2;ssl=true"))
        .isEqualTo("jdbc:x://h/db;user=u;password=[redacted];ssl=true");
    assertThat(Secrets.redact("motherduck_token=abc")).isEqualTo("motherduck_token=[redacted]");
    assertThat(Secrets.redact("3 tokens staged, key=value")).isEqualTo("3 tokens staged, key=value");
  }
}
