#!/usr/bin/env bash
# The tests that run the threaded reader and the diagnose pipeline, under ThreadSanitizer and
# AddressSanitizer (docs/fuzzing.md, "Sanitizers"). Each sanitizer builds into a folder of its
# own under .build, so the ordinary build is left as it is.
#
#   Tests/Sanitizers/run.sh [thread|address]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/../.."
# The suites that start threads (the parallel reader, the read-ahead and gzip sources, and
# diagnose's workers and output, end to end through the command), and the address parsers'
# reads without bounds checks.
filter='NetworkPrimitivesTests|FlowLogsTests|FlowCauseCLITests|StreamingDiagnoser|BoundedEvidence|HashFlooding'
export SWIFT_BACKTRACE=enable=no
# A report fails the run (TSan: exit code 66 after the report; ASan stops at the first).
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=0 ${ASAN_OPTIONS:-}"
sanitizers=("$@")
if [ ${#sanitizers[@]} -eq 0 ]; then sanitizers=(thread address); fi
for sanitizer in "${sanitizers[@]}"; do
  case "$sanitizer" in thread | address) ;; *) echo "run.sh: thread or address" >&2; exit 64 ;; esac
  echo "== swift test --sanitize=$sanitizer --filter '$filter'" >&2
  swift test --scratch-path ".build/sanitize-$sanitizer" --sanitize="$sanitizer" --filter "$filter"
done
