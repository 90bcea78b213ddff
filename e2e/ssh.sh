#!/usr/bin/env bash
# A private sshd for the suite's tiers-over-ssh case (HostEndpoint.ssh): in DIR, its own host key and one authorized
# client key (root of this machine only), listening on 127.0.0.1 at a free high port, no password, no forwarding,
# no ForceCommand. A session's DOCKER_HOST is the suite's engine (set by the authorized_keys entry, with
# PermitUserEnvironment), so the `docker system dial-stdio` the docker CLI and the provider run over ssh reaches it.
# Writes DIR/known_hosts (that host key for [127.0.0.1]:PORT) and DIR/client_key; logs to DIR/sshd.log.
#   ssh.sh start DIR DOCKER_HOST   prints the port
#   ssh.sh stop DIR                stops that sshd by the PID in DIR/sshd.pid (when it is that sshd), removes DIR
set -euo pipefail
# shellcheck source=e2e/pid-check.sh
. "$(dirname "$0")/pid-check.sh"
cmd="${1:?start|stop}"
dir="${2:?DIR}"

# ours PID: the sshd started with DIR's config (its title, after it daemonized: "sshd: /usr/sbin/sshd -f DIR/... [listener] ...").
ours() {
  pid_runs "$1" sshd && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "-f $dir/sshd_config"
}

case "$cmd" in
start)
  docker_host="${3:?DOCKER_HOST}"
  [[ "$docker_host" =~ ^unix:///[A-Za-z0-9_./-]+$ ]] || { echo "ssh.sh: the engine must be a unix:// socket, not $docker_host" >&2; exit 64; }
  [ "$(id -u)" = 0 ] || { echo "ssh.sh: a private sshd for root needs root" >&2; exit 2; }
  sshd="$(command -v sshd || echo /usr/sbin/sshd)"
  [ -x "$sshd" ] && command -v ssh-keygen >/dev/null || { echo "sshd or ssh-keygen is not installed (as root on Debian: e2e/engine.sh install)" >&2; exit 2; }
  docker_bin="$(dirname "$(command -v docker)")"
  mkdir -p "$dir"
  chmod 700 "$dir"
  ssh-keygen -q -t ed25519 -N '' -C dnc-e2e-host -f "$dir/host_key"
  ssh-keygen -q -t ed25519 -N '' -C dnc-e2e-client -f "$dir/client_key"
  printf 'environment="DOCKER_HOST=%s",environment="PATH=%s:/usr/sbin:/usr/bin:/sbin:/bin",no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-pty %s\n' \
    "$docker_host" "$docker_bin" "$(cat "$dir/client_key.pub")" >"$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys"
  mkdir -p /run/sshd # sshd's privilege separation directory
  port=""
  for ((i = 0; i < 20; i++)); do
    p=$((24000 + (RANDOM % 1000)))
    cat >"$dir/sshd_config" <<CONFIG
Port $p
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers root
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitUserEnvironment yes
AllowTcpForwarding no
AllowAgentForwarding no
X11Forwarding no
PermitTunnel no
MaxStartups 200
MaxSessions 50
LogLevel VERBOSE
CONFIG
    # sshd binds before it detaches: a port in use fails here, and the next one is tried.
    if "$sshd" -f "$dir/sshd_config" -E "$dir/sshd.log"; then port="$p"; break; fi
  done
  [ -n "$port" ] || { echo "ssh.sh: no free port for sshd: $(tail -3 "$dir/sshd.log" 2>/dev/null)" >&2; exit 1; }
  for ((i = 0; i < 50; i++)); do [ -s "$dir/sshd.pid" ] && break; sleep 0.1; done
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/host_key.pub")" >"$dir/known_hosts"
  echo "$port"
  ;;
stop)
  pid="$(head -1 "$dir/sshd.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && ours "$pid"; then
    kill "$pid"
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  elif [ -n "$pid" ]; then
    echo "ssh.sh: not signalling PID $pid from $dir/sshd.pid: it is not the sshd of $dir" >&2
  fi
  rm -rf "$dir"
  ;;
*)
  echo "ssh.sh: start|stop" >&2
  exit 64
  ;;
esac
