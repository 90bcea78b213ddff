#!/usr/bin/env bash
# Starts or stops a private Docker engine for the real-engine suite: its own socket, pidfile, data and exec
# roots under WORKDIR, so it never touches an engine the user runs. iptables stays on (Docker's isolation
# between networks depends on it).
#
#   engine.sh start WORKDIR [NETNS]   prints the DOCKER_HOST to use on its last line; with NETNS, the engine
#                                     runs in that network namespace (a second "host" for multi-host tests)
#   engine.sh stop WORKDIR    stops only the dockerd whose PID is in WORKDIR/dockerd.pid
#   engine.sh install         installs what is missing of docker.io, iptables, iproute2, busybox-static (root)
#
set -euo pipefail
cmd="${1:?install|start|stop}"
work="${2:-}"
netns="${3:-}"
log() { echo "[engine] $*" >&2; }

install_packages() { # Debian's docker.io (dockerd, docker CLI), iptables, busybox-static, iproute2
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null)
}

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
  sock="$work/docker.sock"
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
  "${launcher[@]}" dockerd --host "unix://$sock" "${tls[@]}" "${debug[@]}" --dns 127.0.0.1 --pidfile "$work/dockerd.pid" --data-root "$work/data" --exec-root "$work/exec" \
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
  exit 5
  ;;
stop)
  pidfile="$work/dockerd.pid"
  [ -f "$pidfile" ] || pidfile="$work/dockerd.launcher.pid"
  [ -f "$pidfile" ] || exit 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "dockerd $pid ignored SIGTERM for 30 s; killing it"; kill -KILL "$pid"; fi
    log "dockerd $pid stopped"
  fi
  rm -f "$work/dockerd.pid" "$work/dockerd.launcher.pid"
  ;;
*)
  echo "usage: engine.sh start|stop WORKDIR" >&2
  exit 64
  ;;
esac
