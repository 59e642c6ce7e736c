#!/usr/bin/env bash
# Checks Atrium's Kubernetes manifests without a cluster: renders a kustomization (by default this base)
# and checks every object with ManifestCheck.java beside this script, against the API types of
# Kubernetes' Java client plus what the API server or a running cluster would refuse (README.md here).
#
#   infra/kubernetes/validate.sh                 the base
#   infra/kubernetes/validate.sh path/to/overlay an overlay of it
#   infra/kubernetes/validate.sh --self-test     the base, then broken copies of it, each of which must fail
#
# Needs kubectl (its built-in kustomize: Debian's kubectl 1.20 has kustomize v2.0.3, enough for this base)
# or a kustomize binary, a JDK 17, and five jars from Maven Central that it fetches once into ~/.m2
# through ./mvnw. Set KUSTOMIZE to choose the renderer, e.g. KUSTOMIZE="kustomize build".
#
# Why not `kubectl apply --dry-run=client` or `kubectl create --dry-run=client`: even a client dry run asks
# the API server for its list of resources, and for its OpenAPI document to validate; with no cluster it
# fails, with --validate=false too (kubectl 1.20 and 1.32 alike).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
m2="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
jars=(
  io.kubernetes:client-java-api:27.0.0
  io.gsonfire:gson-fire:1.9.0
  com.google.code.gson:gson:2.13.2
  org.yaml:snakeyaml:2.4
  org.apache.commons:commons-lang3:3.17.0
)

fail() {
  echo "validate.sh: $*" >&2
  exit 1
}

# The renderer.
if [ -n "${KUSTOMIZE:-}" ]; then
  read -r -a render <<<"$KUSTOMIZE"
elif command -v kustomize >/dev/null 2>&1; then
  render=(kustomize build)
elif command -v kubectl >/dev/null 2>&1; then
  render=(kubectl kustomize)
else
  fail "needs kubectl (or kustomize) to render the manifests. On Debian:
  apt-get install -y kubernetes-client"
fi

# The JDK (the check is compiled from source).
if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
  fail "needs a JDK 17 (java and javac). On Debian:
  apt-get install -y openjdk-17-jdk-headless"
fi

# The jars, from the local Maven repository; fetched from Maven Central the first time.
classpath=""
for gav in "${jars[@]}"; do
  IFS=: read -r group artifact version <<<"$gav"
  jar="$m2/${group//.//}/$artifact/$version/$artifact-$version.jar"
  if [ ! -f "$jar" ]; then
    echo "Fetching $gav from Maven Central (once)"
    (cd "$repo" && ./mvnw -N -q -B dependency:get -Dmaven.repo.local="$m2" -Dtransitive=false -Dartifact="$gav") >&2 \
      || fail "could not fetch $gav; with Maven Central reachable, run in $repo:
  ./mvnw -N -B dependency:get -Dmaven.repo.local=$m2 -Dtransitive=false -Dartifact=$gav"
    [ -f "$jar" ] || fail "$jar is still missing after fetching it"
  fi
  classpath="$classpath${classpath:+:}$jar"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -nowarn -d "$work/classes" -cp "$classpath" "$here/ManifestCheck.java" \
  || fail "ManifestCheck.java does not compile"

# Renders $1 and checks the result; prints what is wrong and returns non-zero when anything is.
check() {
  local dir="$1" out="$work/rendered.yaml"
  if ! "${render[@]}" "$dir" >"$out" 2>"$work/render.err"; then
    echo "  ERROR ${render[*]} $dir failed:"
    sed 's/^/    /' "$work/render.err"
    return 1
  fi
  # kustomize 5 warns that commonLabels is deprecated: it is kept on purpose, kustomize 2 knows no other.
  grep -v "'commonLabels' is deprecated" "$work/render.err" | sed 's/^/  /' >&2 || true
  java -cp "$work/classes:$classpath" ManifestCheck "$out"
}

# The base keeps to what kustomize 2.0.3 (Debian's kubectl 1.20) reads too, whichever kustomize runs here.
base_fields() {
  local unknown
  unknown="$(grep -oE '^[A-Za-z][A-Za-z0-9]*:' "$1/kustomization.yaml" | tr -d : \
    | grep -vxE 'apiVersion|kind|resources|namespace|commonLabels|commonAnnotations|images|namePrefix|nameSuffix' || true)"
  if [ -n "$unknown" ]; then
    echo "  ERROR kustomization.yaml uses ${unknown//$'\n'/, }: the base keeps to resources, namespace, commonLabels, commonAnnotations, images, namePrefix and nameSuffix, which kustomize 2.0.3 (kubectl 1.20) reads too"
    return 1
  fi
}

if [ "${1:-}" != "--self-test" ]; then
  dir="${1:-$here}"
  echo "Rendering $dir with ${render[*]}, checking it offline"
  if [ "$(cd "$dir" && pwd)" = "$here" ]; then
    base_fields "$here" || fail "the base is not valid (above)"
  fi
  check "$dir" || fail "the manifests in $dir are not valid (above)"
  exit 0
fi

# --self-test: the base must pass, and each broken copy must fail.
echo "Rendering $here with ${render[*]}, checking it offline"
if ! base_fields "$here" || ! check "$here"; then
  fail "the base is not valid (above)"
fi
mutations=(
  "deployment.yaml|s/^  replicas: 2/  replicass: 2/|an unknown field (typo)"
  "deployment.yaml|s/^        - name: atrium$/        - nam: atrium/|an unknown field deep in the pod template"
  "poddisruptionbudget.yaml|s#^apiVersion: policy/v1\$#apiVersion: policy/v1beta1#|an apiVersion that is gone"
  "ingress.yaml|s#^apiVersion: networking.k8s.io/v1\$#apiVersion: apps/v1#|a kind its apiVersion does not serve"
  "service.yaml|0,/^kind: Service/s/^kind: Service/kind: Servcie/|a misspelt kind"
  "deployment.yaml|s/^  replicas: 2/  replicas: two/|a string where a number belongs"
  "configmap.yaml|s/^  ATRIUM_PORT: \"8080\"/  ATRIUM_PORT: 8080/|a number where a string belongs"
  "deployment.yaml|s/readOnlyRootFilesystem: true/readOnlyRootFilesystem: \"true\"/|a string where a boolean belongs"
  "deployment.yaml|s/cpu: 500m/cpu: 500mc/|a quantity that does not parse"
  "deployment.yaml|s/memory: 1Gi/memory: 2Gi/|requests above limits"
  "deployment.yaml|0,/matchLabels:/s//matchLabels:\\n      app.kubernetes.io\\/component: portal/|a selector that misses its pod template"
  "deployment.yaml|0,/port: management/s//port: metrics/|a probe on a port the container does not name"
  "deployment.yaml|s/mountPath: \\/tmp/mountPath: \\/tmp\\n              subPath: x\\n            - name: cache\\n              mountPath: \\/cache/|a mount of a volume the pod does not have"
  "service.yaml|s/targetPort: http$/targetPort: web/|a Service port aimed at no container port"
  "service.yaml|0,/selector:/s//selector:\\n    app.kubernetes.io\\/component: web/|a Service selecting no pod"
  "ingress.yaml|s/name: http$/name: https/|an Ingress aimed at no Service port"
  "ingress.yaml|s/pathType: Prefix/pathType: prefix/|an enum value out of its set"
  "rbac.yaml|s/verbs: \\[\"list\"\\]/verbs: [\"lsit\"]/|an RBAC verb that does not exist"
  "rbac.yaml|s/^    name: atrium$/    name: atrium-portal/|a binding to a ServiceAccount that is not there"
  "kustomization.yaml|/configmap.yaml/d|a ConfigMap referred to but not there"
  "kustomization.yaml|s/^commonLabels:/labels:\\n  - includeSelectors: true\\n    pairs:\\n      app.kubernetes.io\\/managed-by: kustomize\\ncommonLabels:/|a kustomization field that kubectl 1.20 does not read"
  "configmap.yaml|s/^  ATRIUM_PORT: \"8080\"/  ATRIUM_PORT: \"8080\"\\n ATRIUM_HOME: x/|a YAML syntax error"
)
failed=0
rendered=()
declare -A whats=()
for i in "${!mutations[@]}"; do
  IFS='|' read -r file script what <<<"${mutations[$i]}"
  rm -rf "$work/copy" && cp -r "$here" "$work/copy"
  sed -i -e "$script" "$work/copy/$file"
  if cmp -s "$here/$file" "$work/copy/$file"; then
    echo "self-test: the mutation for \"$what\" changed nothing in $file" >&2
    failed=1
  elif ! base_fields "$work/copy" >"$work/render.err"; then
    echo "  caught: $what: $(sed 's/^ *ERROR //' "$work/render.err" | cut -c1-120)"
  elif ! "${render[@]}" "$work/copy" >"$work/mutation-$i.yaml" 2>"$work/render.err"; then
    echo "  caught: $what: ${render[*]} failed: $(grep -v "commonLabels' is deprecated" "$work/render.err" | grep -m1 . | cut -c1-120)"
  else
    rendered+=("$work/mutation-$i.yaml")
    whats["$work/mutation-$i.yaml"]="$what ($file)"
  fi
done
# The rendered ones in one run of the check: each must fail.
if [ ${#rendered[@]} -gt 0 ]; then
  java -cp "$work/classes:$classpath" ManifestCheck "${rendered[@]}" >"$work/results" || true
  for f in "${rendered[@]}"; do
    line="$(grep -m1 -F "$f " "$work/results" || true)"
    case "$line" in
      "$f ERROR "*) echo "  caught: ${whats[$f]}: ${line#"$f ERROR "}" | cut -c1-200 ;;
      *) echo "self-test: NOT caught: ${whats[$f]}" >&2; failed=1 ;;
    esac
  done
fi
[ "$failed" -eq 0 ] || fail "the self-test found broken manifests that pass the check"
echo "Self-test: ${#mutations[@]} broken copies of the base, each caught"
