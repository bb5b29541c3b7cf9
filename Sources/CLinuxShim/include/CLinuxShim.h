// What Swift's Glibc module leaves out and the HTTP/2 event loop needs: epoll and eventfd.
#ifndef CLINUXSHIM_H
#define CLINUXSHIM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netdb.h>

/// The size of sockaddr_un's path field, which Swift imports as a tuple.
static inline int clinux_sun_path_size(void) {
    return (int)sizeof(((struct sockaddr_un *)0)->sun_path);
}

/// accept4(2), which glibc declares only under _GNU_SOURCE.
int clinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// Names the calling thread (pthread_setname_np, also _GNU_SOURCE only).
void clinux_set_thread_name(const char *name);

#endif
