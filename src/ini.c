/* INI files through inih with line numbers in every error. */
#define _GNU_SOURCE
#include "aloud/ini.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct aloud_ini {
    const char *p;
    const char *end;
    int lineno;
    int too_long; /* first line that did not fit inih's buffer, or 0 */
    char *err;    /* first error, without file and line */
    int err_line;
    aloud_ini_handler handler;
    void *user;
};

/* inih's reader: one line at a time, counted. A line longer than inih's
 * buffer is cut and remembered as an error rather than read as two. */
static char *read_line(char *str, int num, void *stream)
{
    struct aloud_ini *r = stream;
    if (r->p >= r->end || num < 2)
        return NULL;
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    size_t n = nl ? (size_t)(nl - r->p) + 1 : (size_t)(r->end - r->p);
    size_t take = n < (size_t)num - 1 ? n : (size_t)num - 1;
    r->lineno++;
    if (take < n && !r->too_long)
        r->too_long = r->lineno;
    memcpy(str, r->p, take);
    str[take] = '\0';
    if (take < n && take > 0)
        str[take - 1] = '\n';
    r->p += n;
    return str;
}

void aloud_ini_fail(struct aloud_ini *ini, const char *fmt, ...)
{
    if (ini->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&ini->err, fmt, ap) < 0)
        ini->err = NULL;
    va_end(ap);
    ini->err_line = ini->lineno;
}

int aloud_ini_line(const struct aloud_ini *ini)
{
    return ini->lineno;
}

static int trampoline(void *user, const char *section, const char *name, const char *value)
{
    struct aloud_ini *ini = user;
    return ini->handler(ini, ini->user, section, name, value);
}

int aloud_ini_parse_file(const char *path, size_t max_bytes, aloud_ini_handler handler,
                         void *user, char **err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = aloud_file_read(path, max_bytes, &data, &len, err);
    if (rc)
        return rc;
    if (!aloud_utf8_valid(data, len) || memchr(data, '\0', len)) {
        aloud_error_set(err, "%s: not UTF-8 text", path);
        free(data);
        return -EILSEQ;
    }
    struct aloud_ini ini = {.p = data, .end = data + len, .handler = handler, .user = user};
    int line = ini_parse_stream(read_line, &ini, trampoline, &ini);
    free(data);
    int first = INT_MAX;
    char *msg = NULL;
    if (line > 0 && (!ini.err || line < ini.err_line)) {
        first = line;
        msg = aloud_xstrdup("cannot read this line (expected '[section]' or 'key = value')");
    }
    if (ini.err && ini.err_line < first) {
        first = ini.err_line;
        free(msg);
        msg = aloud_xstrdup(ini.err);
    }
    if (ini.too_long && ini.too_long < first) {
        first = ini.too_long;
        free(msg);
        msg = aloud_xasprintf("line longer than %d bytes", INI_MAX_LINE - 1);
    }
    if (msg) {
        aloud_error_set(err, "%s:%d: %s", path, first, msg);
        rc = -EINVAL;
    } else if (line < 0) {
        aloud_error_set(err, "%s: cannot read the file", path);
        rc = -EIO;
    }
    free(msg);
    free(ini.err);
    return rc;
}

int aloud_ini_int(struct aloud_ini *ini, const char *key, const char *value, long min, long max,
                  long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (!*value || *end || errno || v < min || v > max) {
        aloud_ini_fail(ini, "%s: expected a whole number from %ld to %ld, got '%s'", key, min,
                       max, value);
        return 0;
    }
    *out = v;
    return 1;
}

int aloud_ini_measure(struct aloud_ini *ini, const char *key, const char *value, long min,
                      long max, const char *what, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (!*value || *end || errno || v < min || v > max) {
        aloud_ini_fail(ini, "%s: expected %s between %ld and %ld, got '%s'", key, what, min, max,
                       value);
        return 0;
    }
    *out = v;
    return 1;
}

int aloud_ini_double(struct aloud_ini *ini, const char *key, const char *value, double min,
                     double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (!*value || *end || errno || !isfinite(v) || v < min || v > max) {
        aloud_ini_fail(ini, "%s: expected a number from %g to %g, got '%s'", key, min, max, value);
        return 0;
    }
    *out = v;
    return 1;
}

int aloud_ini_bool(struct aloud_ini *ini, const char *key, const char *value, int *out)
{
    if (!strcasecmp(value, "true") || !strcasecmp(value, "yes") || !strcasecmp(value, "on") ||
        !strcmp(value, "1")) {
        *out = 1;
        return 1;
    }
    if (!strcasecmp(value, "false") || !strcasecmp(value, "no") || !strcasecmp(value, "off") ||
        !strcmp(value, "0")) {
        *out = 0;
        return 1;
    }
    aloud_ini_fail(ini, "%s: expected true or false, got '%s'", key, value);
    return 0;
}
