package dev.atrium.cluster.workload;

import dev.atrium.cluster.pool.Resources;
import java.util.List;
import java.util.Map;

/**
 * Workload specs that read like the request they are, for tests and benchmarks:
 * {@code WorkloadSpecs.service("web").cpu(500).instances(2).on("sim")}. Unless told otherwise: the
 * busybox image with its own command, 100 mCPU and 64 MiB per instance, one instance, no labels.
 */
public final class WorkloadSpecs {

  private final String name;
  private final WorkloadKind kind;
  private String image = "localhost/busybox:latest";
  private List<String> command = List.of();
  private Map<String, String> env = Map.of();
  private long cpuMillis = 100;
  private long memoryMiB = 64;
  private long gpus;
  private int instances = 1;
  private Map<String, String> nodeLabels = Map.of();
  private Integer durationSeconds;
  private java.util.UUID reservation;
  private CronSpec cron;
  private dev.atrium.cluster.health.HealthCheck healthCheck;
  private String spreadBy;
  private List<dev.atrium.cluster.endpoint.Port> ports = List.of();
  private RolloutStrategy rollout;

  private WorkloadSpecs(String name, WorkloadKind kind) {
    this.name = name;
    this.kind = kind;
  }

  public static WorkloadSpecs service(String name) {
    return new WorkloadSpecs(name, WorkloadKind.SERVICE);
  }

  public static WorkloadSpecs job(String name) {
    return new WorkloadSpecs(name, WorkloadKind.JOB);
  }

  /** A CRON workload on {@code schedule}, read in UTC, runs overlapping, five minutes to start. */
  public static WorkloadSpecs cron(String name, String schedule) {
    WorkloadSpecs specs = new WorkloadSpecs(name, WorkloadKind.CRON);
    specs.cron = new CronSpec(schedule, null, null, null, null);
    return specs;
  }

  /** The CRON workload's schedule read in {@code zone}. */
  public WorkloadSpecs zone(String zone) {
    cron = new CronSpec(cron.schedule(), zone, cron.concurrencyPolicy(), cron.startingDeadlineSeconds(), cron.suspended());
    return this;
  }

  public WorkloadSpecs policy(ConcurrencyPolicy policy) {
    cron = new CronSpec(cron.schedule(), cron.timeZone(), policy, cron.startingDeadlineSeconds(), cron.suspended());
    return this;
  }

  public WorkloadSpecs deadline(int seconds) {
    cron = new CronSpec(cron.schedule(), cron.timeZone(), cron.concurrencyPolicy(), seconds, cron.suspended());
    return this;
  }

  /** Checked by this health check. */
  public WorkloadSpecs health(dev.atrium.cluster.health.HealthCheck check) {
    this.healthCheck = check;
    return this;
  }

  /** Instances spread over the values of this node label first. */
  public WorkloadSpecs spreadBy(String label) {
    this.spreadBy = label;
    return this;
  }

  /** Listens on these ports. */
  public WorkloadSpecs ports(dev.atrium.cluster.endpoint.Port... ports) {
    this.ports = List.of(ports);
    return this;
  }

  /** Rolls new versions out with this surge and unavailability. */
  public WorkloadSpecs rollout(int maxSurge, int maxUnavailable) {
    this.rollout = new RolloutStrategy(maxSurge, maxUnavailable);
    return this;
  }

  /** Runs in the slots of this reservation of the tenant's. */
  public WorkloadSpecs in(java.util.UUID reservation) {
    this.reservation = reservation;
    return this;
  }

  public WorkloadSpecs image(String image) {
    this.image = image;
    return this;
  }

  public WorkloadSpecs command(String... command) {
    this.command = List.of(command);
    return this;
  }

  public WorkloadSpecs env(Map<String, String> env) {
    this.env = env;
    return this;
  }

  public WorkloadSpecs cpu(long millis) {
    this.cpuMillis = millis;
    return this;
  }

  public WorkloadSpecs memory(long mebibytes) {
    this.memoryMiB = mebibytes;
    return this;
  }

  public WorkloadSpecs gpus(long gpus) {
    this.gpus = gpus;
    return this;
  }

  public WorkloadSpecs resources(Resources each) {
    return cpu(each.cpuMillis()).memory(each.memoryMiB()).gpus(each.gpus());
  }

  public WorkloadSpecs instances(int instances) {
    this.instances = instances;
    return this;
  }

  public WorkloadSpecs labels(Map<String, String> nodeLabels) {
    this.nodeLabels = nodeLabels;
    return this;
  }

  /** How long a job runs on the simulated fleet. */
  public WorkloadSpecs runs(int seconds) {
    this.durationSeconds = seconds;
    return this;
  }

  /** The spec, for {@code pool}. */
  public WorkloadSpec on(String pool) {
    return new WorkloadSpec(name, kind, image, command, env, new Resources(cpuMillis, memoryMiB, gpus), instances, pool, nodeLabels, durationSeconds, reservation, cron, healthCheck, spreadBy, ports, rollout);
  }
}
