package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.rollout.RolloutRound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes every rollout under way one step on, and settles failed ones (see {@link RolloutRound}):
 * each workload in transactions of its own, so one that fails is logged and retried next round while
 * the others go on.
 */
@Component
class RolloutStep {

  private static final Logger log = LoggerFactory.getLogger(RolloutStep.class);
  private static final int BATCH = 100;
  /** A gap between this step's runs longer than this: the reconciler was not running meanwhile. */
  private static final Duration GAP = Duration.ofMinutes(2);

  private final RolloutRound rounds;
  private final SystemWork work;
  private final Clock clock;
  private Instant lastRun;

  RolloutStep(RolloutRound rounds, SystemWork work, Clock clock) {
    this.rounds = rounds;
    this.work = work;
    this.clock = clock;
  }

  void run() {
    Instant now = clock.instant();
    if (lastRun == null || now.isAfter(lastRun.plus(GAP))) {
      // This leader has just started, or was away: no rollout fails for time it could not use.
      work.inTransaction("restart rollout deadlines", rounds::restartDeadlines);
    }
    lastRun = now;
    UUID after = null;
    List<UUID> page;
    do {
      UUID from = after;
      page = work.inTransaction("find rollouts to step", () -> rounds.toStep(from, BATCH));
      for (UUID workload : page) {
        try {
          if (work.inTransaction("judge a rollout and stop tasks", () -> rounds.retire(workload))) {
            work.inTransaction("start a rollout's tasks", () -> rounds.start(workload));
          }
        } catch (RuntimeException e) {
          log.warn("Rollout of workload {} failed this round; the next round retries it: {}", workload, e.toString());
        }
      }
      after = page.isEmpty() ? null : page.get(page.size() - 1);
    } while (page.size() == BATCH);
  }
}
