#ifndef CMALLOC_COUNTER_H
#define CMALLOC_COUNTER_H
#include <stdint.h>
/// Number of allocation calls (malloc, calloc, realloc, posix_memalign, aligned_alloc,
/// memalign) made by this process so far.
uint64_t bench_malloc_count(void);
/// Heap bytes in use now, over every malloc arena (glibc mallinfo2's uordblks).
uint64_t bench_heap_in_use(void);
#endif
