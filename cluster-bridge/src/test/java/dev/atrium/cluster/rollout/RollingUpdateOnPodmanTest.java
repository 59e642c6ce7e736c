package dev.atrium.cluster.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import dev.atrium.cluster.workload.RolloutState;
import dev.atrium.cluster.workload.Task;
import dev.atrium.cluster.workload.TaskState;
import dev.atrium.cluster.workload.Workload;
import dev.atrium.cluster.workload.WorkloadSpecs;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.quota.Quota;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A rolling update on real containers: a busybox httpd service moves from one command to another
 * while the test fetches every healthy task's endpoint after each reconciler round. With
 * maxUnavailable 0 both instances answer throughout, first the old page, then the new one.
 */
@TestPropertySource(
    properties = {
      // As RestartTest: the local pool in place of the sim pool (one cached context for both).
      "atrium.cluster.pools[0].name=local",
      "atrium.cluster.pools[0].driver=local"
    })
class RollingUpdateOnPodmanTest extends ClusterTestBase {

  private static final HealthCheck HTTP = new HealthCheck(null, new HealthCheck.Http(8080, "/"), 1, 2, 3, 0);
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aRollingUpdateKeepsEveryInstanceAnsweringFromTheOldPageToTheNewOne() throws Exception {
    String slug = uniqueSlug();
    Actor alice = newTenant(slug, new Quota(2000, 1024, 0, 5));
    Workload web = workloads.create(alice, slug,
        WorkloadSpecs.service("web").command("sh", "-c", serve("v1")).health(HTTP).ports(new Port("http", 8080)).cpu(250).instances(2).on("local"));
    try {
      Workload now = roundsUntil(alice, slug, web, w -> w.available() == 2);
      assertThat(answers(now)).containsExactly("v1");

      rollouts.change(alice, slug, web.id(), new VersionChange(null, List.of("sh", "-c", serve("v2")), null, null, null, null, null));
      Set<String> seen = new TreeSet<>();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      do {
        reconciler.round();
        now = workloads.get(alice, slug, web.id());
        assertThat(now.available()).as("instances running (maxUnavailable 0)").isGreaterThanOrEqualTo(2);
        seen.addAll(answers(now));
        Thread.sleep(200); // the engine and the health checks run in real time
      } while (now.rollout().state() == RolloutState.PROGRESSING && System.nanoTime() < deadline);

      assertThat(now.rollout().state()).isEqualTo(RolloutState.COMPLETE);
      assertThat(answers(now)).containsExactly("v2");
      assertThat(seen).containsExactly("v1", "v2");
      assertThat(now.tasks()).filteredOn(t -> t.version() == 1).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.KILLED));
    } finally {
      workloads.delete(alice, slug, web.id());
      reconciler.round(); // stops the containers
    }
  }

  @org.springframework.beans.factory.annotation.Autowired Rollouts rollouts;

  /** httpd serving {@code page}; the page is written before httpd listens, so a healthy task serves it. */
  private static String serve(String page) {
    return "mkdir -p /www; echo " + page + " > /www/index.html; httpd -f -p 8080 -h /www";
  }

  /**
   * What every RUNNING task's endpoint answers; each must answer, since a task is RUNNING only once
   * its check passed and is stopped only after it is no longer RUNNING.
   */
  private Set<String> answers(Workload w) throws InterruptedException {
    Set<String> pages = new TreeSet<>();
    for (Task task : w.tasks()) {
      if (task.state() == TaskState.RUNNING) {
        String address = task.endpoints().get("http");
        assertThat(address).as("endpoint of task %s", task.id()).isNotNull();
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/")).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).isEqualTo(200);
          pages.add(response.body().trim());
        } catch (IOException e) {
          throw new AssertionError("task " + task.instance() + " (version " + task.version() + ") is RUNNING but " + address + " does not answer: " + e, e);
        }
      }
    }
    return pages;
  }

  private Workload roundsUntil(Actor actor, String slug, Workload w, Predicate<Workload> done) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Workload now;
    do {
      reconciler.round();
      now = workloads.get(actor, slug, w.id());
      Thread.sleep(200);
    } while (!done.test(now) && System.nanoTime() < deadline);
    assertThat(done.test(now)).as("in time: %s", now.tasks()).isTrue();
    return now;
  }
}
