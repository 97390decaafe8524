#!/usr/bin/env bash
# Install the Debian packages aluehaku needs when they are missing; idempotent and quiet when
# everything is there. Voikko (libvoikko1 + voikko-fi) is required. Tesseract with its Finnish
# model and poppler give OCR of scanned PDF pages; with --test, Chromium for the browser tests is
# added, and Node.js with npm when missing (the sign-in test's OpenID provider). Optional
# packages that fail to install only switch their feature off.
set -euo pipefail

required=(libvoikko1 voikko-fi)
optional=(tesseract-ocr tesseract-ocr-fin poppler-utils)
if [ "${1:-}" = "--test" ]; then
  optional+=(chromium chromium-driver)
  # Node runs the npm oidc-provider for the browser sign-in test. Checked by command, not by
  # package: a NodeSource nodejs bundles npm and conflicts with Debian's npm package.
  command -v node >/dev/null 2>&1 || optional+=(nodejs)
  command -v npm >/dev/null 2>&1 || optional+=(npm)
fi

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
