# Sourced by bin/croupier-bench and bin/croupier-drills. A run lasts up to half an hour and loads
# classes and submits the job jar all along it; a rebuild in another shell meanwhile (mvn install)
# would swap them under it: a recompiled harness once ended a 25-minute run with
# NoClassDefFoundError, and a rebuilt job jar would mix two builds in one report. So a run copies
# what it loads from the build's target directories into a directory of its own and runs from that.
# Each copy is named after the pid of the run (exec keeps it), and a later run removes the copies
# whose run has ended, by that pid.

# snapshot_run BASE CLASSES CLASSPATH_FILE
# Copies CLASSES (a module's target/classes), every entry of CLASSPATH_FILE that is one of this
# repository's modules (its target/ jars, or their copies that mvn install puts in the local Maven
# repository under dev/croupier/; released libraries there never change) and the shaded job jar
# into BASE/run-<pid>; sets SNAPSHOT_CP to the copied classpath and SNAPSHOT_JOBS_JAR to the copied
# job jar (empty when none is built), both absolute, and SNAPSHOT_JAVA_ARGS to the java options that
# run from them (-cp, and the harness's job jar when one is built).
snapshot_run() {
  local base="$1" classes="$2" cp_file="$3"
  local d pid entry i=0
  mkdir -p "$base"
  base="$(cd "$base" && pwd)" # absolute: flink run and the processes started run elsewhere
  for d in "$base"/run-*; do
    [ -d "$d" ] || continue
    pid="${d##*/run-}"
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -rf "$d"
    fi
  done
  local snap="$base/run-$$"
  rm -rf "$snap"
  mkdir -p "$snap/lib"
  cp -R "$classes" "$snap/classes"
  SNAPSHOT_CP="$snap/classes"
  local entries
  IFS=: read -r -a entries < "$cp_file" || true # one line, often without a newline
  for entry in "${entries[@]}"; do
    case "$entry" in
      "$root"/* | */dev/croupier/*) # this repository's modules, built here or installed by it
        i=$((i + 1))
        cp -R "$entry" "$snap/lib/$i-${entry##*/}"
        SNAPSHOT_CP="$SNAPSHOT_CP:$snap/lib/$i-${entry##*/}"
        ;;
      *) SNAPSHOT_CP="$SNAPSHOT_CP:$entry" ;;
    esac
  done
  SNAPSHOT_JOBS_JAR=""
  local jar
  for jar in "$root"/jobs/target/croupier-jobs-*-flink.jar; do
    if [ -f "$jar" ]; then
      cp "$jar" "$snap/${jar##*/}"
      SNAPSHOT_JOBS_JAR="$snap/${jar##*/}"
    fi
  done
  SNAPSHOT_JAVA_ARGS=(-cp "$SNAPSHOT_CP")
  if [ -n "$SNAPSHOT_JOBS_JAR" ]; then
    SNAPSHOT_JAVA_ARGS+=("-Dcroupier.drills.jobs.jar=$SNAPSHOT_JOBS_JAR")
  fi
}
