#!/usr/bin/env bash
# The fuzz targets (docs/fuzzing.md), built with libFuzzer and run.
#
#   Tests/Fuzz/run.sh build                  build the four targets with libFuzzer (.build/fuzz)
#   Tests/Fuzz/run.sh regression [SECONDS]   build, run every kept input (Corpus/, Regressions/)
#                                            once, then fuzz each target SECONDS (default 15)
#   Tests/Fuzz/run.sh fuzz TARGET [OPTION…]  a campaign on one target: new inputs go to
#                                            .build/fuzz-corpus/TARGET, crashes to
#                                            .build/fuzz-artifacts/; libFuzzer options follow
#                                            (-max_total_time=3600, -runs=10000000, -jobs=2 …)
#   Tests/Fuzz/run.sh seed                   write the seed inputs to .build/fuzz-seeds/TARGET
#   Tests/Fuzz/run.sh merge TARGET DIR…      minimise the kept corpus and DIR… into
#                                            Tests/Fuzz/Corpus/TARGET (every edge, fewest inputs)
#
# TARGET is reader, topology, traffic or diagnose. Every crash a campaign finds becomes a file in
# Tests/Fuzz/Regressions/TARGET/, which `swift test` runs (FuzzRegressionTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
targets=(reader topology traffic diagnose)
here=Tests/Fuzz
build=.build/fuzz
# libFuzzer reports a crash itself; Swift's backtracer would take seconds to symbolicate it.
export SWIFT_BACKTRACE=enable=no
# The limits a campaign holds every input to: 1 s, and the resident size stated in
# docs/fuzzing.md.
limits=(-timeout=1 -rss_limit_mb=1536 -max_len=16384 "-dict=$here/flowcause.dict")

build_targets() {
  for target in "${targets[@]}"; do
    swift build -c release --scratch-path "$build" --product "fuzz-$target" \
      -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING 2>&1 |
      grep -v -e 'ld.gold: warning: Cannot export local symbol' >&2 || true
    test -x "$build/release/fuzz-$target" || { echo "run.sh: fuzz-$target did not build" >&2; exit 1; }
  done
}

check_target() {
  case " ${targets[*]} " in
  *" $1 "*) ;;
  *) echo "run.sh: unknown target '$1' (reader, topology, traffic, diagnose)" >&2; exit 64 ;;
  esac
}

case "${1:-}" in
build)
  build_targets
  ;;
regression)
  seconds="${2:-15}"
  build_targets
  mkdir -p .build/fuzz-artifacts
  for target in "${targets[@]}"; do
    kept=()
    for folder in "$here/Corpus/$target" "$here/Regressions/$target"; do
      if [ -d "$folder" ]; then kept+=("$folder"); fi
    done
    work=$(mktemp -d)
    echo "== fuzz-$target: ${kept[*]}, then ${seconds} s" >&2
    # The first folder receives what the run finds; the kept corpus stays as it is.
    "$build/release/fuzz-$target" "$work" "${kept[@]}" "${limits[@]}" \
      -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix=".build/fuzz-artifacts/$target-" 2>&1 |
      grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|==|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|fuzz check)' >&2
    rm -rf "$work"
  done
  ;;
fuzz)
  target="${2:?run.sh fuzz TARGET [OPTION…]}"
  check_target "$target"
  shift 2
  mkdir -p ".build/fuzz-corpus/$target" .build/fuzz-artifacts
  kept=("$here/Corpus/$target")
  if [ -d "$here/Regressions/$target" ]; then kept+=("$here/Regressions/$target"); fi
  exec "$build/release/fuzz-$target" ".build/fuzz-corpus/$target" "${kept[@]}" "${limits[@]}" \
    -artifact_prefix=".build/fuzz-artifacts/$target-" -print_final_stats=1 "$@"
  ;;
seed)
  for target in "${targets[@]}"; do
    swift build -c release --product "fuzz-$target" >&2
    rm -rf ".build/fuzz-seeds/$target"
    ".build/release/fuzz-$target" --write-seeds ".build/fuzz-seeds/$target"
  done
  ;;
merge)
  # The kept corpus stays small: the fewest inputs that reach every edge the inputs reach
  # (set-cover merge, edges only, not hit counts), written afresh from the old corpus and DIR….
  target="${2:?run.sh merge TARGET DIR…}"
  check_target "$target"
  shift 2
  merged=$(mktemp -d)
  "$build/release/fuzz-$target" -set_cover_merge=1 -use_counters=0 "$merged" \
    "$here/Corpus/$target" "$@" "${limits[@]}"
  rm -rf "$here/Corpus/$target"
  mv "$merged" "$here/Corpus/$target"
  ;;
*)
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
  ;;
esac
