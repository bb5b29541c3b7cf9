// gRPC C++ (C-core) interop server for grpc-mini's harness: grpc.testing.TestService as
// grpc/grpc doc/interop-test-descriptions.md's "Server" section describes it.
// Flags: --port=N (0: pick one), --use_tls=false, --unix_socket=PATH.
// Prints "listening on port N" / "listening on unix:PATH", then serves until killed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "grpc/testing/test.grpc.pb.h"
#include "inspector.h"

using grpc::ServerContext;
using grpc::Status;
using grpc::StatusCode;
using namespace grpc::testing;

namespace {

const char kEchoInitial[] = "x-grpc-test-echo-initial";
const char kEchoTrailing[] = "x-grpc-test-echo-trailing-bin";

void EchoMetadata(ServerContext* context) {
  const auto& received = context->client_metadata();
  auto it = received.find(kEchoInitial);
  if (it != received.end()) context->AddInitialMetadata(kEchoInitial, std::string(it->second.data(), it->second.size()));
  it = received.find(kEchoTrailing);
  if (it != received.end()) context->AddTrailingMetadata(kEchoTrailing, std::string(it->second.data(), it->second.size()));
}

// CompressedRequest: the request just read must have been compressed on the wire or not, as expected.
bool CompressionAsExpected(const ServerContext& context, bool expected) {
  InteropServerContextInspector inspector(context);
  if (expected) {
    return inspector.GetCallCompressionAlgorithm() != GRPC_COMPRESS_NONE && inspector.WasCompressed();
  }
  return !inspector.WasCompressed();
}

bool SetPayload(int size, Payload* payload) {
  if (size < 0) return false;
  payload->set_body(std::string(size, '\0'));
  return true;
}

// Writes one response per ResponseParameters, sleeping interval_us before each, compressing as asked.
template <typename Stream>
Status Respond(ServerContext* context, const StreamingOutputCallRequest& request, Stream* stream) {
  for (const auto& p : request.response_parameters()) {
    if (p.has_compressed()) context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  }
  for (const auto& p : request.response_parameters()) {
    if (p.interval_us() > 0) std::this_thread::sleep_for(std::chrono::microseconds(p.interval_us()));
    if (context->IsCancelled()) return Status(StatusCode::CANCELLED, "cancelled");
    StreamingOutputCallResponse response;
    if (!SetPayload(p.size(), response.mutable_payload())) return Status(StatusCode::INVALID_ARGUMENT, "negative size");
    grpc::WriteOptions options;
    if (p.has_compressed() && !p.compressed().value()) options.set_no_compression();
    if (!stream->Write(response, options)) return Status(StatusCode::CANCELLED, "write failed");
  }
  return Status::OK;
}

class TestServiceImpl final : public TestService::Service {
 public:
  Status EmptyCall(ServerContext* context, const Empty*, Empty*) override {
    EchoMetadata(context);
    return Status::OK;
  }

  Status UnaryCall(ServerContext* context, const SimpleRequest* request, SimpleResponse* response) override {
    EchoMetadata(context);
    if (request->has_response_status() && request->response_status().code() != 0) {
      return Status(static_cast<StatusCode>(request->response_status().code()), request->response_status().message());
    }
    if (request->has_expect_compressed() && !CompressionAsExpected(*context, request->expect_compressed().value())) {
      return Status(StatusCode::INVALID_ARGUMENT, "request compression is not what expect_compressed says");
    }
    if (request->response_type() != COMPRESSABLE) return Status(StatusCode::INVALID_ARGUMENT, "unsupported response_type");
    if (request->has_response_compressed()) {
      context->set_compression_algorithm(request->response_compressed().value() ? GRPC_COMPRESS_GZIP : GRPC_COMPRESS_NONE);
    }
    if (!SetPayload(request->response_size(), response->mutable_payload())) {
      return Status(StatusCode::INVALID_ARGUMENT, "negative response_size");
    }
    return Status::OK;
  }

  Status StreamingOutputCall(ServerContext* context, const StreamingOutputCallRequest* request,
                             grpc::ServerWriter<StreamingOutputCallResponse>* writer) override {
    EchoMetadata(context);
    if (request->has_response_status() && request->response_status().code() != 0) {
      return Status(static_cast<StatusCode>(request->response_status().code()), request->response_status().message());
    }
    return Respond(context, *request, writer);
  }

  Status StreamingInputCall(ServerContext* context, grpc::ServerReader<StreamingInputCallRequest>* reader,
                            StreamingInputCallResponse* response) override {
    EchoMetadata(context);
    StreamingInputCallRequest request;
    long total = 0;
    while (reader->Read(&request)) {
      if (request.has_expect_compressed() && !CompressionAsExpected(*context, request.expect_compressed().value())) {
        return Status(StatusCode::INVALID_ARGUMENT, "request compression is not what expect_compressed says");
      }
      total += static_cast<long>(request.payload().body().size());
    }
    response->set_aggregated_payload_size(static_cast<int32_t>(total));
    return Status::OK;
  }

  Status FullDuplexCall(ServerContext* context,
                        grpc::ServerReaderWriter<StreamingOutputCallResponse, StreamingOutputCallRequest>* stream) override {
    EchoMetadata(context);
    StreamingOutputCallRequest request;
    while (stream->Read(&request)) {
      if (request.has_response_status() && request.response_status().code() != 0) {
        return Status(static_cast<StatusCode>(request.response_status().code()), request.response_status().message());
      }
      Status s = Respond(context, request, stream);
      if (!s.ok()) return s;
    }
    return Status::OK;
  }

  Status HalfDuplexCall(ServerContext* context,
                        grpc::ServerReaderWriter<StreamingOutputCallResponse, StreamingOutputCallRequest>* stream) override {
    EchoMetadata(context);
    std::vector<StreamingOutputCallRequest> all;
    StreamingOutputCallRequest request;
    while (stream->Read(&request)) all.push_back(request);
    for (const auto& r : all) {
      Status s = Respond(context, r, stream);
      if (!s.ok()) return s;
    }
    return Status::OK;
  }
  // UnimplementedCall is left to the generated base class, which answers UNIMPLEMENTED.
};

}  // namespace

int main(int argc, char** argv) {
  int port = -1;
  std::string unix_path;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq), value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (name == "--port") port = std::atoi(value.c_str());
    else if (name == "--unix_socket") unix_path = value;
    else if (name == "--use_tls") {
      if (value != "false") { fprintf(stderr, "TLS is not supported\n"); return 2; }
    } else { fprintf(stderr, "unknown flag %s\n", arg.c_str()); return 2; }
  }
  TestServiceImpl service;
  grpc::ServerBuilder builder;
  int selected = 0;
  if (port >= 0) builder.AddListeningPort("0.0.0.0:" + std::to_string(port), grpc::InsecureServerCredentials(), &selected);
  if (!unix_path.empty()) builder.AddListeningPort("unix:" + unix_path, grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) { fprintf(stderr, "could not start the server\n"); return 1; }
  if (port >= 0) printf("listening on port %d\n", selected);
  if (!unix_path.empty()) printf("listening on unix:%s\n", unix_path.c_str());
  fflush(stdout);
  server->Wait();
  return 0;
}
