package dev.atrium.cluster.admission;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import dev.atrium.tenancy.metering.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for admissions. Requests that arrive while others are being admitted wait here and
 * are then admitted together, in one transaction, each in a savepoint of its own: one commit (and one
 * flush of PostgreSQL's log) for many admissions, while each request keeps its own answer. A refused
 * request is rolled back to its savepoint and never fails its neighbours.
 *
 * <p>A batch first takes the metering lock ({@link UsageMeter#lockIntervals}), then runs its requests in order of their
 * key (the tenant): two batches take the rows they share in the same order and cannot deadlock. Should a
 * batch fail as a whole all the same (its commit, a conflict with other work), nothing of it committed
 * and each of its requests is admitted again in a transaction of its own.
 *
 * <p>Requests are batched by arrival, not by a timer: a worker takes whatever waits when it is free,
 * so a lone request waits for nobody, and batches grow exactly when the database is busy.
 */
@Component
public class AdmissionQueue implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(AdmissionQueue.class);

  private final BlockingQueue<Request<?>> waiting = new LinkedBlockingQueue<>();
  private final TransactionTemplate batchTransaction;
  private final TransactionTemplate savepoint;
  private final UsageMeter meter;
  private final int maxBatch;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean stopped;

  AdmissionQueue(
      PlatformTransactionManager transactions,
      UsageMeter meter,
      @Value("${atrium.admission.workers:3}") int workers,
      @Value("${atrium.admission.max-batch:64}") int maxBatch) {
    if (workers < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("atrium.admission.workers and max-batch must be at least 1");
    }
    this.batchTransaction = new TransactionTemplate(transactions);
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.meter = meter;
    this.maxBatch = maxBatch;
    for (int i = 1; i <= workers; i++) {
      Thread worker = new Thread(this::work, "admission-" + i);
      worker.setDaemon(true);
      worker.start();
      this.workers.add(worker);
    }
  }

  /**
   * Runs {@code admission} in a transaction shared with other admissions and answers what it
   * returns, or throws what it threw. {@code key} orders the batch (the tenant's slug). Inside a
   * transaction already, it runs there and then.
   */
  public <T> T admit(String key, Supplier<T> admission) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return admission.get();
    }
    if (stopped) {
      throw new IllegalStateException("Atrium is shutting down; admissions are closed.");
    }
    Request<T> request = new Request<>(key, admission);
    waiting.add(request);
    try {
      return request.answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException refused) {
        throw refused;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** How many batches can be admitted at once. */
  int workers() {
    return workers.size();
  }

  /** How many requests wait for a worker now. */
  int waiting() {
    return waiting.size();
  }

  private void work() {
    while (!stopped) {
      List<Request<?>> batch = new ArrayList<>();
      try {
        batch.add(waiting.take());
      } catch (InterruptedException e) {
        return;
      }
      waiting.drainTo(batch, maxBatch - 1);
      try {
        admit(batch);
      } catch (Throwable e) { // never lose a worker; every request gets an answer
        log.warn("A batch of {} admissions failed: {}", batch.size(), e.toString());
        batch.forEach(r -> r.answer.completeExceptionally(e));
      }
    }
  }

  private void admit(List<Request<?>> batch) {
    batch.sort(Comparator.comparing(r -> r.key));
    try {
      batchTransaction.executeWithoutResult(
          status -> {
            meter.lockIntervals();
            batch.forEach(r -> r.runIn(savepoint));
          });
    } catch (RuntimeException failed) {
      if (batch.size() > 1) {
        log.info("A batch of {} admissions failed as a whole ({}); admitting each alone", batch.size(), failed.toString());
      }
      batch.forEach(r -> r.runIn(batchTransaction));
    }
    batch.forEach(Request::answer);
  }

  @Override
  public void destroy() {
    stopped = true;
    workers.forEach(Thread::interrupt);
    List<Request<?>> left = new ArrayList<>();
    waiting.drainTo(left);
    left.forEach(r -> r.answer.completeExceptionally(new IllegalStateException("Atrium is shutting down; admissions are closed.")));
  }

  /** One admission: what it returned or threw, answered only once its transaction committed. */
  private static final class Request<T> {
    final String key;
    final Supplier<T> admission;
    final CompletableFuture<T> answer = new CompletableFuture<>();
    T result;
    RuntimeException refused;

    Request(String key, Supplier<T> admission) {
      this.key = key == null ? "" : key;
      this.admission = admission;
    }

    void runIn(TransactionTemplate transaction) {
      result = null;
      refused = null;
      try {
        result = transaction.execute(status -> admission.get());
      } catch (RuntimeException e) {
        refused = e;
      }
    }

    void answer() {
      if (refused != null) {
        answer.completeExceptionally(refused);
      } else {
        answer.complete(result);
      }
    }
  }
}
