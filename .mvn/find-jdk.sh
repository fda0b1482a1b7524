# Sourced by ./multitask, ./mvnw and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Order: $JAVA_HOME if it is >= 25, else the newest 25+ JDK in the system's JVM folder
# (/usr/lib/jvm on Debian), else a clear message and exit status 1.

multitask_jdk_feature() { # prints the feature release of the JDK at $1, or nothing
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -r "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s\n' "${version%%[.+-]*}"
}

multitask_find_jdk() {
  local need=25 feature candidate best="" best_feature=0
  if [ -n "${JAVA_HOME:-}" ]; then
    feature=$(multitask_jdk_feature "$JAVA_HOME")
    if [ -n "$feature" ] && [ "$feature" -ge "$need" ] 2>/dev/null; then
      export JAVA_HOME
      return 0
    fi
  fi
  for candidate in ${MULTITASK_JVM_DIR:-/usr/lib/jvm}/*; do
    [ -d "$candidate" ] || continue
    feature=$(multitask_jdk_feature "$candidate")
    [ -n "$feature" ] || continue
    if [ "$feature" -ge "$need" ] 2>/dev/null && [ "$feature" -gt "$best_feature" ]; then
      best=$candidate
      best_feature=$feature
    fi
  done
  if [ -z "$best" ]; then
    echo "multitask needs a JDK 25 or newer and found none." >&2
    echo "  JAVA_HOME=${JAVA_HOME:-<unset>} is not a JDK >= 25, and ${MULTITASK_JVM_DIR:-/usr/lib/jvm} holds no JDK >= 25." >&2
    echo "  Install one (for example Debian's openjdk-25-jdk or a Temurin 25 JDK) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
