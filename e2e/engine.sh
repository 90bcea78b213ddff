#!/usr/bin/env bash
# Starts or stops a private Docker engine for the real-engine suite: its own socket, pidfile, data and exec
# roots under WORKDIR, so it never touches an engine the user runs. iptables stays on (Docker's isolation
# between networks depends on it).
#
# Its default bridge is its own, never the host's docker0: a Linux bridge `dnc<hash of WORKDIR>` created for this
# engine, with a /24 of 198.18.128.0/17 (RFC 2544 benchmarking range) that no route of the host uses, passed as
# --bridge, and deleted by name on stop. Set E2E_BRIDGE_CIDR (gateway/prefix, e.g. 198.18.200.1/24) to choose.
#
#   engine.sh start WORKDIR [NETNS]   prints the DOCKER_HOST to use on its last line; with NETNS, the engine
#                                     runs in that network namespace (a second "host" for multi-host tests; its
#                                     docker0 lives in that namespace)
#   engine.sh stop WORKDIR    stops only the dockerd whose PID is in WORKDIR/dockerd.pid (after checking that this
#                             PID runs dockerd with this work dir's --data-root), deletes its bridge and the Linux
#                             bridges of its networks with their iptables rules (dockerd keeps them when it stops;
#                             left behind, a later engine's network on the same subnet gets no answers),
#                             docker_gwbridge when the host had none, and the VXLAN rules it added to INPUT
#   engine.sh kill WORKDIR    SIGKILLs that dockerd (a crash, for fault tests); keeps its bridge for a restart
#   engine.sh install         installs what is missing of docker.io, iptables, iproute2, busybox-static,
#                             openssh-server and openssh-client (the ssh:// case, e2e/ssh.sh) (root)
#
# What existed before: the first start snapshots the host's Linux bridges and its filter and nat rules
# (WORKDIR/before/). Stop touches only what appeared since: a bridge that existed before (a libvirt virbr0, another
# engine's) is never deleted, nor are its ports; a rule that existed before is never deleted. Rules are deleted by
# handing exactly the line `iptables-save` printed, -A turned into -D, to `iptables-restore --noflush`: nothing
# read from iptables or from the engine is ever evaluated by the shell.
#
# Sourcing this file (tests) defines the functions and runs nothing.
log() { echo "[engine] $*" >&2; }
# shellcheck source=e2e/pid-check.sh
. "$(dirname "${BASH_SOURCE[0]}")/pid-check.sh"

install_packages() { # Debian's docker.io (dockerd, docker CLI), iptables, busybox-static, iproute2
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null)
}

# our_dockerd PID: true when PID runs this work dir's dockerd (or the nsenter that launches it), by its command line.
our_dockerd() {
  pid_runs "$1" dockerd --data-root "$work/data" || pid_runs "$1" nsenter --data-root "$work/data"
}

stop_engine() { # stops only the dockerd whose PID this work dir holds, after checking that it is that dockerd
  local pidfile="$work/dockerd.pid" pid
  [ -f "$pidfile" ] || pidfile="$work/dockerd.launcher.pid"
  [ -f "$pidfile" ] || { unmount_leftovers; return 0; }
  pid="$(head -1 "$pidfile")"
  if kill -0 "$pid" 2>/dev/null && ! our_dockerd "$pid"; then
    log "not signalling PID $pid from $pidfile: it does not run dockerd --data-root $work/data (a stale pidfile and a reused PID, or a file someone else wrote); nothing stopped or deleted: check the process, then remove $pidfile"
    return 3
  fi
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "dockerd $pid ignored SIGTERM for 30 s; killing it"; kill -KILL "$pid"; fi
    log "dockerd $pid stopped"
  fi
  rm -f "$work/dockerd.pid" "$work/dockerd.launcher.pid"
  unmount_leftovers
}

unmount_leftovers() {
  # dockerd mounts its data root on itself; a dockerd that was SIGKILLed leaves that mount behind, and the
  # containers' overlay and network-namespace mounts beneath it and its exec root (they keep the data root busy).
  if command -v mountpoint >/dev/null 2>&1 && ! pgrep -f -- "--data-root $work/data" >/dev/null; then
    unmount_beneath "$work/data"
    unmount_beneath "$work/exec"
    for _ in 1 2 3 4 5; do # a restart after a kill stacks a second one
      mountpoint -q "$work/data" 2>/dev/null || break
      umount "$work/data" && log "unmounted $work/data"
    done
  fi
}

unmount_beneath() { # unmount_beneath DIR: the mounts strictly below DIR (this work dir's only), deepest first
  local dir="$1" target n=0
  [ -r /proc/self/mounts ] || return 0
  # /proc/self/mounts escapes blanks as \040; a target with one is not below our mktemp work dir, so it is skipped.
  while IFS= read -r target; do
    case "$target" in "$dir"/*) ;; *) continue ;; esac
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
    n=$((n + 1))
  done < <(awk '{ print length($2) " " $2 }' /proc/self/mounts | sort -rn | cut -d' ' -f2- | uniq)
  [ "$n" -eq 0 ] || log "unmounted $n mounts a stopped dockerd left below $dir"
}

make_bridge() { # the engine's own default bridge: reused when this work dir made it already (a restart)
  local name cidr
  if [ -f "$work/bridge" ] && ip link show "$(cat "$work/bridge")" >/dev/null 2>&1; then return 0; fi
  name="dnc$(printf '%s' "$work" | cksum | cut -d' ' -f1)"
  name="${name:0:15}"
  cidr="${E2E_BRIDGE_CIDR:-}"
  if [ -z "$cidr" ]; then
    local used n i
    used="$(ip -4 -o route show table all; ip -4 -o addr show)"
    n=$(( $(printf '%s' "$work" | cksum | cut -d' ' -f1) % 120 ))
    for i in $(seq 0 119); do
      local third=$(( 128 + (n + i) % 120 ))
      if ! grep -q "198\.18\.$third\." <<<"$used"; then cidr="198.18.$third.1/24"; break; fi
    done
    [ -n "$cidr" ] || { echo "no free /24 in 198.18.128.0/17 for the engine's bridge" >&2; exit 6; }
  fi
  note_iptables
  snapshot_host
  ip link add name "$name" type bridge
  echo "$name" >"$work/bridge"
  ip addr add "$cidr" dev "$name"
  ip link set "$name" up
  ip -4 -o route show dev "$name" proto kernel | cut -d' ' -f1 | sed -n 1p >"$work/bridge.cidr"
  log "default bridge $name $cidr (the engine's own; deleted on stop)"
}

DOCKER_CHAINS="filter:DOCKER-USER filter:DOCKER-ISOLATION-STAGE-2 filter:DOCKER-ISOLATION-STAGE-1 filter:DOCKER nat:DOCKER"

note_iptables() { # before the first start: were Docker's chains there already, and what was FORWARD's policy?
  command -v iptables >/dev/null 2>&1 || return 0
  [ -f "$work/iptables.before" ] && return 0
  { iptables -t filter -S FORWARD 2>/dev/null | sed -n 1p
    iptables -t filter -n -L DOCKER >/dev/null 2>&1 && echo chains-existed || true; } >"$work/iptables.before"
}

snapshot_host() { # before the first start: the host's Linux bridges and its filter and nat rules
  [ -d "$work/before" ] && return 0
  mkdir -p "$work/before.new"
  ip -o link show type bridge 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' >"$work/before.new/bridges"
  local table
  for table in filter nat; do list_rules "$table" >"$work/before.new/rules.$table"; done
  mv "$work/before.new" "$work/before"
}

list_rules() { # the -A lines of one table, as iptables-save prints them (the format iptables-restore reads)
  command -v iptables-save >/dev/null 2>&1 || return 0
  iptables-save -t "$1" 2>/dev/null | grep '^-A ' || true
}

existed_before() { # existed_before bridge NAME | existed_before rule TABLE LINE
  case "$1" in
  bridge) [ -f "$work/before/bridges" ] && grep -qxF -- "$2" "$work/before/bridges" ;;
  rule) [ -f "$work/before/rules.$2" ] && grep -qxF -- "$3" "$work/before/rules.$2" ;;
  *) return 1 ;;
  esac
}

delete_rule() { # delete_rule TABLE LINE: exactly that rule (LINE as iptables-save printed it), one transaction
  local table="$1" line="$2"
  [[ "$table" =~ ^(filter|nat)$ ]] || return 1
  [[ "$line" == "-A "* ]] || return 1
  [[ "$line" != *$'\n'* ]] || return 1
  printf '*%s\n%s\nCOMMIT\n' "$table" "-D ${line#-A }" | iptables-restore --noflush 2>/dev/null
}

new_rules_matching() { # new_rules_matching TABLE AWK-FILTER [awk -v assignments...]: rules added since the snapshot
  local table="$1" filter="$2" line
  shift 2
  while IFS= read -r line; do
    existed_before rule "$table" "$line" && continue
    printf '%s\n' "$line"
  done < <(list_rules "$table" | awk "$@" "$filter")
}

clean_rules() { # the rules naming one bridge (-i/-o) or, unless "none", its subnet (-s), in filter and nat, added since the snapshot
  command -v iptables >/dev/null 2>&1 || return 0
  local name="$1" cidr="$2" table line
  for table in filter nat; do
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      delete_rule "$table" "$line" || true
    done < <(new_rules_matching "$table" '
      /^-A / { for (i = 1; i < NF; i++) if ((($i == "-i" || $i == "-o") && $(i+1) == n) || (c != "none" && $i == "-s" && $(i+1) == c)) { print; next } }' -v n="$name" -v c="$cidr")
  done
}

clean_iptables() { # the rules this engine's bridge left, and Docker's chains when this engine brought them
  command -v iptables >/dev/null 2>&1 || return 0
  local name="$1" cidr="$2"
  clean_rules "$name" "$cidr"
  if [ -f "$work/iptables.before" ] && ! grep -q chains-existed "$work/iptables.before" && ! pgrep -x dockerd >/dev/null 2>&1; then
    # No engine runs in this namespace any more and the chains were not there before this one: remove them.
    iptables -t filter -D FORWARD -j DOCKER-USER 2>/dev/null || true
    iptables -t filter -D FORWARD -j DOCKER-ISOLATION-STAGE-1 2>/dev/null || true
    iptables -t nat -D PREROUTING -m addrtype --dst-type LOCAL -j DOCKER 2>/dev/null || true
    iptables -t nat -D OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER 2>/dev/null || true
    local tc
    for tc in $DOCKER_CHAINS; do iptables -t "${tc%%:*}" -F "${tc#*:}" 2>/dev/null || true; done
    for tc in $DOCKER_CHAINS; do iptables -t "${tc%%:*}" -X "${tc#*:}" 2>/dev/null || true; done
    local policy
    policy="$(sed -n 's/^-P FORWARD \([A-Z]*\)$/\1/p' "$work/iptables.before")"
    [ -n "$policy" ] && iptables -t filter -P FORWARD "$policy"
  fi
  rm -f "$work/iptables.before"
}

record_bridges() { # while the engine answers: the Linux bridges of its networks (one "name cidr..." line each)
  local sock="$work/docker.sock" ids id
  [ -S "$sock" ] || return 0
  command -v docker >/dev/null 2>&1 || return 0
  ids="$(timeout 20 docker -H "unix://$sock" network ls -q --filter driver=bridge 2>/dev/null)" || return 0
  for id in $ids; do
    # The default network's bridge is --bridge (deleted by delete_bridge); the others are br-<id> or a chosen name.
    timeout 20 docker -H "unix://$sock" network inspect "$id" -f \
      '{{if ne .Name "bridge"}}{{if ne .Name "docker_gwbridge"}}{{with index .Options "com.docker.network.bridge.name"}}{{.}}{{else}}br-{{printf "%.12s" $.Id}}{{end}}{{else}}docker_gwbridge{{end}}{{range .IPAM.Config}} {{.Subnet}}{{end}}{{end}}' \
      2>/dev/null || true
  done | sed '/^$/d' >"$work/bridges.owned.new" || true
  # docker_gwbridge is the engine's only when the host had none before it started.
  if [ -f "$work/gwbridge.existed" ]; then grep -v '^docker_gwbridge' "$work/bridges.owned.new" >"$work/bridges.owned.tmp" || true; mv "$work/bridges.owned.tmp" "$work/bridges.owned.new"; fi
  cat "$work/bridges.owned.new" >>"$work/bridges.owned"
  sort -u "$work/bridges.owned" -o "$work/bridges.owned"
  rm -f "$work/bridges.owned.new"
}

delete_owned_bridges() { # after the engine stopped: dockerd keeps its networks' bridges; remove them and their rules
  [ -f "$work/bridges.owned" ] || return 0
  local name cidrs veth
  if [ ! -f "$work/before/bridges" ]; then
    log "no snapshot of the host's bridges from the start (WORKDIR/before/bridges): deleting none of the networks' bridges"
    rm -f "$work/bridges.owned"
    return 0
  fi
  while read -r name cidrs; do
    [ -n "$name" ] || continue
    ip link show "$name" >/dev/null 2>&1 || continue
    if existed_before bridge "$name"; then
      log "bridge $name existed before this engine started: kept, with its ports and rules"
      continue
    fi
    for veth in $(ip -o link show master "$name" 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//'); do
      ip link del "$veth" 2>/dev/null || true
    done
    clean_rules "$name" none # Docker's rules for a network name its bridge (MASQUERADE: ! -o, DNAT: ! -i)
    ip link del "$name" 2>/dev/null && log "bridge $name of a network of this engine deleted"
  done <"$work/bridges.owned"
  rm -f "$work/bridges.owned"
}

clean_vxlan_rules() { # Docker 20.10 leaves an encrypted overlay's INPUT rules behind; remove those this engine added
  command -v iptables >/dev/null 2>&1 || return 0
  [ -f "$work/before/rules.filter" ] || return 0
  local line
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    delete_rule filter "$line" && log "removed the VXLAN rule: $line" || true
  done < <(new_rules_matching filter '/^-A INPUT / && / --dport 4789( |$)/ { print }')
}

delete_bridge() {
  [ -f "$work/bridge" ] || return 0
  local name
  name="$(cat "$work/bridge")"
  clean_iptables "$name" "$(cat "$work/bridge.cidr" 2>/dev/null || echo none)"
  if ip link show "$name" >/dev/null 2>&1; then ip link del "$name" && log "bridge $name deleted"; fi
  rm -f "$work/bridge" "$work/bridge.cidr"
}

forget_snapshot() { # after a stop: the next start takes a new snapshot
  rm -rf "$work/before"
}

main() {
set -Eeuo pipefail
cmd="${1:?install|start|stop}"
work="${2:-}"
netns="${3:-}"
trap 'echo "[engine] $cmd failed at line $LINENO: $BASH_COMMAND" >&2' ERR

[ "$cmd" = install ] || [ -n "$work" ] || { echo "engine.sh $cmd needs WORKDIR" >&2; exit 64; }

case "$cmd" in
install)
  # What the suite needs on a fresh Debian machine; only what is missing.
  missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
  command -v pgrep >/dev/null 2>&1 || missing+=(procps)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose) # the Compose comparison (e2e/compose-cases.ts)
  { command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ]; } || missing+=(openssh-server) # tiers-over-ssh (e2e/ssh.sh)
  command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
  command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
  { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || missing+=(busybox-static)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "missing: ${missing[*]} (install them, or run as root on Debian)" >&2
      exit 2
    fi
    # shellcheck disable=SC2046
    install_packages $(printf '%s\n' "${missing[@]}" | sort -u)
  fi
  ;;
start)
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "dockerd is not installed (install Docker, or as root on Debian: e2e/engine.sh install)" >&2
    exit 2
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "starting a private dockerd needs root; point E2E_DOCKER_HOST at an engine you want the suite to use instead" >&2
    exit 2
  fi
  if [ -z "$netns" ] && pgrep -x dockerd >/dev/null 2>&1; then
    echo "a Docker engine already runs on this machine (pid $(pgrep -x dockerd | head -1)); the suite does not deploy to it unless you ask: E2E_DOCKER_HOST=unix:///var/run/docker.sock" >&2
    exit 4
  fi
  mkdir -p "$work"
  echo "$netns" >"$work/netns"
  # Swarm makes docker_gwbridge in the engine's namespace: the engine's to delete on stop only if the host had none.
  [ -n "$netns" ] || snapshot_host
  if [ -z "$netns" ] && ip link show docker_gwbridge >/dev/null 2>&1 && [ ! -f "$work/bridges.owned" ]; then touch "$work/gwbridge.existed"; fi
  sock="$work/docker.sock"
  bridge=()
  if [ -z "$netns" ]; then
    make_bridge
    bridge=(--bridge "$(cat "$work/bridge")")
  fi
  # --dns 127.0.0.1: containers never query an outside resolver; names the embedded DNS does not know fail
  # locally, so every packet the suite causes stays on this machine.
  # nsenter switches only the network namespace; `ip netns exec` would remount /sys and hide the cgroups.
  launcher=()
  [ -n "$netns" ] && launcher=(nsenter "--net=/run/netns/$netns")
  # E2E_TLS_DIR (from tls.sh): also listen on 127.0.0.1:$E2E_TLS_PORT with client certificates required.
  tls=()
  if [ -n "${E2E_TLS_DIR:-}" ] && [ -z "$netns" ]; then
    tls=(--host "tcp://127.0.0.1:${E2E_TLS_PORT:-23760}" --tlsverify --tlscacert "$E2E_TLS_DIR/ca.pem"
      --tlscert "$E2E_TLS_DIR/server-cert.pem" --tlskey "$E2E_TLS_DIR/server-key.pem")
  fi
  # E2E_DOCKERD_DEBUG=1: dockerd --debug, which logs every API call ("Calling GET /v1.41/...") to dockerd.log.
  debug=()
  [ "${E2E_DOCKERD_DEBUG:-0}" = 1 ] && debug=(--debug)
  "${launcher[@]}" dockerd --host "unix://$sock" "${tls[@]}" "${bridge[@]}" "${debug[@]}" --dns 127.0.0.1 --pidfile "$work/dockerd.pid" --data-root "$work/data" --exec-root "$work/exec" \
    >"$work/dockerd.log" 2>&1 &
  echo $! >"$work/dockerd.launcher.pid"
  for _ in $(seq 1 120); do
    if [ -S "$sock" ] && docker -H "unix://$sock" version >/dev/null 2>&1; then
      log "dockerd $(docker -H "unix://$sock" version -f '{{.Server.Version}}') up (pid $(cat "$work/dockerd.pid"))"
      echo "unix://$sock"
      exit 0
    fi
    sleep 0.5
  done
  echo "dockerd did not answer within 60 s; last log lines:" >&2
  tail -20 "$work/dockerd.log" >&2
  stop_engine
  delete_bridge
  exit 5
  ;;
stop)
  [ -n "$(cat "$work/netns" 2>/dev/null)" ] || record_bridges
  stop_engine
  delete_owned_bridges
  clean_vxlan_rules
  delete_bridge
  forget_snapshot
  ;;
kill)
  pid="$(head -1 "$work/dockerd.pid" 2>/dev/null || true)"
  [ -n "$pid" ] || { echo "no dockerd.pid in $work" >&2; exit 3; }
  our_dockerd "$pid" || { echo "PID $pid in $work/dockerd.pid does not run dockerd --data-root $work/data: not killing it" >&2; exit 3; }
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  log "dockerd $pid killed (SIGKILL)"
  rm -f "$work/dockerd.pid" "$work/dockerd.launcher.pid" "$work/docker.sock"
  ;;
*)
  echo "usage: engine.sh start|stop|kill WORKDIR" >&2
  exit 64
  ;;
esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
