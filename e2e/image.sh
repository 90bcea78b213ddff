#!/usr/bin/env bash
# Builds the suite's test image without a registry: a root filesystem holding Debian's busybox-static and a
# link for each of its applets (sh, sleep, httpd, ping, nc, nslookup...), loaded with `docker import`.
#   image.sh NAME   (DOCKER_HOST must point at the engine)
set -euo pipefail
case "${1:-}" in
  -h|--help) echo "usage: e2e/image.sh [NAME]   (default e2e-busybox:latest; DOCKER_HOST must point at the engine)"; exit 0 ;;
  -*) echo "e2e/image.sh: unknown option $1 (usage: e2e/image.sh [NAME])" >&2; exit 2 ;;
esac
name="${1:-e2e-busybox:latest}"
busybox=""
for b in /bin/busybox /usr/bin/busybox; do
  if [ -x "$b" ] && file -L "$b" 2>/dev/null | grep -q "statically linked"; then busybox="$b"; break; fi
  if [ -x "$b" ] && ! ldd "$b" >/dev/null 2>&1; then busybox="$b"; break; fi
done
if [ -z "$busybox" ]; then
  echo "no statically linked busybox found (Debian: apt-get install busybox-static, or e2e/engine.sh install)" >&2
  exit 2
fi
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$name" >/dev/null
echo "[image] $name built from $busybox ($("$busybox" --help 2>&1 | head -1 | cut -d' ' -f1-2))" >&2
