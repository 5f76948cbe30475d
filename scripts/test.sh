#!/usr/bin/env bash
# Sets up what is missing and runs every test (unit, Azurite integration, end to end on the self-host).
# Prints a closing line "N passed, N failed". Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

setup_all
setup_sshd
setup_tmux
log "building (Release)"
dotnet build "$ROOT/Paperclip.Functions.sln" -c Release --no-restore --verbosity quiet -nologo >&2

results="$ROOT/TestResults"
rm -rf "$results"
status=0
dotnet test "$ROOT/Paperclip.Functions.sln" -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is not None:
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(f"{passed} passed, {failed} failed")
PY
exit "$status"
