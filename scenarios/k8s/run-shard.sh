#!/usr/bin/env sh
# One shard of an affsim run inside a Kubernetes Indexed Job: the Job's completion index
# (JOB_COMPLETION_INDEX, 0-based) becomes affsim's --shard i/n (1-based), and the shard's results
# go to its own folder on the shared volume, for `affsim merge` to combine.
#   SHARDS     number of shards (the Job's `completions`)            required
#   SCENARIO   built-in scenario name or path to a .ts file           default baseline
#   SEED       the run's seed: the same for every shard               default 1
#   TARGET     base URL of the platform under test                    default: in-process platform per pod
#   RESULTS    the shared results folder                              default /results
#   AFFSIM     the affsim command                                     default affsim
#   EXTRA_ARGS more flags for affsim run (e.g. "--buyers 200000 --days 120")
set -eu
: "${JOB_COMPLETION_INDEX:?this script runs as a pod of an Indexed Job}"
: "${SHARDS:?set SHARDS to the Job's completions}"
index=$((JOB_COMPLETION_INDEX + 1))
out="${RESULTS:-/results}/shard-${index}-of-${SHARDS}"
set -- run "${SCENARIO:-baseline}" --seed "${SEED:-1}" --shard "${index}/${SHARDS}" --out "$out"
if [ -n "${TARGET:-}" ]; then set -- "$@" --target "$TARGET"; fi
# shellcheck disable=SC2086 # EXTRA_ARGS is a list of flags on purpose
exec ${AFFSIM:-affsim} "$@" ${EXTRA_ARGS:-}
