# Shared by scripts/image and tests/image/*: sourced after lib.sh, never run. Installs
# podman from Debian, works around host quirks that stop podman itself (not manimd), and
# builds local Debian base images, since no registry is used: every image starts from a
# debootstrap tree imported here.
# shellcheck shell=bash

# podman and what its rootful bridge network needs; runc because crun refuses hybrid
# cgroup hosts (see podman_host_conf); podman-compose for compose.yaml.
container_packages=(podman runc netavark aardvark-dns iptables catatonit podman-compose debootstrap python3)

ensure_podman() {
  local p missing=()
  for p in "${container_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root to install them"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  podman_host_conf
}

# Two things about a host can stop every podman container before manimd runs, whatever
# its flags: (1) crun refuses "hybrid" cgroups (v1 controllers plus a v2 tree that holds a
# controller), so use runc there; (2) podman gives containers nofile=1048576, which only a
# root holding CAP_SYS_RESOURCE may set, so where root lacks it (some VMs and containers),
# give them the limits this process has (nproc at most 32768, what podman itself runs
# with there). When either applies, a containers.conf for this host is written and named
# by CONTAINERS_CONF, which podman, podman build and podman-compose all read.
podman_host_conf() {
  [ -z "${CONTAINERS_CONF:-}" ] || return 0  # the caller chose one
  local runtime="" ulimits="" conf
  local v2_controllers=""  # a pseudo-file: its size says nothing, so read it
  read -r v2_controllers </sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null || true
  if [ -n "$v2_controllers" ] && [ -d /sys/fs/cgroup/memory ]; then runtime=runc; fi
  local capeff; capeff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
  if (( (0x$capeff >> 24 & 1) == 0 )); then  # bit 24: CAP_SYS_RESOURCE
    local nofile nproc; nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
    [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
    [ "$nofile" = unlimited ] && nofile=1048576
    ulimits="\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\""
  fi
  [ -n "$runtime$ulimits" ] || return 0
  conf=${MANIMD_CACHE_DIR:-/var/cache/manimd}/containers.conf
  mkdir -p "$(dirname "$conf")"
  {
    echo "# Written by scripts/lib-container.sh for this host's quirks; see docs/container.md."
    echo "[containers]"
    [ -z "$ulimits" ] || echo "default_ulimits = [$ulimits]"
    echo "[engine]"
    [ -z "$runtime" ] || echo "runtime = \"$runtime\""
  } >"$conf.new"
  mv -f "$conf.new" "$conf"
  export CONTAINERS_CONF=$conf
}

# Where scripts/image writes the container's seccomp profile (scripts/seccomp-profile).
seccomp_profile_path() { echo "${MANIMD_CACHE_DIR:-/var/cache/manimd}/seccomp.json"; }

# The privileges manimd's container needs, as podman run flags, one per line; the tests
# run with exactly these (docs/container.md says why each is needed).
manimd_run_flags() {
  printf '%s\n' --security-opt 'unmask=/proc/*' \
    --security-opt "seccomp=$(seccomp_profile_path)" --cap-add SYS_PTRACE
}

# The host's Debian mirror (the same rule as scripts/build-runtime), and its security one.
debian_mirror() {
  local suffix=${1:-debian} m
  m=$(awk -v s="/$suffix/?\$" '/^URIs:/ && $2 ~ s { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk -v s="/$suffix/?\$" '/^deb / && $2 ~ s { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/$suffix}"
}

# ensure_base SUITE TAG: a minimal Debian SUITE image under TAG, made by debootstrap and
# podman import, once (MANIMD_REBUILD_BASE=1 makes it again, e.g. for security updates;
# the image recipes also run apt-get upgrade in their package layers).
ensure_base() (  # a subshell, so its EXIT trap removes the tree on any way out
  suite=$1 tag=$2
  if [ "${MANIMD_REBUILD_BASE:-0}" != 1 ] && podman image inspect "$tag" >/dev/null 2>&1; then exit 0; fi
  mirror=$(debian_mirror debian) security=$(debian_mirror debian-security)
  work=$(mktemp -d /var/tmp/manimd-base.XXXXXX)
  trap 'rm -rf --one-file-system "$work"' EXIT
  log "building base image $tag: debootstrap $suite from $mirror (about 2 minutes)"
  debootstrap --variant=minbase "$suite" "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; die "debootstrap $suite failed"; }
  cat >"$work/root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
  # Keep layers small and installs lean, as a distribution's own container images do.
  cat >"$work/root/etc/apt/apt.conf.d/90manimd-image" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
  rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
  tar -C "$work/root" --numeric-owner -c . |
    podman import --change 'CMD ["/bin/bash"]' \
      --change "LABEL org.opencontainers.image.description=Debian $suite minbase (debootstrap)" \
      - "$tag" >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; die "importing $tag failed"; }
)
