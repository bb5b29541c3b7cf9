/* The `raw` floor of the HTTP/2 rows: the same bytes over the same socket type between two
 * processes, with plain blocking read() and write(), no HTTP/2, no gRPC library.
 *
 * Built twice by Benchmarks/run.sh: -DRAW_SERVER gives raw-server, without it raw-client; both
 * follow the process protocol of Benchmarks/README.md (impl `raw`).
 *
 * On the connection (both sides know it; not gRPC):
 *   client -> server: one byte, 1, 10 or 100: "send a ListStrings call of that respSize";
 *     server -> client: the 10,000/respSize gRPC-framed ListResponse messages (5-byte prefix:
 *     flag 0, big-endian length; then repeated string field 1: 0x0A 0x64 + the 100-byte
 *     constant, respSize times), then a 5-byte end marker (flag 0x80, length 0) standing in for
 *     the trailers. The server writes the prebuilt bytes with one write() loop; the client reads
 *     64 KiB at a time and deframes: every prefix, every protobuf tag and length, each string
 *     compared with the constant once before timing.
 *   client -> server: 64 bytes starting with 'U'; server -> client: the same 64 bytes
 *     (case `unary`, one round trip).
 * TCP sockets have TCP_NODELAY, as gRPC sets it. */
#define _GNU_SOURCE
#include "../common/peer_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int write_all(int fd, const void *data, size_t count) {
    const unsigned char *p = (const unsigned char *)data;
    while (count > 0) {
        ssize_t n = write(fd, p, count);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        count -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *data, size_t count) {
    unsigned char *p = (unsigned char *)data;
    while (count > 0) {
        ssize_t n = read(fd, p, count);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        count -= (size_t)n;
    }
    return 0;
}

#ifdef RAW_SERVER

static unsigned char *call_bytes[101];
static size_t call_size[101];

static void build_call(int resp_size) {
    size_t body = (size_t)resp_size * (2 + PEER_CONSTANT_LEN);
    size_t messages = PEER_STRINGS_PER_CALL / resp_size;
    size_t size = messages * (5 + body) + 5;
    unsigned char *out = (unsigned char *)malloc(size), *p = out;
    for (size_t m = 0; m < messages; m++) {
        *p++ = 0;
        *p++ = (unsigned char)(body >> 24); *p++ = (unsigned char)(body >> 16);
        *p++ = (unsigned char)(body >> 8); *p++ = (unsigned char)body;
        for (int s = 0; s < resp_size; s++) {
            *p++ = 0x0A;
            *p++ = PEER_CONSTANT_LEN;
            memcpy(p, PEER_CONSTANT, PEER_CONSTANT_LEN);
            p += PEER_CONSTANT_LEN;
        }
    }
    *p++ = 0x80; *p++ = 0; *p++ = 0; *p++ = 0; *p++ = 0;
    call_bytes[resp_size] = out;
    call_size[resp_size] = size;
}

static void *serve_connection(void *arg) {
    int fd = (int)(intptr_t)arg;
    unsigned char ping[64];
    for (;;) {
        unsigned char command;
        if (read_all(fd, &command, 1) != 0) break;
        if (command == 'U') {
            ping[0] = command;
            if (read_all(fd, ping + 1, 63) != 0 || write_all(fd, ping, 64) != 0) break;
        } else if (command == 1 || command == 10 || command == 100) {
            if (write_all(fd, call_bytes[command], call_size[command]) != 0) break;
        } else {
            break;
        }
    }
    close(fd);
    return NULL;
}

static void *watch_stdin(void *arg) {
    (void)arg;
    char buf[256];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n > 0 || (n < 0 && errno == EINTR)) continue;
        _exit(0);
    }
}

static void on_term(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv) {
    struct peer_listen l = peer_parse_server(argc, argv);
    build_call(1); build_call(10); build_call(100);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    int lfd;
    char address[1100];
    if (l.is_unix) {
        struct sockaddr_un sa;
        memset(&sa, 0, sizeof sa);
        sa.sun_family = AF_UNIX;
        if (strlen(l.path) >= sizeof sa.sun_path) peer_die("socket path too long");
        strcpy(sa.sun_path, l.path);
        unlink(l.path);
        lfd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0) { perror("bind"); return 1; }
        snprintf(address, sizeof address, "%s", l.path);
    } else {
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons((uint16_t)l.port);
        if (inet_pton(AF_INET, l.host, &sa.sin_addr) != 1) peer_die("--tcp wants an IPv4 address");
        lfd = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0) { perror("bind"); return 1; }
        socklen_t len = sizeof sa;
        getsockname(lfd, (struct sockaddr *)&sa, &len);
        snprintf(address, sizeof address, "%s:%d", l.host, ntohs(sa.sin_port));
    }
    if (listen(lfd, 64) != 0) { perror("listen"); return 1; }
    pthread_t watcher;
    pthread_create(&watcher, NULL, watch_stdin, NULL);
    peer_announce(address);
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) { if (errno == EINTR) continue; perror("accept"); return 1; }
        if (!l.is_unix) { int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }
        pthread_t t;
        pthread_create(&t, NULL, serve_connection, (void *)(intptr_t)fd);
        pthread_detach(t);
    }
}

#else /* client */

struct client {
    int fd;
    int resp_size;
    int validate;
    long messages, strings;
    const char *failure;
    unsigned char buf[1 << 16];
    size_t have, pos;
};

static int refill(struct client *c) {
    if (c->pos > 0) {
        memmove(c->buf, c->buf + c->pos, c->have - c->pos);
        c->have -= c->pos;
        c->pos = 0;
    }
    for (;;) {
        ssize_t n = read(c->fd, c->buf + c->have, sizeof c->buf - c->have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        c->have += (size_t)n;
        return 0;
    }
}

static int parse_message(struct client *c, const unsigned char *b, size_t len) {
    long strings = 0;
    size_t i = 0;
    while (i < len) {
        if (b[i++] != 0x0A) { c->failure = "unexpected protobuf tag"; return -1; }
        uint64_t slen = 0;
        int shift = 0;
        for (;;) {
            if (i >= len || shift > 63) { c->failure = "bad varint"; return -1; }
            unsigned char byte = b[i++];
            slen |= (uint64_t)(byte & 0x7F) << shift;
            if (byte < 0x80) break;
            shift += 7;
        }
        if (slen > len - i) { c->failure = "truncated string"; return -1; }
        if (c->validate && (slen != PEER_CONSTANT_LEN || memcmp(b + i, PEER_CONSTANT, PEER_CONSTANT_LEN) != 0)) {
            c->failure = "string differs from the constant";
            return -1;
        }
        i += slen;
        strings++;
    }
    if (c->validate && strings != c->resp_size) { c->failure = "wrong strings per message"; return -1; }
    c->strings += strings;
    c->messages++;
    return 0;
}

static int list_op(void *ctx) {
    struct client *c = (struct client *)ctx;
    unsigned char command = (unsigned char)c->resp_size;
    c->messages = c->strings = 0;
    c->have = c->pos = 0;
    if (write_all(c->fd, &command, 1) != 0) { c->failure = "write failed"; return -1; }
    for (;;) {
        while (c->have - c->pos < 5)
            if (refill(c) != 0) { c->failure = "connection closed"; return -1; }
        const unsigned char *h = c->buf + c->pos;
        uint32_t len = ((uint32_t)h[1] << 24) | ((uint32_t)h[2] << 16) | ((uint32_t)h[3] << 8) | h[4];
        if (h[0] & 0x80) { c->pos += 5; break; }
        if (h[0] != 0 || len > sizeof c->buf - 5) { c->failure = "bad frame prefix"; return -1; }
        while (c->have - c->pos < 5 + (size_t)len)
            if (refill(c) != 0) { c->failure = "connection closed"; return -1; }
        if (parse_message(c, c->buf + c->pos + 5, len) != 0) return -1;
        c->pos += 5 + len;
    }
    if (c->pos != c->have) { c->failure = "bytes after the end marker"; return -1; }
    if (c->messages != PEER_STRINGS_PER_CALL / c->resp_size || c->strings != PEER_STRINGS_PER_CALL) {
        c->failure = "wrong message or string count";
        return -1;
    }
    return 0;
}

static int unary_op(void *ctx) {
    struct client *c = (struct client *)ctx;
    unsigned char ping[64], pong[64];
    memset(ping, 'x', sizeof ping);
    ping[0] = 'U';
    if (write_all(c->fd, ping, 64) != 0 || read_all(c->fd, pong, 64) != 0) { c->failure = "i/o failed"; return -1; }
    if (c->validate && memcmp(ping, pong, 64) != 0) { c->failure = "echo differs"; return -1; }
    return 0;
}

static int connect_to(const struct peer_client_options *o) {
    int fd;
    if (o->is_unix) {
        struct sockaddr_un sa;
        memset(&sa, 0, sizeof sa);
        sa.sun_family = AF_UNIX;
        snprintf(sa.sun_path, sizeof sa.sun_path, "%s", o->path);
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) { perror("connect"); exit(1); }
    } else {
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons((uint16_t)o->port);
        if (inet_pton(AF_INET, o->host, &sa.sin_addr) != 1) peer_die("tcp target wants an IPv4 address");
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) { perror("connect"); exit(1); }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    return fd;
}

int main(int argc, char **argv) {
    struct peer_client_options o = peer_parse_client(argc, argv);
    static struct client c;
    c.fd = connect_to(&o);
    const char *transport = o.is_unix ? "unix" : "tcp";
    for (int i = 0; i < o.case_count; i++) {
        const struct peer_case *pc = &o.cases[i];
        if (pc->kind == PEER_UNARY32) {
            fprintf(stderr, "raw: no case unary32 (the floor has ping-pong only); skipped\n");
            continue;
        }
        int (*op)(void *) = pc->kind == PEER_LIST ? list_op : unary_op;
        c.resp_size = pc->resp_size;
        c.validate = 1;
        if (op(&c) != 0) { fprintf(stderr, "error: raw %s %s: validation failed: %s\n", transport, pc->name, c.failure); return 1; }
        c.validate = 0;
        struct peer_measurement m = peer_measure(&o, op, &c);
        if (c.failure) { fprintf(stderr, "error: raw: %s\n", c.failure); return 1; }
        peer_print_row("raw", transport, pc, &m, 1);
    }
    close(c.fd);
    return 0;
}

#endif
