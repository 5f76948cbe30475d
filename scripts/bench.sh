#!/usr/bin/env bash
# Runs one benchmark suite in Release and prints its JSON object on stdout (progress goes to stderr).
# Usage: scripts/bench.sh <suite> [--runs N] [--polling-ms N]   Suites: run-latency, wake-latency, throughput, secrets, snapshot, merge, sync, bridge
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
[[ $# -ge 1 ]] || { echo "usage: scripts/bench.sh <suite> [--runs N]   suites: run-latency, wake-latency, throughput, secrets, snapshot, merge, sync, bridge" >&2; exit 2; }

setup_all
setup_sshd
dotnet build "$ROOT/bench/Paperclip.Bench/Paperclip.Bench.csproj" -c Release --no-restore --verbosity quiet -nologo >&2
exec dotnet "$ROOT/bench/Paperclip.Bench/bin/Release/net10.0/Paperclip.Bench.dll" "$@"
