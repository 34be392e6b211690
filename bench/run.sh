#!/usr/bin/env bash
# bench/run.sh NAME [options]: build the benchmarks in Release and run one of them.
#   bench/run.sh list                 the benchmarks there are
#   bench/run.sh portal               hub pages vs. a bare Kestrel baseline (bench/README.md)
#   bench/run.sh portal --duration 5 --concurrency 32
# The last line of a benchmark's output is one JSON object with its figures. All traffic stays on 127.0.0.1,
# and every run ends by itself (bounded by requests and time, and by a 10-minute limit in the program).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ $# -eq 0 ]]; then
    set -- list
fi

# Build output goes to stderr so that stdout is the benchmark's own, JSON last line included.
# -nodeReuse:false: no MSBuild worker stays behind to compete with the benchmark for the CPU.
if ! dotnet build bench/SmartGov.Bench/SmartGov.Bench.csproj -c Release -nodeReuse:false -v q -clp:NoSummary >&2; then
    echo "bench/run.sh: the Release build failed" >&2
    exit 1
fi
exec dotnet bench/SmartGov.Bench/bin/Release/net10.0/SmartGov.Bench.dll "$@"
