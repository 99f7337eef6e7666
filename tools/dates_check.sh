#!/usr/bin/env bash
# The suite must not go red on a given day with no change (session 31): run test files with the process clock moved
# ahead by libfaketime (Debian package `faketime`), one pytest per file, and list what fails.
#   tools/dates_check.sh                      the sample below at +180d, +400d and +800d
#   SHIFTS="+400d" tools/dates_check.sh tests/central/test_central_api.py ...
# Not for timed tests (tests/bench) nor ones waiting on threads or sockets (test_sync_worker, test_sync_faults, the
# retention schedule, tests/devices): under libfaketime they time out at any shift, +0d included. PostgreSQL,
# started by the fixtures, runs moved ahead too (it inherits LD_PRELOAD). About a minute per shift.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
command -v faketime >/dev/null || { echo "faketime missing: apt-get install faketime" >&2; exit 2; }
SHIFTS=${SHIFTS:-+180d +400d +800d}
SAMPLE=(
    tests/test_demo_seed.py
    tests/test_context.py
    tests/test_context_wiring.py
    tests/central/test_central_api.py
    tests/sync/test_sync_annulment.py
    tests/sync/test_sync_national_check.py
    tests/sync/test_sync_clock_trust.py
    tests/sync/test_sync_renewals.py
)
files=("$@")
[ ${#files[@]} -eq 0 ] && files=("${SAMPLE[@]}")
failed=0
for shift in $SHIFTS; do
    for f in "${files[@]}"; do
        out=$(faketime -f "$shift" env PYTHONPATH=. "$BIN/pytest" -q -p no:randomly -p no:cacheprovider -rfE "$f" 2>&1)
        rc=$?
        if [ "$rc" -ne 0 ]; then
            failed=1
            echo "== $shift $f: exit $rc"
            grep -E '^(FAILED|ERROR) ' <<<"$out"
        else
            echo "== $shift $f: $(tail -1 <<<"$out")"
        fi
    done
done
exit "$failed"
