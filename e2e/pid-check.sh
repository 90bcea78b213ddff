#!/usr/bin/env bash
# Checks before a signal: is the process behind a PID read from a file (a pidfile another user may write, or one
# left from a process long gone whose PID was reused) the one we mean to stop? Sourced by e2e/engine.sh and .ci/run.

# pid_runs PID NAME [OPTION VALUE]...: true when process PID runs program NAME (the base name of its argv[0] or of
# /proc/PID/exe) and its command line holds each OPTION followed by VALUE (as two arguments, or as OPTION=VALUE).
# Reads /proc/PID/cmdline as NUL-separated arguments; nothing in it is evaluated.
pid_runs() {
  local pid="$1" name="$2"
  shift 2
  [[ "$pid" =~ ^[1-9][0-9]{0,9}$ ]] || return 1
  local -a argv=()
  mapfile -d '' -t argv 2>/dev/null <"/proc/$pid/cmdline" || return 1
  [ "${#argv[@]}" -gt 0 ] || return 1
  local exe
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  exe="${exe% (deleted)}"
  [ "${argv[0]##*/}" = "$name" ] || [ "${exe##*/}" = "$name" ] || return 1
  local opt val i found
  while [ "$#" -ge 2 ]; do
    opt="$1" val="$2" found=1
    shift 2
    for ((i = 1; i < ${#argv[@]}; i++)); do
      if { [ "${argv[i]}" = "$opt" ] && [ "${argv[i + 1]:-}" = "$val" ]; } || [ "${argv[i]}" = "$opt=$val" ]; then found=0; break; fi
    done
    [ "$found" = 0 ] || return 1
  done
  return 0
}

# postmaster_pid PIDFILE: prints the PID in PostgreSQL's postmaster.pid (its first line) when that process is a
# postgres server of that data directory (the directory holding the file: `-D DIR` on its command line, or its
# working directory); else prints nothing and fails.
postmaster_pid() {
  local pidfile="$1" pid data cwd
  pid="$(head -1 "$pidfile" 2>/dev/null || true)"
  data="$(cd "$(dirname "$pidfile")" 2>/dev/null && pwd -P)" || return 1
  [[ "$pid" =~ ^[1-9][0-9]{0,9}$ ]] || return 1
  if pid_runs "$pid" postgres -D "$data" || pid_runs "$pid" postgres -D "$(dirname "$pidfile")"; then echo "$pid"; return 0; fi
  cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
  if pid_runs "$pid" postgres && [ -n "$cwd" ] && [ "$cwd" = "$data" ]; then echo "$pid"; return 0; fi
  return 1
}
