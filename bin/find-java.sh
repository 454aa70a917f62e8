# Sourced by bin/ scripts: finds a JDK >= 21 (MODE needs it for Lucene 10) and exports JAVA_HOME and JAVA.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm (or $MODE_JVM_DIR).

mode_java_major() {
  # prints the feature version of the java binary $1 (e.g. 17, 21, 25), or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

mode_find_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(mode_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      best="$JAVA_HOME"; best_major=$major
    fi
  fi
  if [ -z "$best" ]; then
    for candidate in "${MODE_JVM_DIR:-/usr/lib/jvm}"/*; do
      [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
      major=$(mode_java_major "$candidate/bin/java")
      if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
        best="$candidate"; best_major=$major
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "mode: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, looked in ${MODE_JVM_DIR:-/usr/lib/jvm})." >&2
    echo "mode: install one (e.g. 'apt-get install openjdk-21-jdk') or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export JAVA="$best/bin/java"
  export MODE_JAVA_MAJOR="$best_major"
  # Maven 3.8 on JDK 24+ warns about sun.misc.Unsafe on every run; the flag only exists from JDK 23.
  if [ "$best_major" -ge 23 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}
