#!/usr/bin/env bash
# Packs otpscope (npm pack) and installs it into a copy of this consumer
# project the way a user would, then runs its tests and type-check under
# vitest 4 and vitest 5 on Node 22, and vitest 5 on Node 24 (the node@24 npm
# package installed into that copy).
# Usage: bash examples/vitest-consumer/run.sh [4 5 5@node24]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# the project's own Node 22 (the node@22 devDependency) first, as in npm scripts: vitest 5 needs Node >= 22
export PATH="$root/node_modules/.bin:$PATH"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
variants=("$@")
if [ ${#variants[@]} -eq 0 ]; then variants=(4 5 5@node24); fi
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/otpscope-*.tgz)"
for variant in "${variants[@]}"; do
  v="${variant%%@*}"
  node_pkg=""
  if [ "$variant" != "$v" ]; then node_pkg="node@${variant#*@node}"; fi
  dir="$work/consumer-$variant"
  mkdir -p "$dir"
  cp "$here"/package.json "$here"/tsconfig.json "$here"/*.ts "$dir"/
  echo "== vitest $variant: installing $(basename "$tarball")"
  # shellcheck disable=SC2086
  (cd "$dir" && npm install --silent --no-audit --no-fund "$tarball" "vitest@$v" typescript@5.9 @types/node@22 rxjs@7 @opentelemetry/api@1 $node_pkg >/dev/null)
  # npx puts the copy's node_modules/.bin first: with node@24 installed there, vitest runs on Node 24
  echo "== vitest $variant: $(cd "$dir" && npx vitest --version)"
  # a wrong matcher argument must fail to compile: check the fixture file does not type-check
  if (cd "$dir" && cp "$here/fixtures/wrong-matcher-argument.ts.txt" wrong.ts && npx tsc --noEmit -p tsconfig.json >/dev/null 2>&1); then
    echo "a wrong matcher argument compiled" >&2; exit 1
  fi
  rm -f "$dir/wrong.ts"
  (cd "$dir" && npx vitest run)
  # the bin: otpscope top (its usage; the endpoint itself is tested by diagnostics.test.ts)
  (cd "$dir" && npx otpscope top --help 2>&1 | grep -q 'usage: otpscope top')
  (cd "$dir" && npx tsc --noEmit -p tsconfig.json)
  echo "== vitest $variant: tests and type-check passed"
done
