#!/usr/bin/env bash
# Regenerate requirements.lock from pyproject.toml (all extras that `make test` installs) with
# pip-tools. Existing pins are kept where they still fit; UPGRADE=1 moves every pin to the newest
# release. Refuses a lock that would pull a CUDA build of torch.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
LOCK=requirements.lock
args=(--quiet --extra dev --extra transformers --extra cluster --strip-extras --allow-unsafe
      --no-emit-index-url --no-emit-find-links --no-emit-trusted-host)
[ "${UPGRADE:-0}" = "1" ] && args+=(--upgrade)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
[ -f "$LOCK" ] && cp "$LOCK" "$tmp"
CUSTOM_COMPILE_COMMAND="make lock" "$BIN/pip-compile" "${args[@]}" -o "$tmp" pyproject.toml
if grep -Eq '^(nvidia-|triton==)' "$tmp" || ! grep -Eq '^torch==[^ ]+\+cpu' "$tmp"; then
  echo "lock.sh: the lock would not use the CPU build of torch (torch==X+cpu, no nvidia-*);" \
       "make the local CPU wheel or https://download.pytorch.org/whl/cpu visible to pip." >&2
  exit 1
fi
{
  cat <<'HEADER'
# requirements.lock: the exact package set that `make run` and `make test` install and that the
# tests pass with (Python 3.11, Linux x86_64): aluehaku's dependencies plus the `dev`,
# `transformers` and `cluster` extras. `make` installs it with `pip install -r requirements.lock`, then the
# project itself with `pip install -e . --no-deps`.
#
# Regenerate it after changing dependencies in pyproject.toml:
#     make lock              # keeps the other pins (UPGRADE=1 make lock: newest of everything)
# which runs scripts/lock.sh, i.e.
#     pip-compile --extra dev --extra transformers --extra cluster --strip-extras --allow-unsafe \
#         --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
#
# torch is the CPU build (torch==2.13.0+cpu; never a CUDA build with nvidia-* packages): pip takes
# it from a local wheel folder (pip's find-links) or from https://download.pytorch.org/whl/cpu
# (PIP_EXTRA_INDEX_URL); PyPI itself has only the CUDA build of that version.
#
HEADER
  cat "$tmp"
} > "$LOCK"
echo "Wrote $LOCK ($(grep -c '^[A-Za-z0-9].*==' "$LOCK") pinned packages)."
