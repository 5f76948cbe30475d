#!/usr/bin/env bash
# Sets up (first run) and starts the control plane: the self-host with its own Azurite,
# on http://127.0.0.1:7071 unless --port N or PAPERCLIP_PORT says otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

port="${PAPERCLIP_PORT:-7071}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    -h|--help) echo "usage: scripts/run.sh [--port N]   (env: PAPERCLIP_PORT, PAPERCLIP_BOARD_KEY, Paperclip__DataDirectory)"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || { echo "error: --port must be a number" >&2; exit 2; }

setup_all
log "building the self-host"
dotnet build "$ROOT/src/Paperclip.Host/Paperclip.Host.csproj" -c Release --no-restore --verbosity quiet -nologo >&2

export PAPERCLIP_PORT="$port"
export Paperclip__DataDirectory="${Paperclip__DataDirectory:-$ROOT/.data}"
log "starting on http://127.0.0.1:$port (data in $Paperclip__DataDirectory; Ctrl+C stops it and Azurite)"
cd "$ROOT/src/Paperclip.Host"
exec dotnet "bin/Release/net10.0/Paperclip.Host.dll"
