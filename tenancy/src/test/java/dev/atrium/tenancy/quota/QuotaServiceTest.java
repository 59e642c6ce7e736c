package dev.atrium.tenancy.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.tenancy.TenancyTestBase;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class QuotaServiceTest extends TenancyTestBase {

  @Autowired QuotaService quotas;

  @Test
  void aWriteBasedOnAStaleReadIsAConflictAndLosesNothing() {
    String slug = newTenant("gina");
    long version = quotas.get(ADA, slug).version();

    quotas.set(ADA, slug, new Quota(2000, 2048, 0, 5), version);

    assertThatThrownBy(() -> quotas.set(ADA, slug, new Quota(3000, 1024, 0, 5), version))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("changed by someone else");
    assertThat(quotas.get(ADA, slug).quota()).isEqualTo(new Quota(2000, 2048, 0, 5));
  }

  @Test
  void concurrentEditsOfTheSameVersionLetExactlyOneWin() throws Exception {
    String slug = newTenant("hank");
    long version = quotas.get(ADA, slug).version();
    int writers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      long cpu = 1000L * (i + 2);
      results.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  quotas.set(ADA, slug, new Quota(cpu, 1024, 0, 5), version);
                  return true;
                } catch (ConflictException e) {
                  return false;
                }
              }));
    }
    start.countDown();
    int won = 0;
    for (Future<Boolean> result : results) {
      won += result.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(won).isEqualTo(1);
    assertThat(quotas.get(ADA, slug).version()).isEqualTo(version + 1);
  }

  @Test
  void tenantAdminsReadButCannotChangeQuotas() {
    assertThat(quotas.get(ALICE, "acme").quota().cpuMillis()).isEqualTo(4000);
    assertThatThrownBy(() -> quotas.set(ALICE, "acme", new Quota(99_000, 8192, 0, 20), null))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> quotas.set(BOB, "acme", new Quota(99_000, 8192, 0, 20), null))
        .isInstanceOf(NotFoundException.class);
    assertThat(quotas.get(ADA, "acme").quota().cpuMillis()).isEqualTo(4000);
  }

  @Test
  void negativeOrAbsurdLimitsAreRefused() {
    assertThatThrownBy(() -> quotas.set(ADA, "acme", new Quota(-1, 8192, 0, 1_000_000_001L), null))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("cpuMillis", "workloads"));
  }
}
