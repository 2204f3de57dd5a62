#!/usr/bin/env bash
# Install the kit from requirements.lock on every interpreter given (default: the CI machine's
# pyenv 3.10-3.13 and Debian's /usr/bin/python3), each into a venv of its own, and smoke-test it:
# the reference must score full marks and a wrong submission less. Prints a table of
# interpreter, install, smoke and demo seconds; exits non-zero if any interpreter failed.
#
#   .ci/smoke_matrix.sh [PYTHON ...]
#
# SMOKE_DEMO=1 also runs `make demo` on each (the whole course loop on 36 submissions) and
# checks that the release it rebuilds is the committed one, byte for byte.
set -uo pipefail
cd "$(dirname "$0")/.."
KIT=$(pwd)

if [ $# -eq 0 ]; then
    set -- /root/.pyenv/versions/3.10.*/bin/python3 /root/.pyenv/versions/3.11.*/bin/python3 \
        /root/.pyenv/versions/3.12.*/bin/python3 /root/.pyenv/versions/3.13.*/bin/python3 /usr/bin/python3
fi
# A fixed place, so the per-interpreter logs are easy to find after a failure.
SCRATCH=${SMOKE_SCRATCH:-/var/tmp/kit-smoke-matrix}
rm -rf "$SCRATCH" && mkdir -p "$SCRATCH"
# The wrong submission: the reference with one corpus mistake appended (tests/conftest.py::with_reference).
MISTAKE=${SMOKE_MISTAKE:-tests/corpus/wrong/sigmoid__sign_flipped.py}
WRONG=$SCRATCH/wrong_$(basename "$MISTAKE")
{ cat solutions/logreg.py; echo; cat "$MISTAKE"; } > "$WRONG"

# score FILE: the grade's "score max_score" via the venv's own python.
score() {
    "$VENV/bin/python" -m autograder grade --json "$1" |
        "$VENV/bin/python" -c 'import json, sys; d = json.load(sys.stdin); print(d["score"], d["max_score"])'
}

rows=()
failed=0
for py in "$@"; do
    if [ ! -x "$py" ]; then
        rows+=("$py|-|-|-|missing")
        failed=1
        continue
    fi
    version=$("$py" -c 'import sys; print(sys.version.split()[0])')
    name="$py ($version)"
    VENV=$SCRATCH/venv-$version-$(echo "$py" | md5sum | cut -c1-6)
    log=$VENV.log
    echo "== $name: installing into $VENV (log: $log)"
    started=$SECONDS
    if ! make -s venv PYTHON="$py" VENV="$VENV" >"$log" 2>&1 || ! "$VENV/bin/python" -m pip check >>"$log" 2>&1; then
        tail -20 "$log"
        rows+=("$name|$((SECONDS - started))|-|-|install failed")
        failed=1
        continue
    fi
    install=$((SECONDS - started))
    started=$SECONDS
    status=""
    ref=$(score solutions/logreg.py 2>>"$log") || ref="error"
    wrong=$(score "$WRONG" 2>>"$log") || wrong="error"
    echo "   reference: $ref   $(basename "$MISTAKE"): $wrong   (score max_score)"
    read -r got max <<<"$ref"
    if [ "$ref" = error ] || [ "$got" != "$max" ]; then status="reference scored $ref; "; fi
    read -r got max <<<"$wrong"
    if [ "$wrong" = error ] || ! awk -v s="$got" -v m="$max" 'BEGIN { exit !(s < m) }'; then
        status+="wrong submission scored $wrong"
    fi
    status=${status:-ok}
    smoke=$((SECONDS - started))
    started=$SECONDS
    demo=-
    if [ "${SMOKE_DEMO:-0}" = 1 ] && [ "$status" = ok ]; then
        if ! make -s demo PYTHON="$py" VENV="$VENV" >>"$log" 2>&1; then
            status="make demo failed (see $log)"
        elif ! git diff --quiet -- release/; then
            status="the release rebuilt on this interpreter differs from the committed one"
        fi
        demo=$((SECONDS - started))
    fi
    [ "$status" = ok ] || { failed=1; tail -20 "$log"; }
    rows+=("$name|$install|$smoke|$demo|$status")
done

echo
printf '%-52s %10s %8s %7s  %s\n' interpreter "install s" "smoke s" "demo s" result
for row in "${rows[@]}"; do
    IFS='|' read -r name install smoke demo status <<<"$row"
    printf '%-52s %10s %8s %7s  %s\n' "$name" "$install" "$smoke" "$demo" "$status"
done
exit $failed
