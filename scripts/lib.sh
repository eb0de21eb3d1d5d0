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

# Minutes:seconds since the script started (bash's SECONDS).
elapsed() { printf '%d:%02d' $((SECONDS / 60)) $((SECONDS % 60)); }
log() { printf '[%s %s] %s\n' "$(basename "$0")" "$(elapsed)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# with_progress WHAT LOG CMD...: runs CMD with its output appended to LOG and, every
# MANIMD_PROGRESS_S seconds (20) while it runs, logs "WHAT: m:ss so far; <LOG's last
# line>" so a long install or build is never minutes of silence. CMD's exit status.
with_progress() {
  local what=$1 out=$2 every=${MANIMD_PROGRESS_S:-20}
  shift 2
  "$@" >>"$out" 2>&1 &
  local pid=$! start=$SECONDS next=$((SECONDS + every)) status=0
  while kill -0 "$pid" 2>/dev/null; do  # ends with CMD, whose own limits bound it
    sleep 1
    if [ "$SECONDS" -ge "$next" ] && kill -0 "$pid" 2>/dev/null; then
      local took=$((SECONDS - start)) last
      last=$(tail -c 2000 "$out" 2>/dev/null | tr '\r' '\n' | grep -v '^[[:space:]]*$' |
        tail -n 1 | cut -c1-100 || true)
      log "$what: $((took / 60)):$(printf '%02d' $((took % 60))) so far${last:+; $last}"
      next=$((SECONDS + every))
    fi
  done
  wait "$pid" || status=$?
  return "$status"
}
