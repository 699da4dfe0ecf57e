#!/usr/bin/env bash
# Apache Kafka for the Kafka proofs (`make kafka`; README, "Proofs against real servers"): the broker (kafka_2.13),
# its command-line tools (kafka-tools) and a logging backend, as jars from Maven Central, resolved by Maven from
# kafka/pom.xml into one directory that tests put on the classpath. Apache ships no Debian package, and its binary
# tarball comes from a download site CI cannot reach; Maven Central it can. Needs a JDK 17+ and Maven (apt).
#
#   testenv/servers/install-kafka.sh              install, unless this version is installed already
#   testenv/servers/install-kafka.sh --print-dir  print the install directory (jars in libs/) and exit
#
# The cache is ${XDG_CACHE_HOME:-~/.cache}/aivenator/servers/kafka-<version>, with Maven's own repository beside it
# (a new Kafka version downloads only what changed). A new version or a changed pom installs afresh.
set -euo pipefail

# 4.3.1: the newest release whose kafka-tools is on Maven Central (4.4.0's is not).
KAFKA_VERSION=4.3.1

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/aivenator/servers
dir="$cache_root/kafka-$KAFKA_VERSION"
pom="$here/kafka/pom.xml"

case "${1:-}" in
  --print-dir) echo "$dir"; exit 0 ;;
  '') ;;
  *) echo "usage: $0 [--print-dir]" >&2; exit 2 ;;
esac

log() { printf '[servers/kafka] %s\n' "$*" >&2; }

# The marker holds the pom's hash: editing the pom (a logging version, an exclusion) reinstalls.
pom_hash=$(sha256sum "$pom" | cut -d' ' -f1)
if [ "$(cat "$dir/.installed" 2>/dev/null)" = "$pom_hash" ]; then
  exit 0
fi

start=$(date +%s)

# Kafka 4 brokers need Java 17 or newer; Debian 12's JDK is 17.
java_major() { java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if ! command -v mvn >/dev/null || ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
  log "installing a JDK and Maven (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven >/dev/null
fi

# Resolved into a scratch directory, moved into place whole: an interrupted install leaves no half-filled cache.
mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.kafka-$KAFKA_VERSION.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$pom" "$work/pom.xml" # Maven writes its target/ beside the pom: keep that out of the work tree
log "resolving Apache Kafka $KAFKA_VERSION from Maven Central"
# Maven's output (terminal escapes even in batch mode) goes to a log, shown only when it failed.
if ! mvn --batch-mode --no-transfer-progress \
  -f "$work/pom.xml" \
  -Dmaven.repo.local="$cache_root/maven-repository" \
  -Dkafka.version="$KAFKA_VERSION" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/libs" >"$work/maven.log" 2>&1; then
  tail -n 40 "$work/maven.log" >&2
  exit 1
fi
rm -rf "$work/target" "$work/pom.xml" "$work/maven.log"
printf '%s\n' "$pom_hash" >"$work/.installed"

rm -rf "$dir"
mv "$work" "$dir"
trap - EXIT
log "$(find "$dir/libs" -name '*.jar' | wc -l) jars in $dir/libs, done in $(($(date +%s) - start)) s"
