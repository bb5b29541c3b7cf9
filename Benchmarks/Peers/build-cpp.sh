#!/usr/bin/env bash
# Builds the gRPC C++ peer into $1 (default Benchmarks/.build/peers): protoc generates the
# .pb/.grpc.pb code from proto/liststrings.proto, then g++ -O2 with pkg-config grpc++ protobuf.
# Installs the Debian packages first if they are missing (install-cpp-deps.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../.build/peers}"
mkdir -p "$out/cpp-gen"
"$here/install-cpp-deps.sh"
# Up to date: every binary newer than every input.
up_to_date=1
for b in grpc-cpp-server grpc-cpp-callback-client grpc-cpp-sync-client; do
    [ -x "$out/$b" ] || { up_to_date=0; break; }
    for src in "$here"/cpp/*.cc "$here/proto/liststrings.proto" "$here/common/peer_common.h" "$0"; do
        [ "$out/$b" -nt "$src" ] || up_to_date=0
    done
done
if [ "$up_to_date" = 1 ]; then echo "grpc-cpp peer: up to date"; exit 0; fi
protoc -I "$here/proto" --cpp_out="$out/cpp-gen" --grpc_out="$out/cpp-gen" \
    --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "$here/proto/liststrings.proto"
malloc="$here/../Sources/CMallocCounter"
flags=(-O2 -std=c++17 -DNDEBUG -I "$out/cpp-gen" -I "$malloc/include" $(pkg-config --cflags grpc++ protobuf))
libs=($(pkg-config --libs grpc++ protobuf) -lpthread)
gen=("$out/cpp-gen/liststrings.pb.cc" "$out/cpp-gen/liststrings.grpc.pb.cc")
gcc -O2 -c -I "$malloc/include" -o "$out/malloc-counter.o" "$malloc/MallocCounter.c"
# The interposed allocator is exported so libgrpc/libprotobuf's allocations bind to it.
export_malloc=(-Wl,--export-dynamic-symbol=malloc,--export-dynamic-symbol=calloc,--export-dynamic-symbol=realloc,--export-dynamic-symbol=posix_memalign,--export-dynamic-symbol=aligned_alloc,--export-dynamic-symbol=memalign)
g++ "${flags[@]}" -o "$out/grpc-cpp-server" "$here/cpp/server.cc" "${gen[@]}" "${libs[@]}" &
g++ "${flags[@]}" -o "$out/grpc-cpp-callback-client" "$here/cpp/client.cc" "${gen[@]}" "$out/malloc-counter.o" "${export_malloc[@]}" "${libs[@]}" &
g++ "${flags[@]}" -DPEER_SYNC_API -o "$out/grpc-cpp-sync-client" "$here/cpp/client.cc" "${gen[@]}" "$out/malloc-counter.o" "${export_malloc[@]}" "${libs[@]}" &
status=0
for job in $(jobs -p); do wait "$job" || status=1; done
exit $status
