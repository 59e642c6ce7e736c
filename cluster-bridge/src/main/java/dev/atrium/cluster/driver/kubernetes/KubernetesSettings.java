package dev.atrium.cluster.driver.kubernetes;

/**
 * A {@code kubernetes} pool: a real cluster through the fabric8 client.
 *
 * @param masterUrl the API server; empty: the usual kubeconfig ({@code KUBECONFIG}, {@code
 *     ~/.kube/config}) or the service account when Atrium runs inside the cluster
 * @param context the kubeconfig context to use; empty: its current context
 */
public record KubernetesSettings(String masterUrl, String context) {}
