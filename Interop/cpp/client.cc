// gRPC C++ (C-core) interop client for grpc-mini's harness: the cases of grpc/grpc
// doc/interop-test-descriptions.md that need neither TLS nor cloud credentials, asserting what
// each description says the client asserts (compressed flags of responses included, read
// from C-core as grpc's own C++ interop client does), plus grpc-mini's own cases.
// Flags: --server_host=H --server_port=P (or --unix_socket=PATH) --test_case=NAME|all
// --use_tls=false; --list prints the case names. Exit status 0 when every case run passed.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "grpc/testing/test.grpc.pb.h"
#include "inspector.h"

using grpc::ClientContext;
using grpc::Status;
using grpc::StatusCode;
using namespace grpc::testing;

namespace {

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

#define EXPECT(cond, msg)                                  \
  do {                                                     \
    if (!(cond)) {                                         \
      std::ostringstream os_;                              \
      os_ << msg;                                          \
      throw Failure(os_.str());                            \
    }                                                      \
  } while (0)

const char kEchoInitial[] = "x-grpc-test-echo-initial";
const char kEchoTrailing[] = "x-grpc-test-echo-trailing-bin";
const int kReceiveLimit = 4 * 1024 * 1024;

std::string Zeros(int n) { return std::string(n, '\0'); }

void ExpectZeros(const std::string& body, size_t size, const std::string& what) {
  EXPECT(body.size() == size, what << " is " << body.size() << " bytes, not " << size);
  EXPECT(std::all_of(body.begin(), body.end(), [](char c) { return c == 0; }), what << " is not all zeros");
}

void ExpectCode(const Status& s, StatusCode code, const std::string& what) {
  EXPECT(s.error_code() == code, what << ": status " << s.error_code() << " (" << s.error_message()
                                      << "), expected " << code);
}

std::string Metadata(const std::multimap<grpc::string_ref, grpc::string_ref>& md, const char* key) {
  auto it = md.find(key);
  if (it == md.end()) return "<missing>";
  return std::string(it->second.data(), it->second.size());
}

SimpleRequest LargeRequest() {
  SimpleRequest r;
  r.set_response_size(314159);
  r.mutable_payload()->set_body(Zeros(271828));
  return r;
}

StreamingOutputCallRequest StreamingRequest(std::vector<int> response_sizes, int payload) {
  StreamingOutputCallRequest r;
  for (int s : response_sizes) r.add_response_parameters()->set_size(s);
  if (payload >= 0) r.mutable_payload()->set_body(Zeros(payload));
  return r;
}

// A SimpleRequest that encodes to exactly `encoded` bytes and asks for `response_body` bytes.
SimpleRequest SizedRequest(int encoded, int response_body) {
  SimpleRequest r;
  r.set_response_size(response_body);
  r.mutable_payload()->set_body(Zeros(encoded));
  int overhead = static_cast<int>(r.ByteSizeLong()) - encoded;
  r.mutable_payload()->set_body(Zeros(encoded - overhead));
  return r;
}

class Cases {
 public:
  explicit Cases(std::shared_ptr<grpc::Channel> channel) : channel_(channel), stub_(TestService::NewStub(channel)) {}

  void empty_unary() {
    ClientContext ctx;
    Empty request, response;
    Status s = stub_->EmptyCall(&ctx, request, &response);
    EXPECT(s.ok(), "EmptyCall: " << s.error_message());
    EXPECT(response.ByteSizeLong() == 0, "EmptyCall returned " << response.ByteSizeLong() << " bytes");
  }

  void large_unary() {
    ClientContext ctx;
    SimpleResponse response;
    Status s = stub_->UnaryCall(&ctx, LargeRequest(), &response);
    EXPECT(s.ok(), "UnaryCall: " << s.error_message());
    ExpectZeros(response.payload().body(), 314159, "response payload");
  }

  void client_streaming() {
    ClientContext ctx;
    StreamingInputCallResponse response;
    auto stream = stub_->StreamingInputCall(&ctx, &response);
    for (int size : {27182, 8, 1828, 45904}) {
      StreamingInputCallRequest r;
      r.mutable_payload()->set_body(Zeros(size));
      EXPECT(stream->Write(r), "write failed");
    }
    stream->WritesDone();
    Status s = stream->Finish();
    EXPECT(s.ok(), "StreamingInputCall: " << s.error_message());
    EXPECT(response.aggregated_payload_size() == 74922, "aggregated_payload_size " << response.aggregated_payload_size());
  }

  void server_streaming() {
    std::vector<int> sizes = {31415, 9, 2653, 58979};
    ClientContext ctx;
    auto stream = stub_->StreamingOutputCall(&ctx, StreamingRequest(sizes, -1));
    StreamingOutputCallResponse response;
    size_t i = 0;
    while (stream->Read(&response)) {
      EXPECT(i < sizes.size(), "more than " << sizes.size() << " responses");
      ExpectZeros(response.payload().body(), sizes[i], "response " + std::to_string(i));
      i++;
    }
    Status s = stream->Finish();
    EXPECT(s.ok(), "StreamingOutputCall: " << s.error_message());
    EXPECT(i == sizes.size(), i << " responses, not " << sizes.size());
  }

  void ping_pong() {
    std::vector<std::pair<int, int>> sizes = {{31415, 27182}, {9, 8}, {2653, 1828}, {58979, 45904}};
    ClientContext ctx;
    auto stream = stub_->FullDuplexCall(&ctx);
    StreamingOutputCallResponse response;
    for (auto [res, req] : sizes) {
      EXPECT(stream->Write(StreamingRequest({res}, req)), "write failed");
      EXPECT(stream->Read(&response), "stream ended early");
      ExpectZeros(response.payload().body(), res, "response");
    }
    stream->WritesDone();
    EXPECT(!stream->Read(&response), "more than four responses");
    Status s = stream->Finish();
    EXPECT(s.ok(), "FullDuplexCall: " << s.error_message());
  }

  void empty_stream() {
    ClientContext ctx;
    auto stream = stub_->FullDuplexCall(&ctx);
    stream->WritesDone();
    StreamingOutputCallResponse response;
    EXPECT(!stream->Read(&response), "a response on an empty stream");
    Status s = stream->Finish();
    EXPECT(s.ok(), "FullDuplexCall: " << s.error_message());
  }

  void cancel_after_begin() {
    ClientContext ctx;
    StreamingInputCallResponse response;
    auto stream = stub_->StreamingInputCall(&ctx, &response);
    ctx.TryCancel();
    ExpectCode(stream->Finish(), StatusCode::CANCELLED, "cancelled StreamingInputCall");
  }

  void cancel_after_first_response() {
    ClientContext ctx;
    auto stream = stub_->FullDuplexCall(&ctx);
    EXPECT(stream->Write(StreamingRequest({31415}, 27182)), "write failed");
    StreamingOutputCallResponse response;
    EXPECT(stream->Read(&response), "no response");
    ExpectZeros(response.payload().body(), 31415, "first response");
    ctx.TryCancel();
    ExpectCode(stream->Finish(), StatusCode::CANCELLED, "FullDuplexCall cancelled after the first response");
  }

  void timeout_on_sleeping_server() {
    ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(1));
    auto stream = stub_->FullDuplexCall(&ctx);
    StreamingOutputCallRequest request;
    request.mutable_payload()->set_body(Zeros(27182));
    stream->Write(request);  // may fail once the deadline has passed
    ExpectCode(stream->Finish(), StatusCode::DEADLINE_EXCEEDED, "FullDuplexCall with a 1 ms timeout");
  }

  void custom_metadata() {
    const std::string initial = "test_initial_metadata_value", trailing = "\xab\xab\xab";
    {
      ClientContext ctx;
      ctx.AddMetadata(kEchoInitial, initial);
      ctx.AddMetadata(kEchoTrailing, trailing);
      SimpleResponse response;
      Status s = stub_->UnaryCall(&ctx, LargeRequest(), &response);
      EXPECT(s.ok(), "UnaryCall: " << s.error_message());
      ExpectZeros(response.payload().body(), 314159, "UnaryCall response");
      EXPECT(Metadata(ctx.GetServerInitialMetadata(), kEchoInitial) == initial, "UnaryCall initial metadata");
      EXPECT(Metadata(ctx.GetServerTrailingMetadata(), kEchoTrailing) == trailing, "UnaryCall trailing metadata");
    }
    {
      ClientContext ctx;
      ctx.AddMetadata(kEchoInitial, initial);
      ctx.AddMetadata(kEchoTrailing, trailing);
      auto stream = stub_->FullDuplexCall(&ctx);
      EXPECT(stream->Write(StreamingRequest({314159}, 271828)), "write failed");
      stream->WritesDone();
      StreamingOutputCallResponse response;
      EXPECT(stream->Read(&response), "no response");
      ExpectZeros(response.payload().body(), 314159, "FullDuplexCall response");
      EXPECT(!stream->Read(&response), "more than one response");
      Status s = stream->Finish();
      EXPECT(s.ok(), "FullDuplexCall: " << s.error_message());
      EXPECT(Metadata(ctx.GetServerInitialMetadata(), kEchoInitial) == initial, "FullDuplexCall initial metadata");
      EXPECT(Metadata(ctx.GetServerTrailingMetadata(), kEchoTrailing) == trailing, "FullDuplexCall trailing metadata");
    }
  }

  void EchoStatus(int code, const std::string& message, bool duplex) {
    {
      ClientContext ctx;
      SimpleRequest request;
      request.mutable_response_status()->set_code(code);
      request.mutable_response_status()->set_message(message);
      SimpleResponse response;
      Status s = stub_->UnaryCall(&ctx, request, &response);
      EXPECT(s.error_code() == code, "UnaryCall: code " << s.error_code() << ", not " << code);
      EXPECT(s.error_message() == message, "UnaryCall: message '" << s.error_message() << "', not '" << message << "'");
    }
    if (!duplex) return;
    ClientContext ctx;
    auto stream = stub_->FullDuplexCall(&ctx);
    StreamingOutputCallRequest request;
    request.mutable_response_status()->set_code(code);
    request.mutable_response_status()->set_message(message);
    stream->Write(request);
    stream->WritesDone();
    StreamingOutputCallResponse response;
    while (stream->Read(&response)) {}
    Status s = stream->Finish();
    EXPECT(s.error_code() == code, "FullDuplexCall: code " << s.error_code() << ", not " << code);
    EXPECT(s.error_message() == message, "FullDuplexCall: message '" << s.error_message() << "', not '" << message << "'");
  }

  void status_code_and_message() { EchoStatus(2, "test status message", true); }

  void special_status_message() {
    EchoStatus(2, "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n", false);
  }

  void unimplemented_method() {
    ClientContext ctx;
    Empty request, response;
    ExpectCode(stub_->UnimplementedCall(&ctx, request, &response), StatusCode::UNIMPLEMENTED, "TestService/UnimplementedCall");
  }

  void unimplemented_service() {
    auto stub = UnimplementedService::NewStub(channel_);
    ClientContext ctx;
    Empty request, response;
    ExpectCode(stub->UnimplementedCall(&ctx, request, &response), StatusCode::UNIMPLEMENTED, "UnimplementedService/UnimplementedCall");
  }

  void client_compressed_unary() {
    SimpleRequest request = LargeRequest();
    request.mutable_expect_compressed()->set_value(true);
    {
      ClientContext ctx;
      SimpleResponse response;
      ExpectCode(stub_->UnaryCall(&ctx, request, &response), StatusCode::INVALID_ARGUMENT, "uncompressed probe with expect_compressed");
    }
    {
      ClientContext ctx;
      ctx.set_compression_algorithm(GRPC_COMPRESS_GZIP);
      SimpleResponse response;
      Status s = stub_->UnaryCall(&ctx, request, &response);
      EXPECT(s.ok(), "compressed UnaryCall: " << s.error_message());
      ExpectZeros(response.payload().body(), 314159, "response to the compressed request");
    }
    {
      request.mutable_expect_compressed()->set_value(false);
      ClientContext ctx;
      SimpleResponse response;
      Status s = stub_->UnaryCall(&ctx, request, &response);
      EXPECT(s.ok(), "uncompressed UnaryCall: " << s.error_message());
      ExpectZeros(response.payload().body(), 314159, "response to the uncompressed request");
    }
  }

  void server_compressed_unary() {
    for (bool compressed : {true, false}) {
      SimpleRequest request = LargeRequest();
      request.mutable_response_compressed()->set_value(compressed);
      ClientContext ctx;
      SimpleResponse response;
      Status s = stub_->UnaryCall(&ctx, request, &response);
      EXPECT(s.ok(), "UnaryCall: " << s.error_message());
      bool was = InteropClientContextInspector(ctx).WasCompressed();
      EXPECT(was == compressed, "response_compressed " << compressed << ": the response's compressed flag was " << was);
      ExpectZeros(response.payload().body(), 314159, "response payload");
    }
  }

  void client_compressed_streaming() {
    {
      ClientContext ctx;
      StreamingInputCallResponse response;
      auto stream = stub_->StreamingInputCall(&ctx, &response);
      StreamingInputCallRequest probe;
      probe.mutable_expect_compressed()->set_value(true);
      probe.mutable_payload()->set_body(Zeros(27182));
      stream->Write(probe);
      stream->WritesDone();
      ExpectCode(stream->Finish(), StatusCode::INVALID_ARGUMENT, "uncompressed probe with expect_compressed");
    }
    ClientContext ctx;
    ctx.set_compression_algorithm(GRPC_COMPRESS_GZIP);
    StreamingInputCallResponse response;
    auto stream = stub_->StreamingInputCall(&ctx, &response);
    StreamingInputCallRequest first;
    first.mutable_expect_compressed()->set_value(true);
    first.mutable_payload()->set_body(Zeros(27182));
    EXPECT(stream->Write(first), "write failed");
    StreamingInputCallRequest second;
    second.mutable_expect_compressed()->set_value(false);
    second.mutable_payload()->set_body(Zeros(45904));
    EXPECT(stream->Write(second, grpc::WriteOptions().set_no_compression()), "write failed");
    stream->WritesDone();
    Status s = stream->Finish();
    EXPECT(s.ok(), "StreamingInputCall: " << s.error_message());
    EXPECT(response.aggregated_payload_size() == 73086, "aggregated_payload_size " << response.aggregated_payload_size());
  }

  void server_compressed_streaming() {
    StreamingOutputCallRequest request;
    auto* p = request.add_response_parameters();
    p->mutable_compressed()->set_value(true);
    p->set_size(31415);
    p = request.add_response_parameters();
    p->mutable_compressed()->set_value(false);
    p->set_size(92653);
    ClientContext ctx;
    auto stream = stub_->StreamingOutputCall(&ctx, request);
    std::vector<int> sizes = {31415, 92653};
    std::vector<bool> flags = {true, false};
    StreamingOutputCallResponse response;
    size_t i = 0;
    while (stream->Read(&response)) {
      EXPECT(i < 2, "more than two responses");
      bool was = InteropClientContextInspector(ctx).WasCompressed();
      EXPECT(was == flags[i], "response " << i << ": compressed flag " << was << ", expected " << flags[i]);
      ExpectZeros(response.payload().body(), sizes[i], "response " + std::to_string(i));
      i++;
    }
    Status s = stream->Finish();
    EXPECT(s.ok(), "StreamingOutputCall: " << s.error_message());
    EXPECT(i == 2, i << " responses, not 2");
  }

  // Beyond the descriptions.

  void max_message_at_limit() {
    SimpleRequest request = SizedRequest(kReceiveLimit, kReceiveLimit - 10);
    EXPECT(static_cast<int>(request.ByteSizeLong()) == kReceiveLimit, "request is " << request.ByteSizeLong() << " bytes");
    ClientContext ctx;
    SimpleResponse response;
    Status s = stub_->UnaryCall(&ctx, request, &response);
    EXPECT(s.ok(), "UnaryCall at the limit: " << s.error_code() << " " << s.error_message());
    EXPECT(static_cast<int>(response.ByteSizeLong()) == kReceiveLimit, "response is " << response.ByteSizeLong() << " bytes");
    ExpectZeros(response.payload().body(), kReceiveLimit - 10, "response payload");
  }

  void max_message_over_limit() {
    {
      ClientContext ctx;
      SimpleResponse response;
      ExpectCode(stub_->UnaryCall(&ctx, SizedRequest(kReceiveLimit + 1, 1), &response), StatusCode::RESOURCE_EXHAUSTED,
                 "a request of limit + 1 bytes");
    }
    {
      ClientContext ctx;
      SimpleRequest request;
      request.set_response_size(kReceiveLimit - 10 + 1);
      SimpleResponse response;
      ExpectCode(stub_->UnaryCall(&ctx, request, &response), StatusCode::RESOURCE_EXHAUSTED, "a response of limit + 1 bytes");
    }
    ClientContext ctx;
    SimpleRequest request;
    request.set_response_size(10);
    SimpleResponse response;
    Status s = stub_->UnaryCall(&ctx, request, &response);
    EXPECT(s.ok(), "a call after the refused ones: " << s.error_message());
    ExpectZeros(response.payload().body(), 10, "response");
  }

  // Just under C-core's default 8 KiB limit on received metadata: 1,500 ASCII characters
  // echoed in the headers, 4,500 random bytes (6,000 in base64) echoed in the trailers.
  void large_metadata() {
    std::string ascii, binary;
    for (int i = 0; i < 1500; i++) ascii.push_back(static_cast<char>(0x21 + i % 94));
    std::mt19937 random(42);
    for (int i = 0; i < 4500; i++) binary.push_back(static_cast<char>(random() & 0xff));
    ClientContext ctx;
    ctx.AddMetadata(kEchoInitial, ascii);
    ctx.AddMetadata(kEchoTrailing, binary);
    SimpleRequest request;
    request.set_response_size(1);
    SimpleResponse response;
    Status s = stub_->UnaryCall(&ctx, request, &response);
    EXPECT(s.ok(), "UnaryCall: " << s.error_code() << " " << s.error_message());
    EXPECT(Metadata(ctx.GetServerInitialMetadata(), kEchoInitial) == ascii, "the 1,500-character initial value did not come back");
    EXPECT(Metadata(ctx.GetServerTrailingMetadata(), kEchoTrailing) == binary, "the 4,500-byte trailing value did not come back");
  }

  // 20,000 bytes of request metadata, over the server's limit: RESOURCE_EXHAUSTED, and the
  // channel goes on working. A first call settles the connection, as in grpc-mini's client.
  // C-core's server closes the connection after such a refusal and a call racing that close
  // fails UNAVAILABLE, so the call after it may be retried once on UNAVAILABLE.
  void metadata_over_limit() {
    empty_unary();
    {
      ClientContext ctx;
      ctx.AddMetadata("x-grpc-mini-big-bin", std::string(20000, 'Z'));
      SimpleRequest request;
      request.set_response_size(1);
      SimpleResponse response;
      ExpectCode(stub_->UnaryCall(&ctx, request, &response), StatusCode::RESOURCE_EXHAUSTED, "a call with 20,000 bytes of metadata");
    }
    SimpleRequest request;
    request.set_response_size(10);
    SimpleResponse response;
    Status s;
    for (int attempt = 0; attempt < 2; attempt++) {
      ClientContext ctx;
      s = stub_->UnaryCall(&ctx, request, &response);
      if (s.error_code() != StatusCode::UNAVAILABLE) break;
    }
    EXPECT(s.ok(), "a call after the refused one: " << s.error_code() << " " << s.error_message());
    ExpectZeros(response.payload().body(), 10, "response");
  }

  void concurrent_unary_1000() {
    const int n = 1000;
    grpc::CompletionQueue cq;
    struct Call {
      ClientContext ctx;
      SimpleResponse response;
      Status status;
      std::unique_ptr<grpc::ClientAsyncResponseReader<SimpleResponse>> rpc;
    };
    std::vector<std::unique_ptr<Call>> calls;
    for (int i = 0; i < n; i++) {
      auto call = std::make_unique<Call>();
      SimpleRequest request;
      request.set_response_size(1000 + i);
      request.mutable_payload()->set_body(Zeros(1000));
      call->rpc = stub_->AsyncUnaryCall(&call->ctx, request, &cq);
      call->rpc->Finish(&call->response, &call->status, reinterpret_cast<void*>(static_cast<intptr_t>(i)));
      calls.push_back(std::move(call));
    }
    int done = 0;
    std::string first_failure;
    for (int k = 0; k < n; k++) {
      void* tag;
      bool ok;
      EXPECT(cq.Next(&tag, &ok), "completion queue shut down");
      int i = static_cast<int>(reinterpret_cast<intptr_t>(tag));
      Call& c = *calls[i];
      if (ok && c.status.ok() && static_cast<int>(c.response.payload().body().size()) == 1000 + i) {
        done++;
      } else if (first_failure.empty()) {
        first_failure = "call " + std::to_string(i) + ": " + std::to_string(c.status.error_code()) + " " + c.status.error_message();
      }
    }
    cq.Shutdown();
    EXPECT(done == n, done << " of " << n << " calls passed; first failure: " << first_failure);
  }

  void long_server_stream() {
    const int n = 10000;
    StreamingOutputCallRequest request;
    for (int i = 0; i < n; i++) request.add_response_parameters()->set_size(i % 200);
    ClientContext ctx;
    auto stream = stub_->StreamingOutputCall(&ctx, request);
    StreamingOutputCallResponse response;
    int i = 0;
    while (stream->Read(&response)) {
      EXPECT(static_cast<int>(response.payload().body().size()) == i % 200, "response " << i << " has the wrong size");
      i++;
    }
    Status s = stream->Finish();
    EXPECT(s.ok(), "StreamingOutputCall: " << s.error_message());
    EXPECT(i == n, i << " responses, not " << n);
  }

  void long_client_stream() {
    const int n = 10000;
    ClientContext ctx;
    StreamingInputCallResponse response;
    auto stream = stub_->StreamingInputCall(&ctx, &response);
    long expected = 0;
    for (int i = 0; i < n; i++) {
      StreamingInputCallRequest r;
      r.mutable_payload()->set_body(Zeros(i % 200));
      expected += i % 200;
      EXPECT(stream->Write(r), "write " << i << " failed");
    }
    stream->WritesDone();
    Status s = stream->Finish();
    EXPECT(s.ok(), "StreamingInputCall: " << s.error_message());
    EXPECT(response.aggregated_payload_size() == expected, "aggregated_payload_size " << response.aggregated_payload_size());
  }

  void long_ping_pong() {
    const int rounds = 1000;
    ClientContext ctx;
    auto stream = stub_->FullDuplexCall(&ctx);
    StreamingOutputCallResponse response;
    for (int i = 0; i < rounds; i++) {
      EXPECT(stream->Write(StreamingRequest({i % 1000 + 1}, 1000 - i % 1000)), "write " << i << " failed");
      EXPECT(stream->Read(&response), "stream ended at round " << i);
      EXPECT(static_cast<int>(response.payload().body().size()) == i % 1000 + 1, "round " << i << ": wrong size");
    }
    stream->WritesDone();
    EXPECT(!stream->Read(&response), "a response after the last round");
    Status s = stream->Finish();
    EXPECT(s.ok(), "FullDuplexCall: " << s.error_message());
  }

  void cancel_mid_stream() {
    {
      ClientContext ctx;
      auto stream = stub_->FullDuplexCall(&ctx);
      StreamingOutputCallRequest request;
      for (int i = 0; i < 5000; i++) {
        auto* p = request.add_response_parameters();
        p->set_size(1000);
        p->set_interval_us(1000);
      }
      EXPECT(stream->Write(request), "write failed");
      StreamingOutputCallResponse response;
      for (int i = 0; i < 10; i++) EXPECT(stream->Read(&response), "stream ended after " << i << " responses");
      ctx.TryCancel();
      while (stream->Read(&response)) {}
      ExpectCode(stream->Finish(), StatusCode::CANCELLED, "FullDuplexCall cancelled mid-stream");
    }
    ClientContext ctx;
    SimpleRequest request;
    request.set_response_size(10);
    SimpleResponse response;
    Status s = stub_->UnaryCall(&ctx, request, &response);
    EXPECT(s.ok(), "a call after the cancelled one: " << s.error_message());
  }

  void server_stream_deadline() {
    StreamingOutputCallRequest request;
    for (int i = 0; i < 50; i++) {
      auto* p = request.add_response_parameters();
      p->set_size(100);
      p->set_interval_us(i == 0 ? 0 : 40000);
    }
    ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(1000));
    auto stream = stub_->StreamingOutputCall(&ctx, request);
    StreamingOutputCallResponse response;
    int n = 0;
    while (stream->Read(&response)) n++;
    ExpectCode(stream->Finish(), StatusCode::DEADLINE_EXCEEDED, "a 2 s server stream with a 1 s deadline");
    EXPECT(n >= 1 && n < 50, n << " responses before the deadline, expected some but not all 50");
  }

  void client_stream_deadline() {
    ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    StreamingInputCallResponse response;
    auto stream = stub_->StreamingInputCall(&ctx, &response);
    for (int i = 0; i < 20; i++) {
      StreamingInputCallRequest r;
      r.mutable_payload()->set_body(Zeros(100));
      if (!stream->Write(r)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stream->WritesDone();
    ExpectCode(stream->Finish(), StatusCode::DEADLINE_EXCEEDED, "a 1 s client stream with a 300 ms deadline");
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<TestService::Stub> stub_;
};

#define CASE(name) {#name, [](Cases& c) { c.name(); }}
const std::vector<std::pair<std::string, std::function<void(Cases&)>>> kCases = {
    CASE(empty_unary), CASE(large_unary), CASE(client_streaming), CASE(server_streaming), CASE(ping_pong),
    CASE(empty_stream), CASE(cancel_after_begin), CASE(cancel_after_first_response),
    CASE(timeout_on_sleeping_server), CASE(custom_metadata), CASE(status_code_and_message),
    CASE(special_status_message), CASE(unimplemented_method), CASE(unimplemented_service),
    CASE(client_compressed_unary), CASE(server_compressed_unary), CASE(client_compressed_streaming),
    CASE(server_compressed_streaming),
    CASE(max_message_at_limit), CASE(max_message_over_limit), CASE(large_metadata), CASE(metadata_over_limit), CASE(concurrent_unary_1000),
    CASE(long_server_stream), CASE(long_client_stream), CASE(long_ping_pong), CASE(cancel_mid_stream),
    CASE(server_stream_deadline), CASE(client_stream_deadline),
};

}  // namespace

int main(int argc, char** argv) {
  std::string host = "localhost", port, unix_path, test_case;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq), value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (name == "--server_host") host = value;
    else if (name == "--server_host_override") {}
    else if (name == "--server_port") port = value;
    else if (name == "--unix_socket") unix_path = value;
    else if (name == "--test_case") test_case = value;
    else if (name == "--use_tls") {
      if (value != "false") { fprintf(stderr, "TLS is not supported\n"); return 2; }
    } else if (name == "--list") {
      for (auto& c : kCases) printf("%s\n", c.first.c_str());
      return 0;
    } else { fprintf(stderr, "unknown flag %s\n", arg.c_str()); return 2; }
  }
  std::string target = unix_path.empty() ? host + ":" + port : "unix:" + unix_path;
  if (test_case.empty() || (unix_path.empty() && port.empty())) {
    fprintf(stderr, "give --test_case and --server_port or --unix_socket\n");
    return 2;
  }
  int failed = 0, ran = 0;
  for (auto& c : kCases) {
    if (test_case != "all" && test_case != c.first) continue;
    ran++;
    // A channel per case, as grpc's interop client makes one per invocation.
    auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
    Cases cases(channel);
    auto start = std::chrono::steady_clock::now();
    try {
      c.second(cases);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      printf("PASS %s (%.1f ms)\n", c.first.c_str(), ms);
    } catch (const std::exception& e) {
      failed++;
      printf("FAIL %s: %s\n", c.first.c_str(), e.what());
    }
    fflush(stdout);
  }
  if (ran == 0) { fprintf(stderr, "unknown test case %s\n", test_case.c_str()); return 2; }
  return failed == 0 ? 0 : 1;
}
