# Sourced by bin/spool, bin/test and .ci/run: sets SPOOL_JAVA_HOME to a JDK >= 25.
# Order: $JAVA_HOME if it is >= 25, else the newest JDK >= 25 under /usr/lib/jvm.
# On failure prints one line saying what to install and returns 1.

spool_java_feature() { # prints the feature release (17, 25, ...) of the JDK at $1
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local release="$1/release" version=""
  if [ -r "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  [ -n "$version" ] && echo "$version"
}

spool_find_java() {
  local need=25 v best="" best_v=0 dir
  if [ -n "${JAVA_HOME:-}" ] && v=$(spool_java_feature "$JAVA_HOME") && [ "$v" -ge "$need" ]; then
    SPOOL_JAVA_HOME=$JAVA_HOME
    return 0
  fi
  for dir in /usr/lib/jvm/*; do
    [ -L "$dir" ] && continue
    v=$(spool_java_feature "$dir") || continue
    if [ "$v" -ge "$need" ] && [ "$v" -gt "$best_v" ]; then best=$dir; best_v=$v; fi
  done
  if [ -n "$best" ]; then
    SPOOL_JAVA_HOME=$best
    return 0
  fi
  echo "spool: needs a JDK $need or newer; set JAVA_HOME to one, or install one under /usr/lib/jvm (for example Debian's openjdk-$need-jdk or Temurin $need)" >&2
  return 1
}
