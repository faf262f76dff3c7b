/* A small static file server for previewing out/ and for podcast apps on a
 * local network, built on libmicrohttpd. GET and HEAD, single byte ranges
 * (206 / 416), content types for the files aloud publishes, and nothing
 * outside the served directory: paths are resolved and checked against it,
 * symbolic links included. */
#ifndef ALOUD_SERVE_H
#define ALOUD_SERVE_H

struct aloud_server;

/* Starts serving root (a directory) on host:port in a background thread.
 * port 0 picks a free port (see aloud_serve_port). Returns 0 and *out, or
 * a negative errno with *err set (caller frees). */
int aloud_serve_start(const char *root, const char *host, unsigned port,
                      struct aloud_server **out, char **err);

/* The port the server listens on. */
unsigned aloud_serve_port(const struct aloud_server *s);

/* Stops the server and frees it; accepts NULL. */
void aloud_serve_stop(struct aloud_server *s);

/* The Content-Type aloud serves for a file name (by extension). */
const char *aloud_serve_content_type(const char *path);

/* Parses one HTTP byte range ("bytes=A-B", "bytes=A-", "bytes=-N") against
 * a file of size bytes into [*first, *last]. Returns 0, -ERANGE when the
 * range cannot be satisfied, or -EINVAL when the header is not a single
 * byte range (the whole file is then served). */
int aloud_serve_parse_range(const char *header, unsigned long long size,
                            unsigned long long *first, unsigned long long *last);

#endif
