#!/usr/bin/env bash
# `make test` and `make demo` as an ordinary user, as instructors run the kit: a fresh clone of this checkout in
# that user's home, ../shared beside it, its own venv from Debian's python3, nothing of root's.
#
#   .ci/as_user.sh [USER]        (run as root; USER is created if missing, default kit-ci)
set -euo pipefail
cd "$(dirname "$0")/.."
user=${1:-kit-ci}
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
work=$home/ci
rm -rf "$work" && mkdir -p "$work"
git clone --quiet "$(pwd)" "$work/main"
cp -r ../shared "$work/shared"
chown -R "$user:" "$work"
# runuser keeps the environment (the package registries' PIP_* settings) but sets HOME and USER;
# root's pyenv is out of reach (/root is 0700), so python3 is Debian's.
cd "$work/main"
runuser -u "$user" -- env PATH=/usr/local/bin:/usr/bin:/bin make venv test demo
