/* Power-loss tracer for tests/security/test_power_loss.py (LD_PRELOAD).
 * Logs every write, truncate, fsync and unlink made on files under $GUICHET_TRACE_DIR to $GUICHET_TRACE_LOG,
 * in program order, so that the test can rebuild "what the disk holds" at any instant: only what an fsync
 * made durable. The real calls still happen: the traced program runs normally. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FD 4096
static char *paths[MAX_FD];
static int log_fd = -1;
static const char *trace_dir;
static size_t trace_len;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate64)(int, off_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_close)(int);
static int (*real_unlink)(const char *);

static void init(void) {
    if (real_write) return;
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_open = dlsym(RTLD_NEXT, "open");
    real_open64 = dlsym(RTLD_NEXT, "open64");
    real_openat = dlsym(RTLD_NEXT, "openat");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
    real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
    real_close = dlsym(RTLD_NEXT, "close");
    real_unlink = dlsym(RTLD_NEXT, "unlink");
    trace_dir = getenv("GUICHET_TRACE_DIR");
    trace_len = trace_dir ? strlen(trace_dir) : 0;
    const char *log_path = getenv("GUICHET_TRACE_LOG");
    if (log_path) log_fd = real_open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
}

static int traced(const char *path) {
    return trace_dir && path && strncmp(path, trace_dir, trace_len) == 0 && !strstr(path, "-shm");
}

/* Record: kind (1 byte), path length (u16), path, a (i64), data length (u32), data. */
static void record(char kind, const char *path, int64_t a, const void *data, uint32_t len) {
    if (log_fd < 0) return;
    uint16_t plen = (uint16_t)strlen(path);
    char head[1 + 2];
    head[0] = kind;
    memcpy(head + 1, &plen, 2);
    pthread_mutex_lock(&lock);
    real_write(log_fd, head, 3);
    real_write(log_fd, path, plen);
    real_write(log_fd, &a, 8);
    real_write(log_fd, &len, 4);
    if (len) real_write(log_fd, data, len);
    pthread_mutex_unlock(&lock);
}

static void remember(int fd, const char *path) {
    if (fd >= 0 && fd < MAX_FD && traced(path)) {
        free(paths[fd]);
        paths[fd] = strdup(path);
        record('O', path, 0, NULL, 0);
    }
}

static const char *path_of(int fd) { return (fd >= 0 && fd < MAX_FD) ? paths[fd] : NULL; }

int open(const char *path, int flags, ...) {
    init();
    va_list ap; va_start(ap, flags); mode_t mode = va_arg(ap, mode_t); va_end(ap);
    int fd = real_open(path, flags, mode);
    remember(fd, path);
    return fd;
}

int open64(const char *path, int flags, ...) {
    init();
    va_list ap; va_start(ap, flags); mode_t mode = va_arg(ap, mode_t); va_end(ap);
    int fd = real_open64(path, flags, mode);
    remember(fd, path);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...) {
    init();
    va_list ap; va_start(ap, flags); mode_t mode = va_arg(ap, mode_t); va_end(ap);
    int fd = real_openat(dirfd, path, flags, mode);
    if (path && path[0] == '/') remember(fd, path);
    return fd;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    init();
    const char *p = path_of(fd);
    if (p) record('W', p, off, buf, (uint32_t)n);
    return real_pwrite64(fd, buf, n, off);
}

ssize_t write(int fd, const void *buf, size_t n) {
    init();
    const char *p = path_of(fd);
    if (p) record('W', p, lseek(fd, 0, SEEK_CUR), buf, (uint32_t)n);
    return real_write(fd, buf, n);
}

int fsync(int fd) {
    init();
    const char *p = path_of(fd);
    if (p) record('S', p, 0, NULL, 0);
    return real_fsync(fd);
}

int fdatasync(int fd) {
    init();
    const char *p = path_of(fd);
    if (p) record('S', p, 0, NULL, 0);
    return real_fdatasync(fd);
}

int ftruncate64(int fd, off_t size) {
    init();
    const char *p = path_of(fd);
    if (p) record('T', p, size, NULL, 0);
    return real_ftruncate64(fd, size);
}

int ftruncate(int fd, off_t size) {
    init();
    const char *p = path_of(fd);
    if (p) record('T', p, size, NULL, 0);
    return real_ftruncate(fd, size);
}

int close(int fd) {
    init();
    if (fd >= 0 && fd < MAX_FD && paths[fd]) { free(paths[fd]); paths[fd] = NULL; }
    return real_close(fd);
}

int unlink(const char *path) {
    init();
    if (traced(path)) record('U', path, 0, NULL, 0);
    return real_unlink(path);
}
