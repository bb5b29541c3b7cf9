/* What the C and C++ peer executables share: the workload constants, the process protocol's
 * argument parsing, the measurement (the same as Benchmarks/PeerKit/Sources/PeerKit/Measure.swift)
 * and the JSON row (the same fields and order as PeerKit's PeerRow). Header-only, C and C++.
 * The protocol is described in Benchmarks/README.md. */
#ifndef PEER_COMMON_H
#define PEER_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif
uint64_t bench_malloc_count(void); /* Benchmarks/Sources/CMallocCounter/MallocCounter.c */
#ifdef __cplusplus
}
#endif

/* The 100-byte string of the seed benchmark (Messages.swift). */
static const char PEER_CONSTANT[] =
    "1pjpwqp23-wqwpqj--jwfewpjfpwjfq0jJWQIFnI230NInp@#(lfpsakon[]la,','-K-21J1J3RJFmx/,mx?wpjfjpw1-)DSPL!";
#define PEER_CONSTANT_LEN 100
#define PEER_STRINGS_PER_CALL 10000
#define PEER_CALLERS 32
#define PEER_CALLS_PER_CALLER 100
static const char PEER_ECHO_TEXT[] = "ping";

enum peer_case_kind { PEER_LIST, PEER_UNARY, PEER_UNARY32 };

struct peer_case {
    enum peer_case_kind kind;
    int resp_size; /* PEER_LIST only */
    char name[32];
};

struct peer_client_options {
    int is_unix;
    char host[256];
    int port;
    char path[1024];
    struct peer_case cases[16];
    int case_count;
    int samples;
    double sample_seconds, warmup_seconds;
    int min_warmup_ops;
};

static inline void peer_die(const char *what) {
    fprintf(stderr, "error: %s\n", what);
    exit(2);
}

static inline int peer_parse_case(const char *text, struct peer_case *out) {
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", text);
    if (strcmp(text, "unary") == 0) { out->kind = PEER_UNARY; return 0; }
    if (strcmp(text, "unary32") == 0) { out->kind = PEER_UNARY32; return 0; }
    if (strcmp(text, "respSize=1") == 0) { out->kind = PEER_LIST; out->resp_size = 1; return 0; }
    if (strcmp(text, "respSize=10") == 0) { out->kind = PEER_LIST; out->resp_size = 10; return 0; }
    if (strcmp(text, "respSize=100") == 0) { out->kind = PEER_LIST; out->resp_size = 100; return 0; }
    return -1;
}

/* CLIENT --target tcp:HOST:PORT|unix:PATH --case CASE[,CASE] [--case ...] [--samples N] [--quick] */
static inline struct peer_client_options peer_parse_client(int argc, char **argv) {
    struct peer_client_options o;
    memset(&o, 0, sizeof o);
    o.samples = 5; o.sample_seconds = 0.3; o.warmup_seconds = 0.3; o.min_warmup_ops = 3;
    int have_target = 0, samples_given = 0, quick = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 < argc && strcmp(a, "--target") == 0) {
            const char *t = argv[++i];
            if (strncmp(t, "unix:", 5) == 0 && t[5]) {
                o.is_unix = 1;
                snprintf(o.path, sizeof o.path, "%s", t + 5);
            } else if (strncmp(t, "tcp:", 4) == 0) {
                const char *colon = strrchr(t + 4, ':');
                if (!colon) peer_die("bad --target: want tcp:HOST:PORT or unix:PATH");
                snprintf(o.host, sizeof o.host, "%.*s", (int)(colon - (t + 4)), t + 4);
                o.port = atoi(colon + 1);
                if (o.port <= 0 || o.port > 65535) peer_die("bad port in --target");
            } else {
                peer_die("bad --target: want tcp:HOST:PORT or unix:PATH");
            }
            have_target = 1;
        } else if (i + 1 < argc && strcmp(a, "--case") == 0) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", argv[++i]);
            for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                if (o.case_count == 16 || peer_parse_case(tok, &o.cases[o.case_count]) != 0)
                    peer_die("bad --case: respSize=1|respSize=10|respSize=100|unary|unary32");
                o.case_count++;
            }
        } else if (i + 1 < argc && strcmp(a, "--samples") == 0) {
            o.samples = atoi(argv[++i]);
            if (o.samples <= 0) peer_die("--samples needs a positive integer");
            samples_given = 1;
        } else if (strcmp(a, "--quick") == 0) {
            quick = 1;
        } else {
            fprintf(stderr, "error: unknown argument %s\nusage: %s --target tcp:HOST:PORT|unix:PATH "
                            "--case CASE [--samples N] [--quick]\n", a, argv[0]);
            exit(2);
        }
    }
    if (!have_target || o.case_count == 0) peer_die("--target and --case are required");
    if (quick) {
        if (!samples_given) o.samples = 1;
        o.sample_seconds = 0.02; o.warmup_seconds = 0.01; o.min_warmup_ops = 1;
    }
    return o;
}

struct peer_listen {
    int is_unix;
    char host[256];
    int port;
    char path[1024];
};

/* SERVER --tcp HOST:PORT | --unix PATH */
static inline struct peer_listen peer_parse_server(int argc, char **argv) {
    struct peer_listen l;
    memset(&l, 0, sizeof l);
    if (argc == 3 && strcmp(argv[1], "--tcp") == 0) {
        const char *colon = strrchr(argv[2], ':');
        if (!colon) peer_die("bad --tcp: want HOST:PORT");
        snprintf(l.host, sizeof l.host, "%.*s", (int)(colon - argv[2]), argv[2]);
        l.port = atoi(colon + 1);
        return l;
    }
    if (argc == 3 && strcmp(argv[1], "--unix") == 0 && argv[2][0]) {
        l.is_unix = 1;
        snprintf(l.path, sizeof l.path, "%s", argv[2]);
        return l;
    }
    peer_die("usage: SERVER --tcp HOST:PORT | --unix PATH");
    return l;
}

static inline void peer_announce(const char *address) {
    printf("READY %s\n", address);
    fflush(stdout);
}

static inline double peer_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline int peer_cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

struct peer_measurement {
    double samples[64];
    int sample_count;
    long iterations;
    double allocs_per_op;
    double median, min, max;
};

/* Warm up, calibrate, time `samples` samples, count allocations over one more run.
 * `op` returns 0 on success; a failure ends the process. */
static inline struct peer_measurement peer_measure(const struct peer_client_options *o, int (*op)(void *), void *ctx) {
    struct peer_measurement m;
    memset(&m, 0, sizeof m);
    int warmup_ops = 0;
    double start = peer_now_ns(), elapsed = 0;
    do {
        if (op(ctx) != 0) peer_die("operation failed during warm-up");
        warmup_ops++;
        elapsed = peer_now_ns() - start;
    } while (warmup_ops < o->min_warmup_ops || elapsed < o->warmup_seconds * 1e9);
    double estimate = elapsed / warmup_ops;
    if (estimate < 1) estimate = 1;
    long iterations = (long)(o->sample_seconds * 1e9 / estimate + 0.999999);
    if (iterations < 1) iterations = 1;
    m.iterations = iterations;
    m.sample_count = o->samples > 64 ? 64 : o->samples;
    for (int s = 0; s < m.sample_count; s++) {
        double t0 = peer_now_ns();
        for (long i = 0; i < iterations; i++)
            if (op(ctx) != 0) peer_die("operation failed while timing");
        m.samples[s] = (peer_now_ns() - t0) / (double)iterations;
    }
    uint64_t allocs_before = bench_malloc_count();
    for (long i = 0; i < iterations; i++)
        if (op(ctx) != 0) peer_die("operation failed while counting allocations");
    m.allocs_per_op = (double)(bench_malloc_count() - allocs_before) / (double)iterations;
    double sorted[64];
    memcpy(sorted, m.samples, sizeof(double) * m.sample_count);
    qsort(sorted, m.sample_count, sizeof(double), peer_cmp_double);
    int mid = m.sample_count / 2;
    m.median = m.sample_count % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    m.min = sorted[0];
    m.max = sorted[m.sample_count - 1];
    return m;
}

/* One JSON row, the fields and order of PeerKit's PeerRow. `per_op_divisor` > 1 turns a
 * measurement of batches into per-call numbers (unary32), which also adds calls_per_s. */
static inline void peer_print_row(const char *impl, const char *transport, const struct peer_case *c,
                           const struct peer_measurement *m, double per_op_divisor) {
    int messages = c->kind == PEER_LIST ? PEER_STRINGS_PER_CALL / c->resp_size : 1;
    int strings = c->kind == PEER_LIST ? PEER_STRINGS_PER_CALL : 0;
    double d = per_op_divisor;
    double ns = m->median / d;
    char ns_per_string[32];
    if (strings) snprintf(ns_per_string, sizeof ns_per_string, "%.2f", ns / strings);
    else snprintf(ns_per_string, sizeof ns_per_string, "null");
    printf("{\"impl\":\"%s\",\"transport\":\"%s\",\"case\":\"%s\",\"ns_per_op\":%.1f,\"ns_per_op_min\":%.1f,"
           "\"ns_per_op_max\":%.1f,\"ns_per_msg\":%.2f,\"ns_per_string\":%s,\"allocs_per_op\":%.3f,"
           "\"allocs_per_msg\":%.3f,\"messages_per_op\":%d,\"strings_per_op\":%d,\"samples\":%d,"
           "\"iterations_per_sample\":%ld",
           impl, transport, c->name, ns, m->min / d, m->max / d, ns / messages, ns_per_string,
           m->allocs_per_op / d, m->allocs_per_op / d / messages, messages, strings, m->sample_count,
           (long)(m->iterations * d));
    if (d > 1) printf(",\"calls_per_s\":%.1f", 1e9 / ns);
    printf("}\n");
    fflush(stdout);
}

#endif
