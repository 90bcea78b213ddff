#!/usr/bin/env bash
# Makes a throwaway CA, a server certificate for 127.0.0.1 and a client certificate in DIR, for the suite's
# TLS check of HostEndpoint.tcp (docker's --tlsverify layout: ca.pem, server-cert.pem, server-key.pem,
# cert.pem, key.pem).
set -euo pipefail
dir="${1:?DIR}"
mkdir -p "$dir"
cd "$dir"
openssl genrsa -out ca-key.pem 2048 2>/dev/null
openssl req -new -x509 -days 2 -key ca-key.pem -subj "/CN=dnc-e2e-ca" -out ca.pem 2>/dev/null
openssl genrsa -out server-key.pem 2048 2>/dev/null
openssl req -new -key server-key.pem -subj "/CN=127.0.0.1" -out server.csr 2>/dev/null
printf 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n' >server.ext
openssl x509 -req -days 2 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile server.ext -out server-cert.pem 2>/dev/null
openssl genrsa -out key.pem 2048 2>/dev/null
openssl req -new -key key.pem -subj "/CN=dnc-e2e-client" -out client.csr 2>/dev/null
printf 'extendedKeyUsage = clientAuth\n' >client.ext
openssl x509 -req -days 2 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile client.ext -out cert.pem 2>/dev/null
chmod 600 ./*key.pem
echo "$dir"
