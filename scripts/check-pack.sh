#!/usr/bin/env bash
# What a user of the npm package gets: packs rdlab (prepack builds the prebuilt binary),
# installs the tarball into an empty project with npm's defaults (dependency install
# scripts blocked, so nothing is compiled), and runs the CLI and an import from there.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball="$PWD/$(npm pack --silent | tail -n 1)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir" "$tarball"' EXIT
cd "$dir"
npm init -y >/dev/null
npm install --no-audit --no-fund "$tarball"
test ! -e node_modules/rdlab/build || { echo "check-pack: the package must not carry a build folder" >&2; exit 1; }
npx rdlab info
node --input-type=module -e "
import { Mlp, tensor, info } from 'rdlab';
const net = new Mlp({ inputs: 2, hidden: [8], outputs: 1 }, { seed: 1 });
const y = net.forward(tensor([0.5, -1.5], [1, 2])).toArray();
if (!Number.isFinite(y[0])) throw new Error('forward gave ' + y[0]);
console.log('check-pack: import and forward ok on', info().backends.join(', '));
"
