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

# build_or_die WHAT DIR [ARGS...]: cmake --build DIR [ARGS] on every core, its output
# followed as with_progress does. A parallel build can fail for want of time rather than
# of code (gtest_discover_tests runs each test binary with a 30 s limit, which a machine
# busy with other work may pass), so a failed one is run again one job at a time; only a
# failure of that one shows the end of its output and stops the script.
build_or_die() {
  local what=$1 dir=$2 out
  shift 2
  out=$(mktemp "${TMPDIR:-/tmp}/manimd-build.XXXXXX")
  if ! with_progress "$what" "$out" cmake --build "$dir" -j"$(nproc)" "$@" -- --no-print-directory; then
    grep -E '(error|Error)' "$out" | tail -5 >&2 || true
    log "$what: the parallel build failed; building again one job at a time"
    : >"$out"
    with_progress "$what (-j1)" "$out" cmake --build "$dir" -j1 "$@" -- --no-print-directory ||
      { tail -40 "$out"; rm -f "$out"; die "$what failed"; }
  fi
  rm -f "$out"
}

# with_progress WHAT LOG CMD...: runs CMD with its output appended to LOG and, every
# MANIMD_PROGRESS_S seconds (20) while it runs, logs "WHAT: m:ss so far; <LOG's last
# line>" so a long install or build is never minutes of silence. CMD runs in the
# foreground, so signals and traps treat it as before; the reporter is a background
# subshell that ends with CMD, or by itself once this script is gone. CMD's exit status.
with_progress() {
  local what=$1 out=$2 every=${MANIMD_PROGRESS_S:-20} script=$$ status=0
  shift 2
  (
    start=$SECONDS
    # Bounded: ends when killed below, when the script is gone, or after a day.
    for _ in $(seq $((86400 / every))); do
      sleep "$every"
      kill -0 "$script" 2>/dev/null || exit 0
      took=$((SECONDS - start))
      last=$(tail -c 2000 "$out" 2>/dev/null | tr '\r' '\n' | grep -v '^[[:space:]]*$' |
        tail -n 1 | cut -c1-100 || true)
      log "$what: $((took / 60)):$(printf '%02d' $((took % 60))) so far${last:+; $last}"
    done
  ) &
  local reporter=$!
  "$@" >>"$out" 2>&1 || status=$?
  kill "$reporter" 2>/dev/null || true
  wait "$reporter" 2>/dev/null || true
  return "$status"
}
