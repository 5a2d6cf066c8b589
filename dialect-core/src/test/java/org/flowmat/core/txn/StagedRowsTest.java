package org.flowmat.core.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flowmat.core.connector.ConnectorException;
import org.flowmat.core.dialect.ValueStager;
import org.flowmat.core.json.RawJson;
import org.flowmat.core.tuple.TupleValue;
import org.junit.jupiter.api.Test;

/**
 * Staged rows carry documents byte for byte as the former String round trip wrote them: well-formed UTF-8 is copied
 * (line breaks flattened), malformed UTF-8 still goes through Java's decoder.
 */
class StagedRowsTest {

  @Test
  void wellFormedUtf8AgreesWithJavasDecoder() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      byte[] b = new byte[random.nextInt(9)];
      for (int j = 0; j < b.length; j++) {
        // Mostly bytes around the interesting boundaries: leads C0..F7, continuations 80..BF, a few ASCII.
        int pick = random.nextInt(10);
        b[j] = (byte) (pick < 2 ? random.nextInt(0x80) : pick < 6 ? 0x80 + random.nextInt(0x40) : 0xC0 + random.nextInt(0x40));
      }
      assertEquals(decodes(b), StagedRows.wellFormedUtf8(b), () -> hex(b));
    }
  }

  @Test
  void wellFormedUtf8BoundaryCases() {
    assertTrue(StagedRows.wellFormedUtf8(bytes()));
    assertTrue(StagedRows.wellFormedUtf8("{\"a\":\"Zürich 東京 😀\"}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(StagedRows.wellFormedUtf8(bytes(0xEF, 0xBF, 0xBF))); // U+FFFF
    assertTrue(StagedRows.wellFormedUtf8(bytes(0xF4, 0x8F, 0xBF, 0xBF))); // U+10FFFF
    assertFalse(StagedRows.wellFormedUtf8(bytes(0xC0, 0x80))); // overlong NUL
    assertFalse(StagedRows.wellFormedUtf8(bytes(0xE0, 0x9F, 0xBF))); // overlong
    assertFalse(StagedRows.wellFormedUtf8(bytes(0xED, 0xA0, 0x80))); // a surrogate
    assertFalse(StagedRows.wellFormedUtf8(bytes(0xF4, 0x90, 0x80, 0x80))); // beyond U+10FFFF
    assertFalse(StagedRows.wellFormedUtf8(bytes(0xF5, 0x80, 0x80, 0x80)));
    assertFalse(StagedRows.wellFormedUtf8(bytes(0x80)));
    assertFalse(StagedRows.wellFormedUtf8(bytes('a', 0xE2, 0x82))); // truncated
  }

  @Test
  void flattenLineBreaksCopiesOnlyWhenNeeded() {
    byte[] plain = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
    assertSame(plain, StagedRows.flattenLineBreaks(plain));
    byte[] broken = "{\"a\":\r\n 1}\n".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals("{\"a\":   1} ".getBytes(StandardCharsets.UTF_8), StagedRows.flattenLineBreaks(broken));
    assertArrayEquals("{\"a\":\r\n 1}\n".getBytes(StandardCharsets.UTF_8), broken); // the document is not touched
  }

  @Test
  void rowsAreTheBytesOfTheStringRoundTrip() throws IOException {
    Random random = new Random(11);
    List<byte[]> docs = new ArrayList<>();
    docs.add("{}".getBytes(StandardCharsets.UTF_8));
    docs.add("{\n  \"multi\": \"line\"\r\n}".getBytes(StandardCharsets.UTF_8));
    docs.add(bytes('{', '"', 'x', '"', ':', '"', 0xC3, 0x28, '"', '}')); // malformed
    docs.add(bytes('{', '"', 'x', '"', ':', '"', 0xED, 0xA0, 0x80, '"', '\n', '}')); // a surrogate and a line break
    for (int i = 0; i < 2_000; i++) {
      docs.add(randomDoc(random, random.nextInt(10) == 0 ? 20_000 : 600)); // some beyond the generator's buffer
    }
    List<TupleValue> keys = List.of(TupleValue.Int.of(42), new TupleValue.Str("k€y"));
    List<TupleValue> values = List.of(new TupleValue.Float64(1.5), new TupleValue.Json("[1,2]"), TupleValue.Bool.TRUE);

    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    try (StagedRows rows = new StagedRows(actual)) {
      for (int i = 0; i < docs.size(); i++) {
        rows.write(keys, values, RawJson.wrap(docs.get(i)), true, i % 3 == 0);
        rows.write(keys, List.of(), null, false, false); // a Load's row between documents
      }
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    JsonGenerator json = new JsonFactory().createGenerator(expected);
    json.setRootValueSeparator(null);
    for (int i = 0; i < docs.size(); i++) {
      formerWrite(json, keys, values, RawJson.wrap(docs.get(i)), true, i % 3 == 0);
      formerWrite(json, keys, List.of(), null, false, false);
    }
    json.close();
    assertArrayEquals(expected.toByteArray(), actual.toByteArray());
  }

  @Test
  void aRefusedValueNamesWhatAndWhereAndWritesNothingOfItsRow() throws IOException {
    ValueStager refuseBig = v -> {
      if (v instanceof TupleValue.BigInt) {
        throw new ValueStager.Refused("beyond the range of a BIGINT column");
      }
      return v;
    };
    StagedRows.Columns columns = new StagedRows.Columns("binding 3 (main.t)", List.of("id", "n"),
        List.of(ValueStager.AS_IS, refuseBig));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StagedRows rows = new StagedRows(out, columns)) {
      rows.write(List.of(TupleValue.Int.of(1)), List.of(TupleValue.Int.of(2)), null, true, false);
      ConnectorException e = assertThrows(ConnectorException.class, () -> rows.write(List.of(new TupleValue.Str("k".repeat(300))),
          List.of(new TupleValue.BigInt(BigInteger.ONE.shiftLeft(64))), null, true, false));
      assertTrue(e.getMessage().startsWith("binding 3 (main.t): field 'n' of the document with key [\"" + "k".repeat(100)
          + "… (300 characters)\"] is 18446744073709551616, which cannot be stored: beyond the range of a BIGINT column"),
          e.getMessage());
      rows.write(List.of(TupleValue.Int.of(5)), List.of(TupleValue.Int.of(6)), null, true, false);
      assertEquals(2, rows.rows());
    }
    assertEquals("{\"c0\":1,\"c1\":2,\"_flow_delete\":false}\n{\"c0\":5,\"c1\":6,\"_flow_delete\":false}\n",
        out.toString(StandardCharsets.UTF_8));
  }

  /** StagedRows.write as it was before it copied well-formed documents without decoding them. */
  private static void formerWrite(JsonGenerator json, List<TupleValue> keys, List<TupleValue> values, RawJson doc,
      boolean withDeleteFlag, boolean delete) throws IOException {
    json.writeStartObject();
    int column = 0;
    for (TupleValue v : keys) {
      json.writeFieldName(StagedRows.name(column++));
      v.writeJson(json);
    }
    for (TupleValue v : values) {
      json.writeFieldName(StagedRows.name(column++));
      v.writeJson(json);
    }
    if (doc != null) {
      json.writeFieldName(StagedRows.name(column));
      String text = doc.toString();
      json.writeRawValue(text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace('\n', ' ').replace('\r', ' '));
    }
    if (withDeleteFlag) {
      json.writeBooleanField(StagedRows.DELETE_FLAG, delete);
    }
    json.writeEndObject();
    json.writeRaw('\n');
  }

  private static byte[] randomDoc(Random random, int approxLength) {
    String[] pieces = {"a", "Z", " ", "\"", "\\n", "\n", "\r", "ü", "ç", "東", "京", "😀", "𝄞", "{", "}", ":", ","};
    StringBuilder s = new StringBuilder("{\"note\":\"");
    while (s.length() < approxLength) {
      s.append(pieces[random.nextInt(pieces.length)]);
    }
    s.append("\"}");
    byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(20) == 0) {
      utf8[random.nextInt(utf8.length)] = (byte) (0x80 + random.nextInt(0x80)); // now probably malformed
    }
    return utf8;
  }

  private static boolean decodes(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x ", x & 0xff));
    }
    return s.toString();
  }
}
