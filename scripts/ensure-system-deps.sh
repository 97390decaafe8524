#!/usr/bin/env bash
# Install the Debian packages aluehaku needs when they are missing; idempotent and quiet when
# everything is there. Voikko (libvoikko1 + voikko-fi) is required; Chromium is needed only by the
# browser tests and Tesseract only by optional OCR, so their absence is not fatal here.
set -euo pipefail

required=(libvoikko1 voikko-fi)
optional=(chromium chromium-driver tesseract-ocr tesseract-ocr-fin poppler-utils)

missing() {
  local out=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  echo "${out[@]:-}"
}

need=$(missing "${required[@]}")
want=""
[ "${ALUEHAKU_SKIP_OPTIONAL_PACKAGES:-0}" = "1" ] || want=$(missing "${optional[@]}")
[ -z "$need$want" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  [ -z "$need" ] && exit 0
  echo "aluehaku needs: $need (Voikko and its Finnish dictionary). Install them with your package manager." >&2
  exit 1
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing Debian packages: $need $want"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
if [ -n "$want" ]; then
  # Optional packages: a failure (e.g. no Chromium for this architecture) only means fewer tests run.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $want >/dev/null \
    || echo "Note: optional packages not installed: $want" >&2
fi
