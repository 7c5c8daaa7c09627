#!/usr/bin/env bash
# Installs the Debian packages roilens' tests need (headless Chromium for the
# dashboard and snippet tests). Safe to run again: it does nothing when present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "roilens: please install: ${need[*]} (apt-get install ${need[*]})" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
