#!/usr/bin/env bash
# The steps of signalbox.yml (GitHub Actions), as one script so that they run
# the same anywhere, and are tested end to end in signalbox's own tests.
#
#   signalbox-ci.sh shard <i> <n>   runs the i-th of n shards of the gate's tests
#                                   on its own devnet, into $SIGNALBOX_OUT/shard-<i>/
#   signalbox-ci.sh merge           merges $SIGNALBOX_OUT/shard-*/results.json into
#                                   $SIGNALBOX_OUT/merged/: one results file, one verdict
#
# Environment (all optional):
#   SIGNALBOX_GATE       gate(s) to judge by, comma-separated (default: pr)
#   SIGNALBOX_SUITES     folder of the *.accept.ts suites (default: suites)
#   SIGNALBOX_DEVNET     devnet spec (default: embedded)
#   SIGNALBOX_READINESS  the release candidate's readiness file, if any
#   SIGNALBOX_OUT        where the shards and the merged run go (default: signalbox-results)
#
# Exits with signalbox's code: 0 the gate promotes, 1 it blocks, 2 error (a
# shard missing from the merge, a devnet that did not come up…), so the job
# fails on 1 and 2. Inside GitHub Actions (GITHUB_ACTIONS=true) signalbox
# appends its summary to $GITHUB_STEP_SUMMARY and annotates blocking findings.
set -euo pipefail

gate="${SIGNALBOX_GATE:-pr}"
suites="${SIGNALBOX_SUITES:-suites}"
devnet="${SIGNALBOX_DEVNET:-embedded}"
out="${SIGNALBOX_OUT:-signalbox-results}"
readiness=()
if [[ -n "${SIGNALBOX_READINESS:-}" ]]; then readiness=(--readiness "$SIGNALBOX_READINESS"); fi

usage() {
  echo "usage: signalbox-ci.sh shard <i> <n> | merge" >&2
  exit 2
}

# `--no`: the signalbox installed in this repository (node_modules/.bin), never
# a package of that name fetched from a registry.
signalbox() { npx --no signalbox "$@"; }

job="${1:-}"
case "$job" in
  shard)
    [[ $# -eq 3 && "$2" =~ ^[0-9]+$ && "$3" =~ ^[0-9]+$ ]] || usage
    signalbox run --gate "$gate" --suites "$suites" --devnet "$devnet" "${readiness[@]}" \
      --shard "$2/$3" --out "$out/shard-$2"
    ;;
  merge)
    [[ $# -eq 1 ]] || usage
    shopt -s nullglob
    shards=("$out"/shard-*/results.json)
    if [[ ${#shards[@]} -eq 0 ]]; then
      echo "error: no shard results under $out/ (shard-<i>/results.json)" >&2
      exit 2
    fi
    signalbox merge "${shards[@]}" "${readiness[@]}" --out "$out/merged"
    ;;
  *)
    usage
    ;;
esac
