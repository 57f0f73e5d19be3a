#!/usr/bin/env bash
# Installs code-server (VS Code in a browser, Node extension host) from the npm registry only, so the
# extension's integration and UI tests run on machines that cannot download VS Code itself.
#
#   bash scripts/vscode/install-code-server.sh        (npm run vscode:install)
#
# Target: ${XDG_CACHE_HOME:-$HOME/.cache}/remediator/code-server-<version>. Idempotent: returns at
# once when that install is complete and `code-server --version` works. Also makes sure the Debian
# packages the tests need are present (chromium for Playwright, ripgrep replacing the binary that
# @vscode/ripgrep would download, headers/toolchain for code-server's native modules); apt is only
# touched when something is missing. Prints the install dir as its last line.
#
# Env: CODE_SERVER_VERSION (default 4.100.3), REMEDIATOR_CODE_SERVER_DIR (override the install dir),
#      SKIP_APT=1 (never call apt-get).
set -euo pipefail

VERSION=${CODE_SERVER_VERSION:-4.100.3}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/remediator
DIR=${REMEDIATOR_CODE_SERVER_DIR:-$CACHE/code-server-$VERSION}
BIN="$DIR/node_modules/.bin/code-server"
MARKER="$DIR/.remediator-installed"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev build-essential python3)

START=$(date +%s)
say() { echo "[vscode:install +$(( $(date +%s) - START ))s] $*" >&2; }
# Runs a step and reports how long it took.
step() {
  local s; s=$(date +%s)
  say "$1..."
  shift
  "$@"
  say "  done in $(( $(date +%s) - s ))s"
}

missing_apt_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

# `code-server --version` writes a default config and logs under XDG dirs: keep those out of $HOME.
cs_version() {
  local scratch rc=0
  scratch=$(mktemp -d)
  XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" "$BIN" --version 2>/dev/null | tail -1 || rc=1
  rm -rf "$scratch"
  return $rc
}

installed_and_working() {
  [ -f "$MARKER" ] && [ -x "$BIN" ] && [ -x /usr/bin/chromium ] && [ -x /usr/bin/rg ] \
    && cs_version >/dev/null
}

if installed_and_working && [ -z "$(missing_apt_packages)" ]; then
  say "code-server $VERSION already installed in $DIR"
  echo "$DIR"
  exit 0
fi

# --- Debian packages ----------------------------------------------------------------------------
mapfile -t MISSING < <(missing_apt_packages)
if [ "${#MISSING[@]}" -gt 0 ]; then
  if [ "${SKIP_APT:-}" = 1 ]; then
    say "SKIP_APT=1 but these Debian packages are missing: ${MISSING[*]}"
    exit 1
  fi
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to apt-get install ${MISSING[*]}"; exit 1; }
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  step "apt-get update" "${SUDO[@]}" apt-get update -qq
  # stdout (per-package chatter) is dropped; errors still reach stderr.
  step "apt-get install ${MISSING[*]}" "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
else
  say "Debian packages present: ${APT_PACKAGES[*]}"
fi

# --- code-server from npm -----------------------------------------------------------------------
mkdir -p "$CACHE"
# Two test runs starting at once must not install into the same dir concurrently.
exec 9>"$CACHE/.install-code-server.lock"
say "waiting for the install lock"
flock 9
if installed_and_working; then
  say "code-server $VERSION was installed by a concurrent run"
  echo "$DIR"
  exit 0
fi

# A dir without the marker is a broken/interrupted install: start over.
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# node-gyp must find Node's headers locally (nodejs.org is unreachable here).
NODE_PREFIX=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node_version.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi
say "node $(node --version), npm $(npm --version), nodedir ${npm_config_nodedir:-(npm default)}"

echo '{"name":"remediator-code-server-host","private":true}' > package.json
# --ignore-scripts: code-server's postinstall would fetch things from the internet.
step "npm install code-server@$VERSION" npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"

VS="$DIR/node_modules/code-server/lib/vscode"
cd "$VS"
step "npm install VS Code server dependencies" npm install --no-audit --no-fund --omit=dev --ignore-scripts
# @vscode/ripgrep's install script downloads rg from GitHub; use Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
# Build the native modules (node-pty, spdlog, kerberos, ...) for this Node: every package but ripgrep.
mapfile -t PKGS < <(cd node_modules && for d in *; do
  case "$d" in
    .bin) ;;
    @*) for s in "$d"/*; do [ "$s" = "@vscode/ripgrep" ] || echo "$s"; done ;;
    *) echo "$d" ;;
  esac
done)
step "npm rebuild ${#PKGS[@]} VS Code server packages (native modules)" npm rebuild --no-audit --no-fund "${PKGS[@]}"
# What code-server's own postinstall would have set up.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && step "npm install built-in extensions' dependencies" npm install --no-audit --no-fund --omit=dev)

cd "$DIR"
step "npm rebuild argon2" npm rebuild --no-audit --no-fund argon2
say "code-server --version: $(cs_version)"
date -u +%FT%TZ > "$MARKER"
say "code-server $VERSION installed in $DIR ($(du -sh "$DIR" | cut -f1))"
echo "$DIR"
