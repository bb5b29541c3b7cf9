// gRPC C++ (C-core, Debian's 1.51) server of the benchmark, callback API, insecure credentials:
//   grpc-cpp-server --tcp HOST:PORT | --unix PATH
// ListStrings/List writes the prebuilt responses for the call's `resp-size` with a
// ServerWriteReactor (StartWrite, next write from OnWriteDone, then Finish), as gRPC's
// route_guide callback example does; Echo/Get answers with the DefaultReactor.
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "liststrings.grpc.pb.h"
#include "../common/peer_common.h"

// Calls the handlers finished with OK / with an error; printed as `STATS ok=N failed=M` when
// stdin closes, so an external load generator's run can be checked against the server's count.
static std::atomic<long> calls_ok{0}, calls_failed{0};

class ListStringsImpl final : public ListStrings::CallbackService {
public:
    ListStringsImpl() {
        for (int size : {1, 10, 100}) {
            std::vector<ListResponse>& out = responses_[size];
            for (int i = 0; i < PEER_STRINGS_PER_CALL; i += size) {
                ListResponse r;
                for (int s = 0; s < size; s++) r.add_strings(PEER_CONSTANT, PEER_CONSTANT_LEN);
                out.push_back(std::move(r));
            }
        }
    }

    grpc::ServerWriteReactor<ListResponse>* List(grpc::CallbackServerContext* context,
                                                 const ListRequest*) override {
        class Writer : public grpc::ServerWriteReactor<ListResponse> {
        public:
            explicit Writer(const std::vector<ListResponse>* responses) : responses_(responses) { Next(); }
            void OnWriteDone(bool ok) override {
                if (!ok) {
                    calls_failed.fetch_add(1, std::memory_order_relaxed);
                    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "write failed"));
                    return;
                }
                Next();
            }
            void OnDone() override { delete this; }

        private:
            void Next() {
                if (next_ < responses_->size()) StartWrite(&(*responses_)[next_++]);
                else {
                    calls_ok.fetch_add(1, std::memory_order_relaxed);
                    Finish(grpc::Status::OK);
                }
            }
            const std::vector<ListResponse>* responses_;
            size_t next_ = 0;
        };
        class Failed : public grpc::ServerWriteReactor<ListResponse> {
        public:
            Failed() {
                calls_failed.fetch_add(1, std::memory_order_relaxed);
                Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "missing or bad resp-size metadata"));
            }
            void OnDone() override { delete this; }
        };
        const auto& metadata = context->client_metadata();
        auto it = metadata.find("resp-size");
        if (it != metadata.end()) {
            auto found = responses_.find(std::atoi(std::string(it->second.data(), it->second.size()).c_str()));
            if (found != responses_.end()) return new Writer(&found->second);
        }
        return new Failed();
    }

private:
    std::map<int, std::vector<ListResponse>> responses_;
};

class EchoImpl final : public Echo::CallbackService {
    grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* context, const EchoMessage* request,
                                  EchoMessage* response) override {
        calls_ok.fetch_add(1, std::memory_order_relaxed);
        response->set_text(request->text());
        auto* reactor = context->DefaultReactor();
        reactor->Finish(grpc::Status::OK);
        return reactor;
    }
};

static void on_term(int) { _exit(0); }

int main(int argc, char** argv) {
    struct peer_listen l = peer_parse_server(argc, argv);
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    ListStringsImpl list;
    EchoImpl echo;
    grpc::ServerBuilder builder;
    int port = 0;
    std::string address;
    if (l.is_unix) {
        unlink(l.path);
        address = l.path;
        builder.AddListeningPort(std::string("unix:") + l.path, grpc::InsecureServerCredentials());
    } else {
        builder.AddListeningPort(std::string(l.host) + ":" + std::to_string(l.port),
                                 grpc::InsecureServerCredentials(), &port);
    }
    builder.RegisterService(&list);
    builder.RegisterService(&echo);
    std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    if (!server || (!l.is_unix && port == 0)) {
        fprintf(stderr, "error: grpc-cpp server: cannot listen\n");
        return 1;
    }
    if (!l.is_unix) address = std::string(l.host) + ":" + std::to_string(port);
    peer_announce(address.c_str());
    char buf[256];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n > 0 || (n < 0 && errno == EINTR)) continue;
        break;
    }
    printf("STATS ok=%ld failed=%ld\n", calls_ok.load(), calls_failed.load());
    fflush(stdout);
    if (l.is_unix) unlink(l.path);
    _exit(0);
}
