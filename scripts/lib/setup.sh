#!/usr/bin/env bash
# Shared setup for the project's scripts: checks the toolchain and installs what is missing.
# Idempotent and quick when everything is already present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[setup] %s\n' "$*" >&2; }

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required but not installed ($2)." >&2; exit 1; }
}

setup_toolchain() {
  require dotnet "install the .NET SDK 10"
  require node "install Node.js 20 or newer"
  require npm "it ships with Node.js"
}

# Azurite from the lock file. Reinstalls only when the lock file changed since the last install.
setup_azurite() {
  local marker="$ROOT/node_modules/.paperclip-lock.sha256"
  local want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [[ -x "$ROOT/node_modules/.bin/azurite" && -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
    return 0
  fi
  log "installing Azurite (npm ci from package-lock.json)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$want" > "$marker"
}

# OpenSSH's server, for the SSH environment tests and the sync benchmark (each starts its own sshd on 127.0.0.1 with
# its own config and keys; the system service is never started).
setup_sshd() {
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  if [[ -x /usr/sbin/sshd ]]; then
    # sshd refuses to start without its privilege-separation directory, which lives on /run (gone after a reboot).
    [[ -d /run/sshd ]] || $sudo mkdir -p -m 0755 /run/sshd
    return 0
  fi
  log "installing openssh-server (apt)"
  $sudo apt-get update -qq >&2
  # policy-rc.d answers 101 so the package's postinst does not start a system sshd on port 22.
  local policy=/usr/sbin/policy-rc.d added=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && added=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends openssh-server >&2
  [[ -z "$added" ]] || $sudo rm -f "$policy"
  [[ -x /usr/sbin/sshd ]] || { echo "error: openssh-server did not install /usr/sbin/sshd." >&2; exit 1; }
  [[ -d /run/sshd ]] || $sudo mkdir -p -m 0755 /run/sshd
}

setup_tmux() {
  # The CLI's screen test drives `paperclip runs watch` in a pseudo-terminal through tmux.
  command -v tmux >/dev/null 2>&1 && return 0
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  log "installing tmux (apt)"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends tmux >&2
}

setup_restore() {
  log "restoring NuGet packages"
  dotnet restore "$ROOT/Paperclip.Functions.sln" --verbosity quiet >&2
}

setup_all() {
  setup_toolchain
  setup_azurite
  setup_restore
}
