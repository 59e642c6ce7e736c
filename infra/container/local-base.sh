#!/usr/bin/env bash
# A Java 17 runtime image made from this host's JDK, for building Atrium's image where no registry is
# reachable (the Containerfile's default base, eclipse-temurin:17-jre, is a download):
#
#   podman build --build-arg BASE="$(infra/container/local-base.sh)" -f infra/container/Containerfile -t atrium:dev .
#
#   infra/container/local-base.sh [image]   make the image unless it exists (default
#                                           localhost/atrium-base-jre17:local); prints its name
#   JDK=/path/to/jdk-17 infra/container/local-base.sh   another JDK 17 (default: Debian's openjdk-17)
#
# Takes some 10 seconds, once: later calls find the image and only print its name. To make it again
# (e.g. after a JDK update), remove it first: podman rmi localhost/atrium-base-jre17:local.
#
# What is in it: the modules of a Java 17 JRE (jlink, from the JDK's jmods: the package
# openjdk-17-jdk-headless on Debian) in /opt/java/openjdk as in eclipse-temurin, the shared libraries
# the runtime links to (found with ldd), the host's busybox as /bin/sh and the usual commands (the
# Containerfile's build stage runs a shell command), the C.UTF-8 locale, an empty /etc and /tmp. No
# package manager and no user accounts: Atrium's image runs as the bare uid 10001.
set -euo pipefail

image="${1:-localhost/atrium-base-jre17:local}"
jdk="${JDK:-/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture 2>/dev/null || echo amd64)}"

if podman image exists "$image"; then
  echo "$image"
  exit 0
fi

if ! grep -q '^JAVA_VERSION="17' "$jdk/release" 2>/dev/null; then
  echo "No JDK 17 at $jdk: install openjdk-17-jdk-headless, or name one with JDK=/path/to/jdk-17" >&2
  exit 1
fi
if [ ! -d "$jdk/jmods" ]; then
  echo "$jdk has no jmods to make a runtime from: install openjdk-17-jdk-headless" >&2
  exit 1
fi
if [ ! -x /bin/busybox ]; then
  echo "No /bin/busybox for the image's shell: install busybox-static" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
java_home="$rootfs/opt/java/openjdk"

# The modules eclipse-temurin's JRE has: Java SE and the runtime's own jdk.* modules, without the
# development tools (javac, jshell, jlink, ...). jlink writes real files: Debian's JDK links its
# configuration to /etc, which the image would not have.
modules=java.se,jdk.accessibility,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.dynalink,jdk.httpserver
modules+=,jdk.jdwp.agent,jdk.jfr,jdk.jsobject,jdk.localedata,jdk.management,jdk.management.agent
modules+=,jdk.management.jfr,jdk.naming.dns,jdk.naming.rmi,jdk.net,jdk.nio.mapmode,jdk.sctp
modules+=,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.xml.dom,jdk.zipfs
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --output "$java_home"

# The host's libraries the runtime links to, at the same paths (with the dynamic loader). A library
# ldd cannot find (say, X11 for java.desktop's windows on a host without it) is left out: a server
# runs headless and never loads it.
libraries="$(
  for binary in "$java_home"/bin/* $(find "$java_home/lib" -name '*.so'); do
    LD_LIBRARY_PATH="$java_home/lib:$java_home/lib/server" ldd "$binary" 2>/dev/null || true
  done | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | grep -v "^$java_home" | sort -u
)"
for library in $libraries; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done

# The C.UTF-8 locale (glibc's files, from Debian's libc-bin): in the POSIX locale the JVM would read
# and write file names and standard output as ASCII.
mkdir -p "$rootfs/usr/lib/locale"
cp -R /usr/lib/locale/C.utf8 "$rootfs/usr/lib/locale/"

mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for tool in $("$rootfs/bin/busybox" --list); do
  [ "$tool" = busybox ] || ln -s busybox "$rootfs/bin/$tool"
done

tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$work/rootfs.tar" .
podman import --quiet \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["java", "-version"]' \
  "$work/rootfs.tar" "$image" >/dev/null
echo "$image"
