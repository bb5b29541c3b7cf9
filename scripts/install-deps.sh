#!/usr/bin/env bash
# Installs the system packages grpc-mini's build and tests need, on Debian.
# Does nothing when they are already there.
set -euo pipefail
packages=(libnghttp2-dev zlib1g-dev protobuf-compiler pkg-config libprotobuf-dev libprotoc-dev grpc-proto python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
