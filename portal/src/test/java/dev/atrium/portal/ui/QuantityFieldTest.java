package dev.atrium.portal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Amounts typed as people write them, read in the services' units, and what cannot be read says why. */
class QuantityFieldTest {

  @Test
  void coresAndGibAreReadInMillicoresAndMib() {
    QuantityField cpu = new QuantityField("CPU", QuantityField.Unit.CORES, 1_000_000_000L);
    cpu.setValue("3.5");
    assertThat(cpu.base()).isEqualTo(OptionalLong.of(3500));
    QuantityField memory = new QuantityField("Memory", QuantityField.Unit.GIB, 1_000_000_000L);
    memory.setValue("0.5");
    assertThat(memory.base()).isEqualTo(OptionalLong.of(512));
  }

  @Test
  void anAmountShownAndLeftAloneReadsBackExactly() {
    QuantityField memory = new QuantityField("Memory", QuantityField.Unit.GIB, 1_000_000_000L);
    for (long mib : new long[] {21, 64, 107, 1_000_000}) {
      memory.setBase(mib);
      assertThat(memory.base()).as("%d MiB shown as %s", mib, memory.getValue()).isEqualTo(OptionalLong.of(mib));
    }
  }

  @Test
  void whatCannotBeReadSaysWhy() {
    QuantityField cpu = new QuantityField("CPU", QuantityField.Unit.CORES, 1_000_000_000L);
    cpu.setValue("-5");
    assertThat(cpu.validateNow()).isFalse();
    assertThat(cpu.getErrorMessage()).isEqualTo("Cannot be negative");
    cpu.setValue("99999999999");
    cpu.validateNow();
    assertThat(cpu.getErrorMessage()).isEqualTo("At most 1000000 cores");
    cpu.setValue("0.0001");
    cpu.validateNow();
    assertThat(cpu.getErrorMessage()).isEqualTo("At most 3 decimals");
    cpu.setValue("many");
    cpu.validateNow();
    assertThat(cpu.getErrorMessage()).isEqualTo("Not a number of cores, e.g. 4 or 0.5");
    QuantityField count = new QuantityField("Workloads", QuantityField.Unit.COUNT, 1000);
    count.setValue("5.5");
    count.validateNow();
    assertThat(count.getErrorMessage()).isEqualTo("Must be a whole number, e.g. 5");
    assertThat(count.base()).isEmpty();
  }
}
