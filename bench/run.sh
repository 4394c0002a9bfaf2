#!/usr/bin/env bash
# One benchmark per call:  bench/run.sh intake|index|search|fanout|sink|crash|jmh|import [extra --key value args]
# Builds and installs Parley (tests skipped) when its sources changed since the last install,
# then runs the benchmark with its full classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
what="${1:?intake, fanout or jmh}"; shift
# the import benchmark runs ./parley and the peers' scripts, not the bench classes: its own script
if [ "$what" = import ]; then exec bench/import.sh "$@"; fi
jar="$HOME/.m2/repository/org/parley/parley/0.1.0-SNAPSHOT/parley-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B -DskipTests install
fi
./mvnw -q -B -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
cd bench
CP="$PWD/target/classes:$(cat target/cp.txt)"
# BENCH_JAR=/path/to/parley.jar runs another build of Parley (A/B runs of two commits, one after
# the other, without reinstalling between them)
if [ -n "${BENCH_JAR:-}" ]; then CP="${CP//$jar/$BENCH_JAR}"; fi
JAVA=("$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-}
      -Dparley.corpora=$PWD/../../shared/corpora
      -Dlogback.configurationFile="$PWD/src/main/resources/bench-logback.xml" -cp "$CP")
case "$what" in
  intake)
    # warm-up + timed messages come from one synthetic archive; BENCH_MESSAGES sizes it
    n="${BENCH_MESSAGES:-20000}"
    mbox="target/gen-$n.mbox"
    [ -f "$mbox" ] || python3 ../../shared/bench/gen-mbox.py --count "$n" --seed 1 -o "$mbox"
    exec "${JAVA[@]}" org.parley.bench.Intake --mbox "$mbox" "$@" ;;
  index)
    n="${BENCH_MESSAGES:-40000}"
    mbox="target/gen-$n.mbox"
    [ -f "$mbox" ] || python3 ../../shared/bench/gen-mbox.py --count "$n" --seed 1 -o "$mbox"
    exec "${JAVA[@]}" org.parley.bench.IndexBench --mbox "$mbox" "$@" ;;
  search)
    # the hostile queries of issue 16 on a large index; BENCH_MESSAGES sizes it (100,000)
    n="${BENCH_MESSAGES:-100000}"
    mbox="target/gen-$n.mbox"
    [ -f "$mbox" ] || python3 ../../shared/bench/gen-mbox.py --count "$n" --seed 1 -o "$mbox"
    exec "${JAVA[@]}" org.parley.bench.SearchBench --mbox "$mbox" --count "$n" "$@" ;;
  fanout) exec "${JAVA[@]}" org.parley.bench.FanOut "$@" ;;
  sink)   exec "${JAVA[@]}" org.parley.bench.Sink "$@" ;;
  crash)
    # the crash suite starts parley serve from its own class path again and again for many
    # minutes: it runs on copies of the two jars, so an install from another worktree meanwhile
    # cannot change the code under test halfway
    mkdir -p target/crash-jars
    tests="${jar%.jar}-tests.jar"
    cp "${BENCH_JAR:-$jar}" target/crash-jars/parley.jar
    cp "$tests" target/crash-jars/parley-tests.jar
    CP="${CP//${BENCH_JAR:-$jar}/$PWD/target/crash-jars/parley.jar}"
    CP="${CP//$tests/$PWD/target/crash-jars/parley-tests.jar}"
    JAVA=("$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-}
          -Dlogback.configurationFile="$PWD/src/main/resources/bench-logback.xml" -cp "$CP")
    exec "${JAVA[@]}" org.parley.testkit.crash.CrashSuite "$@" ;;
  jmh)    exec "${JAVA[@]}" org.openjdk.jmh.Main -jvmArgs "-Dparley.corpora=$PWD/../../shared/corpora" "$@" ;;
  *) echo "unknown benchmark $what" >&2; exit 2 ;;
esac
