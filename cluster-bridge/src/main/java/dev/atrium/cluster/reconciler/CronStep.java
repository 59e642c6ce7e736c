package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.cron.CronRuns;
import dev.atrium.cluster.workload.WorkloadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * CRON workloads' runs: those due are recorded (started, SKIPPED or MISSED), then RUNNING runs
 * whose tasks have all ended are settled. One transaction per workload and per run, so a crash
 * loses at most the one under way, which the next round does again.
 */
@Component
class CronStep {

  private static final Logger log = LoggerFactory.getLogger(CronStep.class);
  private static final int BATCH = 100;
  private static final int MAX_PAGES = 100;

  private final CronRuns runs;
  private final SystemWork work;

  CronStep(CronRuns runs, SystemWork work) {
    this.runs = runs;
    this.work = work;
  }

  void run() {
    for (var run : work.inTransaction("find running cron runs", () -> runs.running(10_000))) {
      attempt("settle cron run " + run.id(), () -> runs.settle(run.tenantId(), run.id()));
    }
    // Every due workload once, page by page, however many wait on their quota; a backlog longer than
    // one transaction is taken up again next round.
    WorkloadStore.Due after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      WorkloadStore.Due from = after;
      List<WorkloadStore.Due> due = work.inTransaction("find due cron runs", () -> runs.due(from, BATCH));
      for (WorkloadStore.Due workload : due) {
        attempt("record cron runs of " + workload.id(), () -> runs.catchUp(workload.id()));
      }
      if (due.size() < BATCH) {
        return;
      }
      after = due.get(due.size() - 1);
    }
  }

  /** One workload's or run's transaction: one that fails is logged and retried next round; the others go on. */
  private void attempt(String what, Runnable step) {
    try {
      work.inTransaction(what, step);
    } catch (RuntimeException e) {
      log.warn("Cron: {} failed; the next round retries it: {}", what, e.toString());
    }
  }
}
