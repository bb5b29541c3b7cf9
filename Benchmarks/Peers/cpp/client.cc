// gRPC C++ (C-core, Debian's 1.51) client of the benchmark, insecure credentials, one channel
// (one connection) for every call:
//   grpc-cpp-callback-client --target tcp:HOST:PORT|unix:PATH --case CASE [--samples N] [--quick]
//     row `grpc-cpp-callback`: the callback API. List: a ClientReadReactor (StartRead again from
//     OnReadDone, the caller waits on a condition variable for OnDone), as gRPC's route_guide
//     callback example does; unary: stub->async()->Get with a completion lambda; unary32:
//     32 callers, each starting its next call from the previous call's completion.
//   grpc-cpp-sync-client (built with -DPEER_SYNC_API): row `grpc-cpp-sync`, cases unary and
//     unary32 only: the blocking stub->Get; unary32 runs 32 threads, each making its calls in turn.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "liststrings.grpc.pb.h"
#include "../common/peer_common.h"

#ifdef PEER_SYNC_API
static const char* const kImpl = "grpc-cpp-sync";
#else
static const char* const kImpl = "grpc-cpp-callback";
#endif

struct Client {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<ListStrings::Stub> list;
    std::unique_ptr<Echo::Stub> echo;
    int resp_size = 0;
    bool validate = false;
    std::string failure;
};

// ---- List, callback API

class Reader : public grpc::ClientReadReactor<ListResponse> {
public:
    Reader(Client* client) : client_(client) {
        context_.AddMetadata("resp-size", std::to_string(client->resp_size));
        client->list->async()->List(&context_, &request_, this);
        StartRead(&response_);
        StartCall();
    }
    void OnReadDone(bool ok) override {
        if (!ok) return;  // the stream ended: OnDone follows
        messages_++;
        strings_ += response_.strings_size();
        if (client_->validate && failure_.empty()) {
            if (response_.strings_size() != client_->resp_size) failure_ = "wrong strings per message";
            for (const std::string& s : response_.strings())
                if (s.size() != PEER_CONSTANT_LEN || memcmp(s.data(), PEER_CONSTANT, PEER_CONSTANT_LEN) != 0)
                    failure_ = "string differs from the constant";
        }
        StartRead(&response_);
    }
    void OnDone(const grpc::Status& status) override {
        std::lock_guard<std::mutex> lock(mu_);
        status_ = status;
        done_ = true;
        cv_.notify_one();
    }
    int Await() {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return done_; });
        if (!status_.ok()) { client_->failure = "status " + std::to_string(status_.error_code()) + ": " + status_.error_message(); return -1; }
        if (!failure_.empty()) { client_->failure = failure_; return -1; }
        if (messages_ != PEER_STRINGS_PER_CALL / client_->resp_size || strings_ != PEER_STRINGS_PER_CALL) {
            client_->failure = "wrong message or string count";
            return -1;
        }
        return 0;
    }

private:
    Client* client_;
    grpc::ClientContext context_;
    ListRequest request_;
    ListResponse response_;
    long messages_ = 0, strings_ = 0;
    std::string failure_;
    std::mutex mu_;
    std::condition_variable cv_;
    grpc::Status status_;
    bool done_ = false;
};

static int list_op(void* ctx) {
    Reader reader(static_cast<Client*>(ctx));
    return reader.Await();
}

// ---- unary

static int check_reply(Client* c, const grpc::Status& status, const EchoMessage& reply) {
    if (!status.ok()) { c->failure = "status " + std::to_string(status.error_code()) + ": " + status.error_message(); return -1; }
    if (reply.text() != PEER_ECHO_TEXT) { c->failure = "wrong echo"; return -1; }
    return 0;
}

#ifndef PEER_SYNC_API
static int unary_op(void* ctx) {
    Client* c = static_cast<Client*>(ctx);
    grpc::ClientContext context;
    EchoMessage request, reply;
    request.set_text(PEER_ECHO_TEXT);
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    grpc::Status status;
    c->echo->async()->Get(&context, &request, &reply, [&](grpc::Status s) {
        std::lock_guard<std::mutex> lock(mu);
        status = std::move(s);
        done = true;
        cv.notify_one();
    });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
    return check_reply(c, status, reply);
}

// 32 callers: each caller's next call starts in its previous call's completion.
struct Batch {
    Client* client;
    std::mutex mu;
    std::condition_variable cv;
    int callers_left = PEER_CALLERS;
    std::atomic<bool> failed{false};
};

struct Call {
    Batch* batch;
    int remaining;
    grpc::ClientContext context;
    EchoMessage request, reply;
};

static void start_call(Batch* batch, int remaining) {
    Call* call = new Call();
    call->batch = batch;
    call->remaining = remaining;
    call->request.set_text(PEER_ECHO_TEXT);
    batch->client->echo->async()->Get(&call->context, &call->request, &call->reply, [call](grpc::Status status) {
        Batch* batch = call->batch;
        if (!status.ok() || call->reply.text() != PEER_ECHO_TEXT) batch->failed = true;
        int remaining = call->remaining - 1;
        delete call;
        if (remaining > 0 && !batch->failed) {
            start_call(batch, remaining);
        } else {
            std::lock_guard<std::mutex> lock(batch->mu);
            if (--batch->callers_left == 0) batch->cv.notify_one();
        }
    });
}

static int unary32_op(void* ctx) {
    Batch batch;
    batch.client = static_cast<Client*>(ctx);
    for (int i = 0; i < PEER_CALLERS; i++) start_call(&batch, PEER_CALLS_PER_CALLER);
    std::unique_lock<std::mutex> lock(batch.mu);
    batch.cv.wait(lock, [&] { return batch.callers_left == 0; });
    if (batch.failed) { batch.client->failure = "a unary32 call failed"; return -1; }
    return 0;
}
#else
static int unary_op(void* ctx) {
    Client* c = static_cast<Client*>(ctx);
    grpc::ClientContext context;
    EchoMessage request, reply;
    request.set_text(PEER_ECHO_TEXT);
    grpc::Status status = c->echo->Get(&context, request, &reply);
    return check_reply(c, status, reply);
}

// 32 threads (started per operation: ~1% of its time), each making its calls in turn.
static int unary32_op(void* ctx) {
    Client* c = static_cast<Client*>(ctx);
    std::atomic<bool> failed{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < PEER_CALLERS; t++) {
        threads.emplace_back([c, &failed] {
            for (int i = 0; i < PEER_CALLS_PER_CALLER; i++) {
                grpc::ClientContext context;
                EchoMessage request, reply;
                request.set_text(PEER_ECHO_TEXT);
                grpc::Status status = c->echo->Get(&context, request, &reply);
                if (!status.ok() || reply.text() != PEER_ECHO_TEXT) failed = true;
            }
        });
    }
    for (auto& t : threads) t.join();
    if (failed) { c->failure = "a unary32 call failed"; return -1; }
    return 0;
}
#endif

int main(int argc, char** argv) {
    struct peer_client_options o = peer_parse_client(argc, argv);
    Client c;
    std::string target = o.is_unix ? std::string("unix:") + o.path : std::string(o.host) + ":" + std::to_string(o.port);
    c.channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
    c.list = ListStrings::NewStub(c.channel);
    c.echo = Echo::NewStub(c.channel);
    const char* transport = o.is_unix ? "unix" : "tcp";
    for (int i = 0; i < o.case_count; i++) {
        const struct peer_case* pc = &o.cases[i];
        int (*op)(void*) = nullptr;
        double divisor = 1;
        switch (pc->kind) {
        case PEER_LIST:
#ifdef PEER_SYNC_API
            fprintf(stderr, "%s: no case %s (the sync rows are unary only); skipped\n", kImpl, pc->name);
            continue;
#else
            op = list_op;
            break;
#endif
        case PEER_UNARY: op = unary_op; break;
        case PEER_UNARY32: op = unary32_op; divisor = PEER_CALLERS * PEER_CALLS_PER_CALLER; break;
        }
        c.resp_size = pc->resp_size;
        c.validate = true;
        // Validate once before timing (unary32 validates every reply anyway).
        if ((pc->kind == PEER_LIST ? op(&c) : unary_op(&c)) != 0) {
            fprintf(stderr, "error: %s %s %s: validation failed: %s\n", kImpl, transport, pc->name, c.failure.c_str());
            return 1;
        }
        c.validate = false;
        struct peer_measurement m = peer_measure(&o, op, &c);
        peer_print_row(kImpl, transport, pc, &m, divisor);
    }
    return 0;
}
