// The calls glibc declares only under _GNU_SOURCE, wrapped for Swift.
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/socket.h>
#include "CLinuxShim.h"

int clinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

void clinux_set_thread_name(const char *name) {
    pthread_setname_np(pthread_self(), name);
}
