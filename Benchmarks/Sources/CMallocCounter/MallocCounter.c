// Interposes the allocation functions in the executable (which wins over glibc's exported
// definitions) and forwards them to glibc's internal entry points, counting each call with a
// relaxed atomic counter.
#include "CMallocCounter.h"
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdatomic.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic uint64_t bench_allocs = 0;

static inline void bench_count(void) {
    atomic_fetch_add_explicit(&bench_allocs, 1, memory_order_relaxed);
}

uint64_t bench_malloc_count(void) {
    return atomic_load_explicit(&bench_allocs, memory_order_relaxed);
}

void *malloc(size_t size) {
    bench_count();
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    bench_count();
    return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size) {
    bench_count();
    return __libc_realloc(ptr, size);
}

void *memalign(size_t alignment, size_t size) {
    bench_count();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    bench_count();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    bench_count();
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) {
        return EINVAL;
    }
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) {
        return ENOMEM;
    }
    *out = p;
    return 0;
}

uint64_t bench_heap_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return (uint64_t)info.uordblks;
}
