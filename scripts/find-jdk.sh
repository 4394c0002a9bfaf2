# Sourced by ./parley, ./run-tests and .ci/run: sets JAVA_HOME to a JDK of 21 or newer.
# Looks at $JAVA_HOME, then the `java` on the PATH, then /usr/lib/jvm/*; prints one line and
# returns 1 when there is none.

parley_java_major() {
  # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {print $2; exit}' | sed 's/^1\.//; s/\..*//'
}

parley_find_jdk() {
  local candidates=() c home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)")
    candidates+=("${c%/bin/java}")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(parley_java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$home"
      parley_quiet_maven "$major"
      return 0
    fi
  done
  echo "parley: needs a JDK 21 or newer; install one (Debian: apt-get install openjdk-21-jdk, or any JDK 21+ from adoptium.net) or set JAVA_HOME to it" >&2
  return 1
}

parley_quiet_maven() {
  # Maven's own libraries (Guice, Jansi) use sun.misc.Unsafe and native access, which JDK 24 and
  # later warn about on every build; the warnings are Maven's, not Parley's, so let them through
  # quietly. Only JDKs that know the option get it (an unknown option stops older ones).
  local opts="--enable-native-access=ALL-UNNAMED"
  [ "$1" -ge 24 ] 2>/dev/null && opts="$opts --sun-misc-unsafe-memory-access=allow"
  case " ${MAVEN_OPTS:-} " in
    *" $opts "*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }$opts" ;;
  esac
}
