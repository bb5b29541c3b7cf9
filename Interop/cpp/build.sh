#!/usr/bin/env bash
# Builds the gRPC C++ (C-core) interop peers, interop-cpp-server and interop-cpp-client, into
# $1 (default .build/interop-cpp): protoc + grpc_cpp_plugin generate grpc.testing from Debian
# grpc-proto's /usr/share/grpc-proto/grpc/testing/{empty,messages,test}.proto, then g++ links
# them against Debian's libgrpc++ (1.51). Installs the Debian packages first if missing.
# Does nothing when both binaries are newer than every input.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/.build/interop-cpp}"
protos=/usr/share/grpc-proto
"$root/Benchmarks/Peers/install-cpp-deps.sh"
# grpc-proto holds the .proto files; install-deps.sh installs it for the plugin tests too.
if [ ! -f "$protos/grpc/testing/test.proto" ]; then "$root/scripts/install-deps.sh"; fi

up_to_date=1
for b in interop-cpp-server interop-cpp-client; do
    [ -x "$out/$b" ] || { up_to_date=0; break; }
    for src in "$here"/*.cc "$here"/*.h "$0" "$protos"/grpc/testing/{empty,messages,test}.proto; do
        [ "$out/$b" -nt "$src" ] || up_to_date=0
    done
done
if [ "$up_to_date" = 1 ]; then exit 0; fi

echo "# building the gRPC C++ interop peers into $out" >&2
mkdir -p "$out/gen" "$out/obj"
# newer TARGET INPUT...: whether TARGET exists and is newer than every INPUT.
newer() { local t="$1"; shift; [ -e "$t" ] || return 1; for i in "$@"; do [ "$t" -nt "$i" ] || return 1; done; }
proto_files=("$protos"/grpc/testing/{empty,messages,test}.proto)
if ! newer "$out/gen/grpc/testing/test.grpc.pb.cc" "${proto_files[@]}" "$0"; then
    protoc -I "$protos" --cpp_out="$out/gen" --grpc_out="$out/gen" \
        --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" \
        grpc/testing/empty.proto grpc/testing/messages.proto grpc/testing/test.proto
fi
flags=(-O1 -std=c++17 -I "$out/gen" -I "$here" $(pkg-config --cflags grpc++ protobuf))
libs=($(pkg-config --libs grpc++ grpc protobuf) -lpthread)
objs=()
# One compiler at a time: the machine is shared.
for src in "$out"/gen/grpc/testing/*.cc; do
    obj="$out/obj/$(basename "$src" .cc).o"
    newer "$obj" "$src" || g++ "${flags[@]}" -c -o "$obj" "$src"
    objs+=("$obj")
done
for peer in server client; do
    bin="$out/interop-cpp-$peer"
    if ! newer "$bin" "$here/$peer.cc" "$here/inspector.h" "${objs[@]}" "$0"; then
        g++ "${flags[@]}" -o "$bin.tmp" "$here/$peer.cc" "${objs[@]}" "${libs[@]}"
        mv "$bin.tmp" "$bin"
    fi
done
