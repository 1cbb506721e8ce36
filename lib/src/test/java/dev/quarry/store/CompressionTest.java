package dev.quarry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CompressionTest {
  @Test
  void parseAcceptsTheLowerCaseNamesOfOptionsAndTheCatalog() {
    assertEquals(Compression.SNAPPY, Compression.parse("snappy"));
    assertEquals(Compression.ZSTD, Compression.parse("zstd"));
    assertEquals(Compression.GZIP, Compression.parse("gzip"));
    assertEquals(Compression.ZSTD, Compression.parse("ZSTD"));
  }

  @Test
  void labelIsWhatParseAccepts() {
    for (Compression c : Compression.values()) {
      assertEquals(c, Compression.parse(c.label()));
    }
    assertEquals("snappy", Compression.SNAPPY.label());
  }

  @Test
  void parseRejectsAnUnknownCodecListingTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Compression.parse("lz4"));
    assertEquals(
        "compression 'lz4' is not supported; use one of snappy, zstd, gzip", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Compression.parse(""));
    assertThrows(IllegalArgumentException.class, () -> Compression.parse(null));
  }
}
