package org.flowmat.core.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.flowmat.core.dialect.KeyOrder;
import org.flowmat.core.dialect.Literals;
import org.flowmat.core.tuple.TupleValue;
import org.junit.jupiter.api.Test;

/** Bounds follow the column's order, never the packed values' text; whatever the order cannot place goes unbounded. */
class KeyBoundsTest {
  private static final Literals ANSI = Literals.ansi();

  private static List<Plan.KeyBound> bounds(Optional<KeyOrder> order, TupleValue... values) {
    KeyBounds b = new KeyBounds(List.of(order));
    for (TupleValue v : values) {
      b.add(List.of(v));
    }
    return b.render(List.of("\"k\""), ANSI);
  }

  private static TupleValue.Str str(String s) {
    return new TupleValue.Str(s);
  }

  @Test
  void stringFormattedIntegersAreBoundedAsNumbersNotAsText() {
    assertThat(bounds(Optional.of(KeyOrder.INTEGER), str("9"), str("10"), str("100"), str("-5")))
        .containsExactly(new Plan.KeyBound("\"k\"", "-5", "100"));
    assertThat(bounds(Optional.of(KeyOrder.INTEGER), str("18446744073709551615"), TupleValue.Int.of(-3),
        new TupleValue.BigInt(BigInteger.ONE.shiftLeft(63)), str("-99999999999999999999999999999999999999")))
        .containsExactly(new Plan.KeyBound("\"k\"", "-99999999999999999999999999999999999999", "18446744073709551615"));
  }

  @Test
  void anIntegerColumnWithAValueItCannotPlaceGetsNoBound() {
    assertThat(bounds(Optional.of(KeyOrder.INTEGER), TupleValue.Int.of(1), str("1.5"))).isEmpty();
    assertThat(bounds(Optional.of(KeyOrder.INTEGER), TupleValue.Int.of(1), new TupleValue.Float64(1e20))).isEmpty();
    assertThat(bounds(Optional.of(KeyOrder.INTEGER), str(" 7"), TupleValue.Int.of(1))).isEmpty();
  }

  @Test
  void textIsBoundedByUtf8BytesWhichIsCodePointOrder() {
    // U+FF21 is below U+1F600 in UTF-8 (and code points) but above it in UTF-16, which String.compareTo uses.
    assertThat(bounds(Optional.of(KeyOrder.UTF8_BYTES), str("\uFF21"), str("😀"), str("B"), str("a")))
        .containsExactly(new Plan.KeyBound("\"k\"", "'B'", "'😀'"));
    assertThat(bounds(Optional.of(KeyOrder.UTF8_BYTES), str("9"), str("10"), str("it's")))
        .containsExactly(new Plan.KeyBound("\"k\"", "'10'", "'it''s'"));
  }

  @Test
  void textThatNoLiteralCanCarryOrANonStringGoesUnbounded() {
    assertThat(bounds(Optional.of(KeyOrder.UTF8_BYTES), str("a"), str("b\0"))).isEmpty();
    assertThat(bounds(Optional.of(KeyOrder.UTF8_BYTES), str("a"), TupleValue.Int.of(1))).isEmpty();
  }

  @Test
  void doublesAreBoundedAsFiniteDoubles() {
    assertThat(bounds(Optional.of(KeyOrder.FLOAT), new TupleValue.Float64(-0.0), TupleValue.Int.of(3), str("1.5e2")))
        .containsExactly(new Plan.KeyBound("\"k\"", "0.0", "150.0"));
    assertThat(bounds(Optional.of(KeyOrder.FLOAT), new TupleValue.Float64(1), new TupleValue.Float64(Double.NaN))).isEmpty();
    assertThat(bounds(Optional.of(KeyOrder.FLOAT), new TupleValue.Float64(1), str("Infinity"))).isEmpty();
  }

  @Test
  void columnsWithoutAnOrderGetNoBound() {
    assertThat(bounds(Optional.empty(), str("aGVsbG8="), str("/w=="))).isEmpty();
    assertThat(bounds(Optional.of(KeyOrder.INTEGER), TupleValue.Bool.TRUE)).isEmpty();
  }

  @Test
  void eachColumnOfACompositeKeyIsBoundedOnItsOwn() {
    KeyBounds b = new KeyBounds(List.of(Optional.of(KeyOrder.UTF8_BYTES), Optional.empty(), Optional.of(KeyOrder.INTEGER)));
    b.add(List.of(str("acme"), str("/w=="), str("10")));
    b.add(List.of(str("Acme"), str("AA=="), str("9")));
    assertThat(b.render(List.of("a", "b", "c"), ANSI))
        .containsExactly(new Plan.KeyBound("a", "'Acme'", "'acme'"), new Plan.KeyBound("c", "9", "10"));
  }
}
