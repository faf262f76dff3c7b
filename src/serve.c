/* The preview server: libmicrohttpd serving the files of one directory.
 *
 * Every request path is joined to the root and resolved with realpath(),
 * and the result must lie inside the resolved root, so neither "..", nor
 * percent-encoded tricks (libmicrohttpd unescapes before we see the path),
 * nor a symbolic link can reach a file outside it. Directories serve their
 * index.html. */
#define _GNU_SOURCE
#include "aloud/serve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/util.h"

/* libmicrohttpd (and GnuTLS with it) is loaded by `aloud serve` alone,
 * when it starts, so other commands do not pay for loading it; the calls
 * go through this table with the types its header declares. */
#define MHD_FUNCTIONS(X)                                                                           \
    X(MHD_add_response_header)                                                                     \
    X(MHD_create_response_from_buffer)                                                             \
    X(MHD_create_response_from_fd_at_offset64)                                                     \
    X(MHD_destroy_response)                                                                        \
    X(MHD_get_daemon_info)                                                                         \
    X(MHD_lookup_connection_value)                                                                 \
    X(MHD_queue_response)                                                                          \
    X(MHD_start_daemon)                                                                            \
    X(MHD_stop_daemon)

ALOUD_DL_API(MHD_FUNCTIONS)

static int load_microhttpd(char **err)
{
    return load_api(ALOUD_MICROHTTPD_SONAME, "libmicrohttpd", err);
}

#define MHD_add_response_header api.MHD_add_response_header
#define MHD_create_response_from_buffer api.MHD_create_response_from_buffer
#define MHD_create_response_from_fd_at_offset64 api.MHD_create_response_from_fd_at_offset64
#define MHD_destroy_response api.MHD_destroy_response
#define MHD_get_daemon_info api.MHD_get_daemon_info
#define MHD_lookup_connection_value api.MHD_lookup_connection_value
#define MHD_queue_response api.MHD_queue_response
#define MHD_start_daemon api.MHD_start_daemon
#define MHD_stop_daemon api.MHD_stop_daemon

struct aloud_server {
    struct MHD_Daemon *daemon;
    char *root; /* resolved, no trailing slash */
    unsigned port;
};

static const struct {
    const char *ext;
    const char *type;
} content_types[] = {
    {".mp3", "audio/mpeg"},
    {".wav", "audio/wav"},
    {".vtt", "text/vtt; charset=utf-8"},
    {".json", "application/json"},
    {".xml", "application/rss+xml; charset=utf-8"},
    {".rss", "application/rss+xml; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".ico", "image/x-icon"},
};

const char *aloud_serve_content_type(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot) {
        for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++) {
            if (strcasecmp(dot, content_types[i].ext) == 0)
                return content_types[i].type;
        }
    }
    return "application/octet-stream";
}

static int parse_number(const char **p, unsigned long long *out)
{
    if (**p < '0' || **p > '9')
        return -EINVAL;
    unsigned long long v = 0;
    while (**p >= '0' && **p <= '9') {
        unsigned d = (unsigned)(**p - '0');
        if (v > (ULLONG_MAX - d) / 10)
            return -EINVAL;
        v = v * 10 + d;
        (*p)++;
    }
    *out = v;
    return 0;
}

int aloud_serve_parse_range(const char *header, unsigned long long size,
                            unsigned long long *first, unsigned long long *last)
{
    const char *p = header;
    while (*p == ' ')
        p++;
    if (strncasecmp(p, "bytes=", 6) != 0)
        return -EINVAL;
    p += 6;
    while (*p == ' ')
        p++;
    unsigned long long a = 0, b = 0;
    if (*p == '-') {
        p++;
        if (parse_number(&p, &b))
            return -EINVAL;
        while (*p == ' ')
            p++;
        if (*p) /* several ranges: serve the whole file */
            return -EINVAL;
        if (b == 0 || size == 0)
            return -ERANGE;
        *first = b >= size ? 0 : size - b;
        *last = size - 1;
        return 0;
    }
    if (parse_number(&p, &a) || *p++ != '-')
        return -EINVAL;
    int open_ended = !(*p >= '0' && *p <= '9');
    if (!open_ended && parse_number(&p, &b))
        return -EINVAL;
    while (*p == ' ')
        p++;
    if (*p)
        return -EINVAL;
    if (!open_ended && b < a)
        return -EINVAL;
    if (a >= size)
        return -ERANGE;
    *first = a;
    *last = open_ended || b >= size ? size - 1 : b;
    return 0;
}

static enum MHD_Result reply_text(struct MHD_Connection *conn, unsigned status, const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* The real path of path when it lies inside the server's root, else NULL. */
static char *inside_root(const struct aloud_server *s, const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return NULL;
    size_t n = strlen(s->root);
    if (strncmp(real, s->root, n) != 0 || (real[n] != '\0' && real[n] != '/')) {
        free(real);
        return NULL;
    }
    return real;
}

/* Resolves a request path to a regular file inside the root; directories
 * give their index.html. Returns an allocated path or NULL. */
static char *resolve(const struct aloud_server *s, const char *url)
{
    if (url[0] != '/' || strlen(url) > PATH_MAX)
        return NULL;
    char *joined = aloud_xasprintf("%s%s", s->root, url);
    char *real = inside_root(s, joined);
    free(joined);
    struct stat st;
    if (real && stat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
        char *index = aloud_xasprintf("%s/index.html", real);
        free(real);
        real = inside_root(s, index);
        free(index);
    }
    if (real && (stat(real, &st) != 0 || !S_ISREG(st.st_mode))) {
        free(real);
        real = NULL;
    }
    return real;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)req_cls;
    const struct aloud_server *s = cls;
    int head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (!head && strcmp(method, MHD_HTTP_METHOD_GET) != 0)
        return reply_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
    char *path = resolve(s, url);
    if (!path)
        return reply_text(conn, MHD_HTTP_NOT_FOUND, "not found\n");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        free(path);
        return reply_text(conn, MHD_HTTP_NOT_FOUND, "not found\n");
    }
    unsigned long long size = (unsigned long long)st.st_size;
    unsigned long long first = 0, last = size ? size - 1 : 0;
    unsigned status = MHD_HTTP_OK;
    const char *range = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
    if (range) {
        int rc = aloud_serve_parse_range(range, size, &first, &last);
        if (rc == -ERANGE) {
            close(fd);
            free(path);
            struct MHD_Response *r =
                MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
            char cr[64];
            snprintf(cr, sizeof cr, "bytes */%llu", size);
            MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
            enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_RANGE_NOT_SATISFIABLE, r);
            MHD_destroy_response(r);
            return ret;
        }
        if (rc == 0)
            status = MHD_HTTP_PARTIAL_CONTENT;
    }
    uint64_t length = size ? last - first + 1 : 0;
    struct MHD_Response *r;
    if (length == 0) {
        close(fd);
        r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    } else {
        r = MHD_create_response_from_fd_at_offset64(length, fd, first);
    }
    if (!r) {
        free(path);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, aloud_serve_content_type(path));
    MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    if (status == MHD_HTTP_PARTIAL_CONTENT) {
        char cr[96];
        snprintf(cr, sizeof cr, "bytes %llu-%llu/%llu", first, last, size);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
    }
    free(path);
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

int aloud_serve_start(const char *root, const char *host, unsigned port,
                      struct aloud_server **out, char **err)
{
    *out = NULL;
    int loaded = load_microhttpd(err);
    if (loaded)
        return loaded;
    char *real = realpath(root, NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        int e = real ? ENOTDIR : errno;
        aloud_error_set(err, "%s: cannot serve: %s", root, strerror(e));
        free(real);
        return -e;
    }
    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&addr)->sin_addr) == 1) {
        struct sockaddr_in *in = (struct sockaddr_in *)&addr;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)&addr)->sin6_addr) == 1) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&addr;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        flags |= MHD_USE_IPv6;
    } else {
        aloud_error_set(err, "--host %s: not a numeric IPv4 or IPv6 address", host);
        free(real);
        return -EINVAL;
    }
    struct aloud_server *s = aloud_xcalloc(1, sizeof *s);
    s->root = real;
    s->daemon = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handle, s,
                                 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                                 MHD_OPTION_END);
    if (!s->daemon) {
        int e = errno ? errno : EADDRINUSE;
        aloud_error_set(err, "cannot listen on %s port %u: %s", host, port, strerror(e));
        free(s->root);
        free(s);
        return -e;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    *out = s;
    return 0;
}

unsigned aloud_serve_port(const struct aloud_server *s)
{
    return s->port;
}

void aloud_serve_stop(struct aloud_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    free(s->root);
    free(s);
}
