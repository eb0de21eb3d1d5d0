# Shared helpers for scripts/*: sourced, never run. Keeps the runtime cache location in
# one place so setup, build-runtime and tests agree on it.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# The runtime tree lives outside the repo, keyed by the package list's hash (plus the
# recipe version, bumped by hand when build-runtime changes what it builds; CMakeLists.txt
# computes the same key), unless MANIMD_RUNTIME_DIR names it explicitly.
runtime_key() {
  local root; root=$(repo_root)
  { cat "$root/runtime/packages.txt"; echo "recipe=1"; } |
    sha256sum | cut -c1-16
}

runtime_dir() {
  if [ -n "${MANIMD_RUNTIME_DIR:-}" ]; then echo "$MANIMD_RUNTIME_DIR"; return; fi
  echo "${MANIMD_CACHE_DIR:-/var/cache/manimd}/runtime-$(runtime_key)"
}

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }
