#!/usr/bin/env bash
# `npm test`: everything — types, unit, integration on PGlite and a real PostgreSQL, and the
# browser suite in Debian Chromium against the built app. Installs what it needs itself.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

[ -d node_modules/.bin ] || { step "installing npm dependencies"; npm install --no-audit --no-fund; }

if [ -z "${TEST_DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "installing PostgreSQL (for the throwaway test server)"
  apt_install postgresql || { echo "could not install PostgreSQL; set TEST_DATABASE_URL to a server" >&2; exit 1; }
fi
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  step "installing Debian Chromium (for the browser tests)"
  apt_install chromium || { echo "could not install chromium; set CHROMIUM_PATH" >&2; exit 1; }
fi

step "type check"
npx tsc --noEmit

step "unit tests"
npx vitest run --project unit

step "integration tests (PGlite and PostgreSQL)"
npx vitest run --project integration

step "build (when sources are newer than the last build)"
node scripts/build-if-needed.mjs

step "browser tests (Chromium)"
npx playwright test
