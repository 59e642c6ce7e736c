package dev.atrium.cluster.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Amounts read as people write them, whatever size they are. */
class AmountsTest {

  @Test
  void coresAreExactAndSingularForOne() {
    assertThat(Amounts.cpu(0)).isEqualTo("0 cores");
    assertThat(Amounts.cpu(1000)).isEqualTo("1 core");
    assertThat(Amounts.cpu(4000)).isEqualTo("4 cores");
    assertThat(Amounts.cpu(1700)).isEqualTo("1.7 cores");
    assertThat(Amounts.cpu(250)).isEqualTo("0.25 cores");
    assertThat(Amounts.cpu(1)).isEqualTo("0.001 cores");
  }

  @Test
  void memoryIsInMiBBelowAGiBAndInGiBOrTiBToOneDecimalAbove() {
    assertThat(Amounts.memory(0)).isEqualTo("0 GiB");
    assertThat(Amounts.memory(256)).isEqualTo("256 MiB");
    assertThat(Amounts.memory(1024)).isEqualTo("1 GiB");
    assertThat(Amounts.memory(1536)).isEqualTo("1.5 GiB");
    assertThat(Amounts.memory(24105)).isEqualTo("23.5 GiB");
    assertThat(Amounts.memory(1_000_000)).isEqualTo("976.6 GiB");
    assertThat(Amounts.memory(3 * 1024 * 1024)).isEqualTo("3 TiB");
  }
}
