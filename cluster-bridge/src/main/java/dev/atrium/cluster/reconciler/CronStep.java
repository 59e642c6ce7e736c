package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.cron.CronRuns;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * CRON workloads' runs: those due are recorded (started, SKIPPED or MISSED), then RUNNING runs
 * whose tasks have all ended are settled. One transaction per workload and per run, so a crash
 * loses at most the one under way, which the next round does again.
 */
@Component
class CronStep {

  /** Workloads taken per pass; a pass is repeated while some are still due (a long backlog). */
  private static final int BATCH = 100;
  private static final int PASSES = 20;

  private final CronRuns runs;
  private final SystemWork work;

  CronStep(CronRuns runs, SystemWork work) {
    this.runs = runs;
    this.work = work;
  }

  void run() {
    for (var run : work.inTransaction("find running cron runs", () -> runs.running(1000))) {
      work.inTransaction("settle cron run " + run.id(), () -> runs.settle(run.tenantId(), run.id()));
    }
    // Again while some workload moved on: a backlog longer than one transaction takes several.
    for (int pass = 0; pass < PASSES; pass++) {
      int recorded = 0;
      for (UUID workload : work.inTransaction("find due cron runs", () -> runs.due(BATCH))) {
        recorded += work.inTransaction("record cron runs of " + workload, () -> runs.catchUp(workload));
      }
      if (recorded == 0) {
        return;
      }
    }
  }
}
