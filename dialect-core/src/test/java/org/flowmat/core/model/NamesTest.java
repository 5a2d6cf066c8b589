package org.flowmat.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void foldsOnlyAsciiLettersAsWarehousesDo() {
    assertThat(Names.foldAscii("CaseField")).isEqualTo("casefield");
    assertThat(Names.foldAscii("Ä")).isEqualTo("Ä");
    assertThat(Names.foldAscii("\u212A")).as("Kelvin sign").isEqualTo("\u212A");
    assertThat(Names.fold("Ä", true)).isNotEqualTo(Names.fold("ä", true));
    assertThat(Names.fold("ABC", false)).isEqualTo("ABC");
    String plain = "already_lower";
    assertThat(Names.foldAscii(plain)).isSameAs(plain);
  }
}
