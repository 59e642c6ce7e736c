/*
 * Checks rendered Kubernetes manifests without a cluster; validate.sh runs it on the output of kustomize:
 *
 *   java -cp <client-java-api, gson, gson-fire, snakeyaml, commons-lang3> ManifestCheck.java rendered.yaml
 *
 * 1. Each object against the API types of Kubernetes' own Java client (io.kubernetes:client-java-api,
 *    generated from Kubernetes' OpenAPI document): an unknown field (a typo), a missing required field, a
 *    wrong type (also 8080 where a string belongs, "true" where a boolean does: the API server refuses
 *    both), a quantity that does not parse, an apiVersion that does not serve the kind.
 * 2. What the API server refuses although the types allow it: names, labels, a selector that does not
 *    match its pod template, requests above limits, duplicate objects, unknown enum values.
 * 3. What would apply but not work: a Service, Ingress, PodDisruptionBudget or NetworkPolicy selecting
 *    nothing, a named port, volume, ConfigMap, ServiceAccount or Role that is not there, a binding to a
 *    ServiceAccount of another namespace.
 *
 * Secrets are never part of the manifests: those referred to are listed, for the operator to create.
 * Exit status 1 when anything is wrong, each finding on its own line.
 */

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

public class ManifestCheck {

  /** The built-in kinds this check knows, by API group. Another kind of these groups is an error. */
  static final Map<String, Set<String>> KINDS = Map.of(
      "", Set.of("ConfigMap", "Secret", "Service", "ServiceAccount", "Namespace", "PersistentVolumeClaim",
          "ResourceQuota", "LimitRange", "Pod", "Endpoints"),
      "apps", Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"),
      "batch", Set.of("Job", "CronJob"),
      "networking.k8s.io", Set.of("Ingress", "IngressClass", "NetworkPolicy"),
      "policy", Set.of("PodDisruptionBudget"),
      "rbac.authorization.k8s.io", Set.of("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"),
      "autoscaling", Set.of("HorizontalPodAutoscaler"),
      "scheduling.k8s.io", Set.of("PriorityClass"),
      "coordination.k8s.io", Set.of("Lease"));

  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "IngressClass", "PriorityClass");
  static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");
  static final Set<String> VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection",
      "*", "bind", "escalate", "impersonate", "use", "approve", "sign", "proxy");

  static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  static final Pattern RFC1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  record Obj(String group, String version, String kind, String namespace, String name, Map<String, Object> body) {
    String id() {
      return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
  }

  /** A pod template and the object that holds it. */
  record Pods(Obj owner, Map<String, Object> labels, Map<String, Object> spec) {}

  final List<String> errors = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final List<Obj> objects = new ArrayList<>();
  final Map<String, Set<String>> secrets = new TreeMap<>();

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: java -cp … ManifestCheck.java rendered.yaml…");
      System.exit(2);
    }
    if (args.length == 1) {
      ManifestCheck check = new ManifestCheck();
      check.run(Path.of(args[0]));
      check.notes.forEach(n -> System.out.println("  note: " + n));
      if (!check.secrets.isEmpty()) {
        System.out.println("  Secrets referred to, to exist in the cluster beforehand:");
        check.secrets.forEach((name, keys) -> System.out.println("    " + name + " (" + String.join(", ", keys) + ")"));
      }
      if (!check.errors.isEmpty()) {
        check.errors.forEach(e -> System.out.println("  ERROR " + e));
        System.out.println(check.errors.size() + " error(s) in " + check.objects.size() + " objects");
        System.exit(1);
      }
      System.out.println("  " + check.objects.size() + " objects, no error");
      return;
    }
    // Several renders (validate.sh --self-test): one line each, "<file> ok" or "<file> ERROR <the first>".
    boolean anyFailed = false;
    for (String file : args) {
      ManifestCheck check = new ManifestCheck();
      check.run(Path.of(file));
      anyFailed |= !check.errors.isEmpty();
      System.out.println(file + (check.errors.isEmpty() ? " ok" : " ERROR " + check.errors.get(0)));
    }
    System.exit(anyFailed ? 1 : 0);
  }

  void run(Path file) throws Exception {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    int index = 0;
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object doc : yaml.loadAll(reader)) {
        index++;
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map<?, ?> map)) {
          errors.add("document " + index + " is not an object");
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) map;
        typeCheck(index, body);
      }
    }
    if (objects.isEmpty()) {
      errors.add("no object at all: the render is empty");
    }
    Set<String> seen = new TreeSet<>();
    for (Obj o : objects) {
      if (!seen.add(o.group + "/" + o.id())) {
        errors.add(o.id() + ": defined twice");
      }
    }
    for (Obj o : objects) {
      rules(o);
    }
  }

  /** Step 1: the object against the client's type for its apiVersion and kind. */
  void typeCheck(int index, Map<String, Object> body) {
    String apiVersion = str(body.get("apiVersion"));
    String kind = str(body.get("kind"));
    Map<String, Object> metadata = map(body.get("metadata"));
    String name = str(metadata.get("name"));
    String where = (kind == null ? "document " + index : kind) + " " + (name == null ? "(no name)" : name);
    if (apiVersion == null || kind == null || name == null) {
      errors.add(where + ": apiVersion, kind and metadata.name are required");
      return;
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    Obj obj = new Obj(group, version, kind, str(metadata.get("namespace")), name, body);
    Set<String> kinds = KINDS.get(group);
    if (kinds == null && !group.isEmpty() && !group.endsWith(".k8s.io") && group.contains(".")) {
      notes.add(obj.id() + " (" + apiVersion + "): a custom resource, its fields are not checked");
      objects.add(obj);
      return;
    }
    if (kinds == null || !kinds.contains(kind)) {
      errors.add(obj.id() + ": " + apiVersion + " has no kind " + kind + " known to this check");
      return;
    }
    Class<?> type;
    try {
      type = Class.forName("io.kubernetes.client.openapi.models."
          + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind);
    } catch (ClassNotFoundException e) {
      errors.add(obj.id() + ": apiVersion " + apiVersion + " does not serve " + kind + " (removed or never there)");
      return;
    }
    JsonElement tree = new Gson().toJsonTree(body);
    try {
      type.getMethod("validateJsonElement", JsonElement.class).invoke(null, tree);
      Object typed = JSON.getGson().fromJson(tree, type);
      // The client's reader turns 8080 into "8080" where a string belongs, and back: the API server does not.
      sameTypes(obj, "", tree, JSON.getGson().toJsonTree(typed));
    } catch (InvocationTargetException e) {
      errors.add(obj.id() + ": " + clean(e.getCause()));
      return;
    } catch (RuntimeException e) {
      errors.add(obj.id() + ": " + clean(e));
      return;
    } catch (LinkageError e) {
      errors.add(obj.id() + ": the check itself failed (a jar missing from its class path?): " + e);
      return;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    objects.add(obj);
  }

  /** Where the manifest has a number or boolean and the type a string, or the reverse. */
  void sameTypes(Obj obj, String path, JsonElement given, JsonElement typed) {
    if (given == null || typed == null || typed.isJsonNull()) {
      return;
    }
    if (given.isJsonObject() && typed.isJsonObject()) {
      given.getAsJsonObject().entrySet().forEach(e ->
          sameTypes(obj, path + (path.isEmpty() ? "" : ".") + e.getKey(), e.getValue(), typed.getAsJsonObject().get(e.getKey())));
    } else if (given.isJsonArray() && typed.isJsonArray()) {
      for (int i = 0; i < Math.min(given.getAsJsonArray().size(), typed.getAsJsonArray().size()); i++) {
        sameTypes(obj, path + "[" + i + "]", given.getAsJsonArray().get(i), typed.getAsJsonArray().get(i));
      }
    } else if (given.isJsonPrimitive() && typed.isJsonPrimitive()) {
      boolean givenString = given.getAsJsonPrimitive().isString();
      boolean typedString = typed.getAsJsonPrimitive().isString();
      if (!givenString && typedString) {
        errors.add(obj.id() + ": " + path + " must be a string: quote " + given);
      } else if (givenString && !typedString) {
        errors.add(obj.id() + ": " + path + " must be a " + (typed.getAsJsonPrimitive().isBoolean() ? "boolean" : "number")
            + ", not the string " + given);
      }
    }
  }

  static String clean(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    message = message.replaceAll("(?s)\\. JSON: .*", "").replaceAll("(?s) in the JSON string: .*", "");
    message = message.replaceAll("The field `([^`]*)` in the JSON string is not defined in the `([^`]*)` properties",
        "unknown field `$1` in $2");
    if (e.getCause() instanceof NumberFormatException n) {
      message = "not a number: " + n.getMessage().replace("For input string: ", "");
    } else if (e.getCause() != null && e instanceof com.google.gson.JsonSyntaxException) {
      message = e.getCause().toString();
    } else if (e instanceof io.kubernetes.client.custom.QuantityFormatException) {
      message = "a quantity that does not parse: " + message;
    }
    return message.replaceAll("(?s)\\s+", " ");
  }

  /** Steps 2 and 3. */
  void rules(Obj o) {
    if (!(o.name.length() <= 253 && SUBDOMAIN.matcher(o.name).matches())) {
      errors.add(o.id() + ": the name must be lowercase letters, digits, '-' and '.'");
    }
    if (Set.of("Service", "Namespace").contains(o.kind) && !(o.name.length() <= 63 && RFC1035.matcher(o.name).matches())) {
      errors.add(o.id() + ": a " + o.kind + " name is a DNS label (63 characters at most, a letter first)");
    }
    if (CLUSTER_SCOPED.contains(o.kind) && o.namespace != null) {
      errors.add(o.id() + ": a " + o.kind + " has no namespace");
    }
    Map<String, Object> metadata = map(o.body.get("metadata"));
    labels(o, "metadata.labels", map(metadata.get("labels")));
    Map<String, Object> spec = map(o.body.get("spec"));
    Pods pods = pods(o);
    if (pods != null) {
      podRules(pods);
      if (!o.kind.equals("CronJob") && !o.kind.equals("Job") && !o.kind.equals("Pod")) {
        Map<String, Object> selector = map(spec.get("selector"));
        if (selector.isEmpty()) {
          errors.add(o.id() + ": spec.selector is required");
        } else if (!selects(selector, pods.labels)) {
          errors.add(o.id() + ": spec.selector does not match the pod template's labels " + pods.labels);
        }
      }
    }
    switch (o.kind) {
      case "Service" -> service(o, spec);
      case "Ingress" -> ingress(o, spec);
      case "PodDisruptionBudget" -> {
        if (spec.get("minAvailable") != null && spec.get("maxUnavailable") != null) {
          errors.add(o.id() + ": minAvailable and maxUnavailable exclude each other");
        }
        selectsSomePods(o, map(spec.get("selector")), "spec.selector");
      }
      case "NetworkPolicy" -> {
        Map<String, Object> selector = map(spec.get("podSelector"));
        if (!selector.isEmpty()) {
          selectsSomePods(o, selector, "spec.podSelector");
        }
        for (String section : List.of("ingress", "egress")) {
          for (Object rule : list(spec.get(section))) {
            for (Object port : list(map(rule).get("ports"))) {
              protocol(o, "spec." + section + "[].ports[].protocol", map(port).get("protocol"));
            }
          }
        }
        for (Object type : list(spec.get("policyTypes"))) {
          oneOf(o, "spec.policyTypes", type, Set.of("Ingress", "Egress"));
        }
      }
      case "ClusterRole", "Role" -> {
        for (Object rule : list(o.body.get("rules"))) {
          Map<String, Object> r = map(rule);
          for (Object verb : list(r.get("verbs"))) {
            oneOf(o, "rules[].verbs", verb, VERBS);
          }
          if (list(r.get("verbs")).isEmpty()) {
            errors.add(o.id() + ": a rule without verbs");
          }
          if (list(r.get("nonResourceURLs")).isEmpty() && (list(r.get("resources")).isEmpty() || r.get("apiGroups") == null)) {
            errors.add(o.id() + ": a rule needs apiGroups and resources (or nonResourceURLs)");
          }
        }
      }
      case "ClusterRoleBinding", "RoleBinding" -> binding(o);
      default -> {}
    }
  }

  /** The pod template of a workload, or null. */
  Pods pods(Obj o) {
    Map<String, Object> spec = map(o.body.get("spec"));
    Map<String, Object> template;
    switch (o.kind) {
      case "Pod" -> {
        return new Pods(o, map(map(o.body.get("metadata")).get("labels")), spec);
      }
      case "CronJob" -> template = map(map(map(map(spec.get("jobTemplate")).get("spec"))).get("template"));
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> template = map(spec.get("template"));
      default -> {
        return null;
      }
    }
    return new Pods(o, map(map(template.get("metadata")).get("labels")), map(template.get("spec")));
  }

  void podRules(Pods pods) {
    Obj o = pods.owner;
    Map<String, Object> spec = pods.spec;
    labels(o, "pod template labels", pods.labels);
    Set<String> volumes = new TreeSet<>();
    for (Object v : list(spec.get("volumes"))) {
      volumes.add(str(map(v).get("name")));
      String configMap = str(map(map(v).get("configMap")).get("name"));
      if (configMap != null) {
        needConfigMap(o, configMap, map(map(v).get("configMap")).get("optional"));
      }
      String secret = str(map(map(v).get("secret")).get("secretName"));
      if (secret != null) {
        secrets.computeIfAbsent(secret, k -> new TreeSet<>()).add("as a volume");
      }
    }
    String account = str(spec.get("serviceAccountName"));
    if (account != null && !account.equals("default") && find("ServiceAccount", o.namespace, account) == null) {
      errors.add(o.id() + ": ServiceAccount " + account + " is not among the manifests");
    }
    oneOf(o, "restartPolicy", spec.get("restartPolicy"), Set.of("Always", "OnFailure", "Never"));
    List<Object> containers = new ArrayList<>(list(spec.get("containers")));
    if (containers.isEmpty()) {
      errors.add(o.id() + ": no container");
    }
    containers.addAll(list(spec.get("initContainers")));
    Set<String> names = new TreeSet<>();
    for (Object c : containers) {
      Map<String, Object> container = map(c);
      String name = str(container.get("name"));
      String where = o.id() + " container " + name;
      if (!names.add(name)) {
        errors.add(where + ": two containers of that name");
      }
      if (name == null || !(name.length() <= 63 && LABEL.matcher(name).matches())) {
        errors.add(where + ": the name must be a DNS label");
      }
      if (str(container.get("image")) == null || str(container.get("image")).isBlank()) {
        errors.add(where + ": no image");
      }
      oneOf(o, "imagePullPolicy", container.get("imagePullPolicy"), Set.of("Always", "IfNotPresent", "Never"));
      Set<String> portNames = new TreeSet<>();
      for (Object p : list(container.get("ports"))) {
        Map<String, Object> port = map(p);
        String portName = str(port.get("name"));
        if (portName != null && (portName.length() > 15 || !LABEL.matcher(portName).matches() || !portName.matches(".*[a-z].*"))) {
          errors.add(where + ": port name " + portName + " must be at most 15 lowercase letters, digits and '-'");
        }
        if (portName != null && !portNames.add(portName)) {
          errors.add(where + ": two ports named " + portName);
        }
        protocol(o, "ports[].protocol", port.get("protocol"));
      }
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        Map<String, Object> p = map(container.get(probe));
        for (String action : List.of("httpGet", "tcpSocket", "grpc")) {
          Object port = map(p.get(action)).get("port");
          if (port instanceof String named && !portNames.contains(named)) {
            errors.add(where + ": " + probe + " uses port " + named + ", which the container does not name");
          }
        }
      }
      for (Object m : list(container.get("volumeMounts"))) {
        String volume = str(map(m).get("name"));
        if (!volumes.contains(volume)) {
          errors.add(where + ": mounts volume " + volume + ", which the pod does not have");
        }
      }
      for (Object e : list(container.get("env"))) {
        Map<String, Object> env = map(e);
        String var = str(env.get("name"));
        if (var == null || !ENV_NAME.matcher(var).matches()) {
          errors.add(where + ": env name " + var + " is not a valid variable name");
        }
        Map<String, Object> from = map(env.get("valueFrom"));
        Map<String, Object> secretRef = map(from.get("secretKeyRef"));
        if (!secretRef.isEmpty()) {
          secrets.computeIfAbsent(str(secretRef.get("name")), k -> new TreeSet<>()).add(str(secretRef.get("key")));
        }
        Map<String, Object> configRef = map(from.get("configMapKeyRef"));
        if (!configRef.isEmpty()) {
          needConfigMap(o, str(configRef.get("name")), configRef.get("optional"));
        }
      }
      for (Object e : list(container.get("envFrom"))) {
        Map<String, Object> configRef = map(map(e).get("configMapRef"));
        if (!configRef.isEmpty()) {
          needConfigMap(o, str(configRef.get("name")), configRef.get("optional"));
        }
        Map<String, Object> secretRef = map(map(e).get("secretRef"));
        if (!secretRef.isEmpty()) {
          secrets.computeIfAbsent(str(secretRef.get("name")), k -> new TreeSet<>()).add("all keys as env");
        }
      }
      Map<String, Object> resources = map(container.get("resources"));
      Map<String, Object> limits = map(resources.get("limits"));
      map(resources.get("requests")).forEach((resource, request) -> {
        Object limit = limits.get(resource);
        if (limit != null && amount(request).compareTo(amount(limit)) > 0) {
          errors.add(where + ": requests " + resource + " " + request + " above its limit " + limit);
        }
      });
    }
  }

  void needConfigMap(Obj o, String name, Object optional) {
    if (!Boolean.TRUE.equals(optional) && find("ConfigMap", o.namespace, name) == null) {
      errors.add(o.id() + ": ConfigMap " + name + " is not among the manifests");
    }
  }

  void service(Obj o, Map<String, Object> spec) {
    oneOf(o, "spec.type", spec.get("type"), Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"));
    List<Object> ports = list(spec.get("ports"));
    Set<String> names = new TreeSet<>();
    for (Object p : ports) {
      Map<String, Object> port = map(p);
      protocol(o, "spec.ports[].protocol", port.get("protocol"));
      if (ports.size() > 1 && str(port.get("name")) == null) {
        errors.add(o.id() + ": with several ports, each needs a name");
      }
      if (str(port.get("name")) != null && !names.add(str(port.get("name")))) {
        errors.add(o.id() + ": two ports named " + port.get("name"));
      }
    }
    Map<String, Object> selector = map(spec.get("selector"));
    if (selector.isEmpty()) {
      return; // endpoints managed by hand
    }
    List<Pods> selected = podsIn(o.namespace).stream().filter(p -> matchLabels(selector, p.labels)).toList();
    if (selected.isEmpty()) {
      errors.add(o.id() + ": spec.selector " + selector + " matches no pod template among the manifests");
      return;
    }
    for (Object p : ports) {
      Object target = map(p).get("targetPort");
      if (target instanceof String named) {
        for (Pods pods : selected) {
          boolean found = list(pods.spec.get("containers")).stream()
              .flatMap(c -> list(map(c).get("ports")).stream())
              .anyMatch(cp -> named.equals(map(cp).get("name")));
          if (!found) {
            errors.add(o.id() + ": targetPort " + named + " is not a port name of " + pods.owner.id());
          }
        }
      }
    }
  }

  void ingress(Obj o, Map<String, Object> spec) {
    for (Object tls : list(spec.get("tls"))) {
      String secret = str(map(tls).get("secretName"));
      if (secret != null) {
        secrets.computeIfAbsent(secret, k -> new TreeSet<>()).add("a TLS certificate for " + o.id());
      }
    }
    List<Map<String, Object>> backends = new ArrayList<>();
    if (!map(spec.get("defaultBackend")).isEmpty()) {
      backends.add(map(spec.get("defaultBackend")));
    }
    for (Object rule : list(spec.get("rules"))) {
      for (Object path : list(map(map(rule).get("http")).get("paths"))) {
        oneOf(o, "pathType", map(path).get("pathType"), Set.of("Exact", "Prefix", "ImplementationSpecific"));
        backends.add(map(map(path).get("backend")));
      }
    }
    for (Map<String, Object> backend : backends) {
      Map<String, Object> service = map(backend.get("service"));
      if (service.isEmpty()) {
        continue;
      }
      Obj target = find("Service", o.namespace, str(service.get("name")));
      if (target == null) {
        errors.add(o.id() + ": backend Service " + service.get("name") + " is not among the manifests");
        continue;
      }
      Map<String, Object> port = map(service.get("port"));
      boolean found = list(map(target.body.get("spec")).get("ports")).stream()
          .anyMatch(sp -> (port.get("name") != null && port.get("name").equals(map(sp).get("name")))
              || (port.get("number") != null && port.get("number").equals(map(sp).get("port"))));
      if (!found) {
        errors.add(o.id() + ": backend port " + port + " is not a port of " + target.id());
      }
    }
  }

  void binding(Obj o) {
    Map<String, Object> roleRef = map(o.body.get("roleRef"));
    String kind = str(roleRef.get("kind"));
    String name = str(roleRef.get("name"));
    oneOf(o, "roleRef.kind", kind, o.kind.equals("RoleBinding") ? Set.of("Role", "ClusterRole") : Set.of("ClusterRole"));
    boolean builtIn = "ClusterRole".equals(kind) && (Set.of("cluster-admin", "admin", "edit", "view").contains(name)
        || (name != null && name.startsWith("system:")));
    if (!builtIn && find(kind, "Role".equals(kind) ? o.namespace : null, name) == null) {
      errors.add(o.id() + ": roleRef " + kind + " " + name + " is not among the manifests");
    }
    for (Object s : list(o.body.get("subjects"))) {
      Map<String, Object> subject = map(s);
      if (!"ServiceAccount".equals(subject.get("kind"))) {
        continue;
      }
      String namespace = str(subject.get("namespace"));
      if (namespace == null) {
        namespace = o.namespace;
      }
      if (namespace == null) {
        errors.add(o.id() + ": subject ServiceAccount " + subject.get("name") + " needs a namespace");
        continue;
      }
      String account = str(subject.get("name"));
      String ns = namespace;
      if (find("ServiceAccount", ns, account) == null) {
        boolean elsewhere = objects.stream().anyMatch(x -> x.kind.equals("ServiceAccount") && x.name.equals(account));
        errors.add(o.id() + ": subject ServiceAccount " + ns + "/" + account + " is not among the manifests"
            + (elsewhere ? " (it is, in another namespace)" : ""));
      }
    }
  }

  void selectsSomePods(Obj o, Map<String, Object> selector, String field) {
    if (podsIn(o.namespace).stream().noneMatch(p -> selects(selector, p.labels))) {
      errors.add(o.id() + ": " + field + " matches no pod template among the manifests");
    }
  }

  List<Pods> podsIn(String namespace) {
    return objects.stream().filter(x -> Objects.equals(x.namespace, namespace) && WORKLOADS.contains(x.kind))
        .map(this::pods).filter(Objects::nonNull).toList();
  }

  Obj find(String kind, String namespace, String name) {
    return objects.stream()
        .filter(x -> x.kind.equals(kind) && x.name.equals(name) && Objects.equals(x.namespace, namespace))
        .findFirst().orElse(null);
  }

  /** A LabelSelector (matchLabels and matchExpressions) against labels. */
  static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    if (!matchLabels(map(selector.get("matchLabels")), labels)) {
      return false;
    }
    for (Object e : list(selector.get("matchExpressions"))) {
      Map<String, Object> expression = map(e);
      Object value = labels.get(str(expression.get("key")));
      List<Object> values = list(expression.get("values"));
      boolean ok = switch (String.valueOf(expression.get("operator"))) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static boolean matchLabels(Map<String, Object> wanted, Map<String, Object> labels) {
    return wanted.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(e.getValue()), String.valueOf(labels.get(e.getKey()))));
  }

  void labels(Obj o, String where, Map<String, Object> labels) {
    labels.forEach((key, value) -> {
      String name = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
      String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
      if (name.length() > 63 || !LABEL_NAME.matcher(name).matches() || (!prefix.isEmpty() && !SUBDOMAIN.matcher(prefix).matches())) {
        errors.add(o.id() + ": " + where + ": invalid label key " + key);
      }
      String v = value == null ? "" : String.valueOf(value);
      if (!v.isEmpty() && (v.length() > 63 || !LABEL_NAME.matcher(v).matches())) {
        errors.add(o.id() + ": " + where + ": invalid label value " + key + "=" + v);
      }
    });
  }

  void protocol(Obj o, String field, Object value) {
    oneOf(o, field, value, Set.of("TCP", "UDP", "SCTP"));
  }

  void oneOf(Obj o, String field, Object value, Set<String> allowed) {
    if (value != null && !allowed.contains(String.valueOf(value))) {
      errors.add(o.id() + ": " + field + " is " + value + ", one of " + new TreeSet<>(allowed) + " expected");
    }
  }

  static BigDecimal amount(Object quantity) {
    return new Quantity(String.valueOf(quantity)).getNumber();
  }

  static String str(Object o) {
    return o instanceof String s ? s : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }
}
