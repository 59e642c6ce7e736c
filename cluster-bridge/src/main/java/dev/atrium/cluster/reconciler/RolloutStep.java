package dev.atrium.cluster.reconciler;

import dev.atrium.cluster.rollout.RolloutRound;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes every rollout under way one step on (see {@link RolloutRound}): each workload in transactions
 * of its own, so one that fails is logged and retried next round while the others go on.
 */
@Component
class RolloutStep {

  private static final Logger log = LoggerFactory.getLogger(RolloutStep.class);
  private static final int BATCH = 100;

  private final RolloutRound rounds;
  private final SystemWork work;

  RolloutStep(RolloutRound rounds, SystemWork work) {
    this.rounds = rounds;
    this.work = work;
  }

  void run() {
    UUID after = null;
    List<UUID> page;
    do {
      UUID from = after;
      page = work.inTransaction("find rollouts under way", () -> rounds.progressing(from, BATCH));
      for (UUID workload : page) {
        try {
          if (work.inTransaction("judge a rollout and stop old tasks", () -> rounds.retire(workload))) {
            work.inTransaction("start a rollout's new tasks", () -> rounds.start(workload));
          }
        } catch (RuntimeException e) {
          log.warn("Rollout of workload {} failed this round; the next round retries it: {}", workload, e.toString());
        }
      }
      after = page.isEmpty() ? null : page.get(page.size() - 1);
    } while (page.size() == BATCH);
  }
}
