#!/usr/bin/env bash
# System packages the export and explorer tests need: Graphviz (renders DOT),
# Chromium (headless browser driven by Playwright for Python) and a font for both.
# Idempotent: packages already installed are left as they are.
set -euo pipefail

PACKAGES=(chromium graphviz fonts-dejavu-core)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system-deps: all present (${PACKAGES[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
echo "system-deps: installed ${missing[*]}"
