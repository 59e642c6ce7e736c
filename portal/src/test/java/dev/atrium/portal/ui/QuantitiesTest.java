package dev.atrium.portal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Amounts read as people write them, whatever size they are. */
class QuantitiesTest {

  @Test
  void coresAreExactAndSingularForOne() {
    assertThat(Quantities.cpu(0)).isEqualTo("0 cores");
    assertThat(Quantities.cpu(1000)).isEqualTo("1 core");
    assertThat(Quantities.cpu(4000)).isEqualTo("4 cores");
    assertThat(Quantities.cpu(1700)).isEqualTo("1.7 cores");
    assertThat(Quantities.cpu(250)).isEqualTo("0.25 cores");
    assertThat(Quantities.cpu(1)).isEqualTo("0.001 cores");
  }

  @Test
  void memoryIsInMiBBelowAGiBAndInGiBOrTiBToOneDecimalAbove() {
    assertThat(Quantities.memory(0)).isEqualTo("0 GiB");
    assertThat(Quantities.memory(256)).isEqualTo("256 MiB");
    assertThat(Quantities.memory(1024)).isEqualTo("1 GiB");
    assertThat(Quantities.memory(1536)).isEqualTo("1.5 GiB");
    assertThat(Quantities.memory(24105)).isEqualTo("23.5 GiB");
    assertThat(Quantities.memory(1_000_000)).isEqualTo("976.6 GiB");
    assertThat(Quantities.memory(3 * 1024 * 1024)).isEqualTo("3 TiB");
  }
}
