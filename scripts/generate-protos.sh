#!/usr/bin/env bash
# Regenerates every checked-in Swift file made by protoc-gen-grpc-mini from its .proto.
#
#   scripts/generate-protos.sh           rewrite the generated files in place
#   scripts/generate-protos.sh --check   fail (and show the diff) if regenerating would change them
#
# Needs protoc (protobuf-compiler), libprotobuf-dev, libprotoc-dev and grpc-proto (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
[ "${1:-}" = "--check" ] && check=true

swift build --product protoc-gen-grpc-mini >/dev/null
plugin="$(swift build --show-bin-path)/protoc-gen-grpc-mini"
inc=/usr/include
grpc_proto=/usr/share/grpc-proto
out_root="$(mktemp -d)"
trap 'rm -rf "$out_root"' EXIT

# gen DEST OPTIONS PROTO_PATH FILES...: generates FILES (relative to PROTO_PATH) into DEST.
gen() {
    local dest="$1" opts="$2" proto_path="$3"
    shift 3
    local tmp="$out_root/$dest"
    mkdir -p "$tmp"
    protoc --plugin=protoc-gen-grpc-mini="$plugin" --grpc-mini_out="$tmp" --grpc-mini_opt="$opts" \
        -I "$proto_path" -I "$inc" "$@"
}

wkt=(any api descriptor duration empty field_mask source_context struct timestamp type wrappers)
gen Sources/WellKnownTypes "Visibility=Public,Services=false,FileNaming=DropPath" "$inc" \
    $(printf 'google/protobuf/%s.proto ' "${wkt[@]}")
gen Sources/GRPCMiniCodeGen/Generated "Services=false,FileNaming=DropPath" "$inc" \
    google/protobuf/compiler/plugin.proto
gen Tests/ProtocPluginTests/Generated "FileNaming=DropPath" Tests/ProtocPluginTests/Protos \
    $(cd Tests/ProtocPluginTests/Protos && ls *.proto)
gen Interop/GRPCInteropProtos "Visibility=Public,FileNaming=DropPath,FileDescriptors=true" "$grpc_proto" \
    grpc/testing/empty.proto grpc/testing/messages.proto grpc/testing/test.proto
gen Sources/GRPCHealth/Generated "Visibility=Public,FileNaming=DropPath,FileDescriptors=true" "$grpc_proto" \
    grpc/health/v1/health.proto
gen Sources/GRPCReflection/Generated "Visibility=Public,FileNaming=PathToUnderscores,FileDescriptors=true" "$grpc_proto" \
    grpc/reflection/v1/reflection.proto grpc/reflection/v1alpha/reflection.proto
gen Benchmarks/Sources/CodecBench/Generated "Services=false,FileNaming=DropPath" Benchmarks/Protos \
    list_strings.proto codec_bench.proto
gen Examples/Demo/Generated "FileNaming=DropPath" Examples/Protos demo.proto
gen Benchmarks/Sources/ListStringsBench/Generated "Services=false,FileNaming=DropPath" Benchmarks/Protos \
    list_strings.proto
gen Benchmarks/Peers/GRPCMini/Sources/GRPCMiniCommon/Generated "Visibility=Public,FileNaming=DropPath" \
    Benchmarks/Peers/proto liststrings.proto
gen Examples/FanOut/FanOut/Generated "Visibility=Public,FileNaming=DropPath,FileDescriptors=true" Examples/FanOut/Protos liststrings.proto

status=0
for dest in $(cd "$out_root" && find . -name '*.swift' -printf '%h\n' | sort -u); do
    if $check; then
        if ! diff -ru "$dest" "$out_root/$dest"; then
            echo "error: $dest is out of date; run scripts/generate-protos.sh" >&2
            status=1
        fi
    else
        mkdir -p "$dest"
        find "$dest" -name '*.swift' -delete
        cp "$out_root/$dest"/*.swift "$dest/"
    fi
done
exit $status
