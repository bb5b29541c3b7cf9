// Reads the per-message flags gRPC C-core keeps for the last message a call received, as
// grpc/grpc's own C++ interop client and server do (test/cpp/interop/*_helper.cc): the
// ClientContext and ServerContext headers name these inspector classes as friends, and
// libgrpc exports the test-only accessors.
#pragma once

#include <grpc/grpc.h>
#include <grpc/compression.h>
#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

// Declared in grpc's src/core/lib/surface/call_test_only.h (not installed); C++ linkage.
uint32_t grpc_call_test_only_get_message_flags(grpc_call* call);
grpc_compression_algorithm grpc_call_test_only_get_compression_algorithm(grpc_call* call);

// grpc's src/core/lib/transport/transport.h (1.51): a received message had the compressed
// flag set on the wire; the decompressing filter clears it and sets WAS_COMPRESSED instead.
#define INTEROP_WRITE_INTERNAL_COMPRESS (0x80000000u)
#define INTEROP_WRITE_INTERNAL_TEST_ONLY_WAS_COMPRESSED (0x40000000u)
#define INTEROP_RECEIVED_COMPRESSED (INTEROP_WRITE_INTERNAL_COMPRESS | INTEROP_WRITE_INTERNAL_TEST_ONLY_WAS_COMPRESSED)

namespace grpc {
namespace testing {

class InteropServerContextInspector {
 public:
  explicit InteropServerContextInspector(const ServerContext& context) : context_(context) {}
  // The algorithm the client announced in grpc-encoding.
  grpc_compression_algorithm GetCallCompressionAlgorithm() const {
    return grpc_call_test_only_get_compression_algorithm(context_.call_.call);
  }
  // Whether the last request message read had the compressed flag set.
  bool WasCompressed() const {
    return (grpc_call_test_only_get_message_flags(context_.call_.call) & INTEROP_RECEIVED_COMPRESSED) != 0;
  }

 private:
  const ServerContext& context_;
};

class InteropClientContextInspector {
 public:
  explicit InteropClientContextInspector(const ClientContext& context) : context_(context) {}
  // Whether the last response message read had the compressed flag set.
  bool WasCompressed() const {
    return (grpc_call_test_only_get_message_flags(context_.call_) & INTEROP_RECEIVED_COMPRESSED) != 0;
  }

 private:
  const ClientContext& context_;
};

}  // namespace testing
}  // namespace grpc
