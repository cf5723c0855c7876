#!/usr/bin/env bash
# The whole test suite: lint, type-check, unit and end-to-end tests (on SQLite, and on PostgreSQL where installed).
set -euo pipefail
cd "$(dirname "$0")/.."
npx eslint .
npx tsc -p tsconfig.json --noEmit
npm run build --silent
NODE_OPTIONS=--experimental-vm-modules exec scripts/with-throwaway-postgres.sh npx jest "$@"
