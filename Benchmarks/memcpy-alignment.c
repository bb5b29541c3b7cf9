// glibc's memcpy against the distance between destination and source modulo 4096, for a
// 256 KiB copy, whole and in 2 KiB pieces (what ProtoWire's ByteCopy does at the slow
// distances). Diagnostic, not a row:
//
//   cc -O2 Benchmarks/memcpy-alignment.c -o /tmp/memcpy-alignment && /tmp/memcpy-alignment
//
// Prints, per distance, the fastest of 100 copies in ns.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static void in_pieces(char *d, const char *s, size_t n, size_t piece) {
    while (n > piece) { memcpy(d, s, piece); d += piece; s += piece; n -= piece; }
    memcpy(d, s, n);
}

int main(void) {
    const size_t n = 262158;  // the SimpleRequest 256 KiB payload of CodecBench
    char *a = aligned_alloc(4096, n + 8192), *b = aligned_alloc(4096, n + 8192);
    memset(a, 1, n + 8192);
    memset(b, 2, n + 8192);
    const int distances[] = {0, 1, 8, 16, 24, 31, 32, 40, 63, 64, 1024, 4095};
    for (size_t k = 0; k < sizeof distances / sizeof *distances; k++) {
        char *src = a + 32, *dst = b + 32 + distances[k];
        double whole = 1e18, pieces = 1e18;
        for (int r = 0; r < 100; r++) {
            double t0 = now();
            memcpy(dst, src, n);
            double t = now() - t0;
            if (t < whole) whole = t;
            __asm__ volatile("" ::"r"(dst) : "memory");
        }
        for (int r = 0; r < 100; r++) {
            double t0 = now();
            in_pieces(dst, src, n, 2048);
            double t = now() - t0;
            if (t < pieces) pieces = t;
            __asm__ volatile("" ::"r"(dst) : "memory");
        }
        printf("distance %4d: memcpy %8.0f ns, 2 KiB pieces %8.0f ns\n", distances[k], whole, pieces);
    }
    return 0;
}
