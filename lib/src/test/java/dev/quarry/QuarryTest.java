package dev.quarry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class QuarryTest {
  @Test
  void versionIsTheProjectVersionMavenBuilt() {
    String expected = System.getProperty("quarry.project.version");
    assertNotNull(expected, "run through Maven: surefire passes quarry.project.version");
    assertEquals(expected, Quarry.version());
  }
}
