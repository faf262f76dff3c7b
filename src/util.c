/* Shared helpers: aborting allocation, the byte buffer, error messages,
 * whole-file reads and atomic (temporary name + rename) writes. */
#define _GNU_SOURCE
#include "aloud/util.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "aloud: out of memory (allocating %zu bytes)\n", size);
    abort();
}

void *aloud_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *aloud_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *aloud_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

char *aloud_xstrdup(const char *s)
{
    return s ? aloud_xstrndup(s, strlen(s)) : NULL;
}

char *aloud_xstrndup(const char *s, size_t n)
{
    char *p = aloud_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *xvasprintf(const char *fmt, va_list ap) ALOUD_PRINTF(1, 0);
static char *xvasprintf(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        out_of_memory(strlen(fmt));
    return s;
}

char *aloud_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

static void buf_reserve(struct aloud_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = aloud_xrealloc(b->data, cap);
    b->cap = cap;
}

void aloud_buf_append(struct aloud_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void aloud_buf_puts(struct aloud_buf *b, const char *s)
{
    aloud_buf_append(b, s, strlen(s));
}

void aloud_buf_putc(struct aloud_buf *b, char c)
{
    aloud_buf_append(b, &c, 1);
}

void aloud_buf_printf(struct aloud_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    aloud_buf_puts(b, s);
    free(s);
}

char *aloud_buf_steal(struct aloud_buf *b)
{
    char *s = b->data ? b->data : aloud_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void aloud_buf_free(struct aloud_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void aloud_error_set(char **err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    free(*err);
    *err = s;
}

int aloud_file_read(const char *path, size_t max_bytes, char **data, size_t *len, char **err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) {
        int e = errno;
        aloud_error_set(err, "%s: cannot open: %s", path, strerror(e));
        return -e;
    }
    struct aloud_buf b = {0};
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b.len + n > max_bytes) {
            aloud_error_set(err, "%s: larger than the limit of %zu bytes", path, max_bytes);
            rc = -EFBIG;
            break;
        }
        aloud_buf_append(&b, chunk, n);
    }
    if (!rc && ferror(fp)) {
        int e = errno ? errno : EIO;
        aloud_error_set(err, "%s: cannot read: %s", path, strerror(e));
        rc = -e;
    }
    if (!is_stdin)
        fclose(fp);
    if (rc) {
        aloud_buf_free(&b);
        return rc;
    }
    *len = b.len;
    *data = aloud_buf_steal(&b);
    return 0;
}

int aloud_atomic_open(struct aloud_atomic *f, const char *path, char **err)
{
    memset(f, 0, sizeof *f);
    char *copy = aloud_xstrdup(path);
    char *dir = dirname(copy);
    char *copy2 = aloud_xstrdup(path);
    char *base = basename(copy2);
    char *tmp = aloud_xasprintf("%s/.%s.tmp-XXXXXX", dir, base);
    free(copy);
    free(copy2);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        aloud_error_set(err, "%s: cannot create: %s", path, strerror(e));
        free(tmp);
        return -e;
    }
    /* mkstemp makes 0600; published files are for everyone to read. */
    fchmod(fd, 0644);
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        aloud_error_set(err, "%s: cannot open: %s", path, strerror(e));
        return -e;
    }
    f->path = aloud_xstrdup(path);
    f->tmp = tmp;
    return 0;
}

int aloud_atomic_open_reusing(struct aloud_atomic *f, const char *path, const char *spare,
                              char **err)
{
    int rc = aloud_atomic_open(f, path, err);
    if (rc || !spare)
        return rc;
    /* The spare takes the temporary file's name (replacing the empty file
     * just made there) and is opened again under it. */
    if (rename(spare, f->tmp) != 0)
        return 0;
    int fd = open(f->tmp, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    FILE *fp = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)
                   ? fdopen(fd, "wb") /* which does not truncate */
                   : NULL;
    if (!fp) {
        /* Not a plain file after all: gone, and a new file instead. */
        if (fd >= 0)
            close(fd);
        aloud_atomic_abort(f);
        return aloud_atomic_open(f, path, err);
    }
    fchmod(fd, 0644);
    fclose(f->fp); /* the empty file's, now unlinked by the rename */
    f->fp = fp;
    f->reused = 1;
    return 0;
}

void aloud_atomic_set_length(struct aloud_atomic *f, uint64_t length)
{
    f->has_length = 1;
    f->length = length;
}

void aloud_atomic_retire(const char *path, const char *spare)
{
    struct stat st;
    if (spare && lstat(spare, &st) != 0 && errno == ENOENT && rename(path, spare) == 0)
        return;
    unlink(path);
}

int aloud_atomic_write(struct aloud_atomic *f, const void *data, size_t len)
{
    if (f->failed)
        return -f->failed;
    if (len && fwrite(data, 1, len, f->fp) != len) {
        f->failed = errno ? errno : EIO;
        return -f->failed;
    }
    return 0;
}

void aloud_atomic_start_writeback(struct aloud_atomic *f)
{
    if (f->failed || !f->fp || fflush(f->fp) != 0)
        return; /* commit reports it */
    sync_file_range(fileno(f->fp), 0, 0, SYNC_FILE_RANGE_WRITE);
}

static void atomic_release(struct aloud_atomic *f)
{
    free(f->path);
    free(f->tmp);
    f->path = f->tmp = NULL;
    f->fp = NULL;
}

int aloud_atomic_commit(struct aloud_atomic *f, char **err)
{
    int e = f->failed;
    if (!e && fflush(f->fp) != 0)
        e = errno ? errno : EIO;
    if (!e && ferror(f->fp))
        e = EIO;
    if (!e && f->reused && !f->has_length)
        e = EINVAL; /* what the spare held after the end would remain */
    if (!e && f->has_length && ftruncate(fileno(f->fp), (off_t)f->length) != 0)
        e = errno;
    if (!e && fsync(fileno(f->fp)) != 0)
        e = errno;
    if (fclose(f->fp) != 0 && !e)
        e = errno ? errno : EIO;
    f->fp = NULL;
    if (!e && rename(f->tmp, f->path) != 0)
        e = errno;
    if (e) {
        unlink(f->tmp);
        aloud_error_set(err, "%s: cannot write: %s", f->path, strerror(e));
    }
    atomic_release(f);
    return -e;
}

void aloud_atomic_abort(struct aloud_atomic *f)
{
    if (f->fp)
        fclose(f->fp);
    if (f->tmp)
        unlink(f->tmp);
    atomic_release(f);
}

void aloud_atomic_sweep(const char *dir, int min_age_s)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *tmp = strstr(de->d_name, ".tmp-");
        /* ".NAME.tmp-XXXXXX": mkostemp's six characters at the end. */
        if (de->d_name[0] != '.' || !tmp || strlen(tmp) != 11)
            continue;
        char *path = aloud_xasprintf("%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= min_age_s)
            unlink(path);
        free(path);
    }
    closedir(d);
}

void aloud_file_release_cache(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
}

int aloud_make_dir(const char *path, char **err)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        aloud_error_set(err, "%s: exists and is not a directory", path);
        return -ENOTDIR;
    }
    int e = errno;
    aloud_error_set(err, "%s: cannot create: %s", path, strerror(e));
    return -e;
}

int aloud_file_write_atomic(const char *path, const void *data, size_t len, char **err)
{
    struct aloud_atomic f;
    int rc = aloud_atomic_open(&f, path, err);
    if (rc)
        return rc;
    aloud_atomic_write(&f, data, len);
    return aloud_atomic_commit(&f, err);
}

int aloud_file_write_if_changed(const char *path, const void *data, size_t len, int *written,
                                char **err)
{
    if (written)
        *written = 0;
    FILE *fp = fopen(path, "rb");
    if (fp) {
        int same = 1;
        char chunk[65536];
        size_t off = 0, n;
        while (same && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
            if (off + n > len || memcmp(chunk, (const char *)data + off, n) != 0)
                same = 0;
            off += n;
        }
        if (ferror(fp) || off != len)
            same = 0;
        fclose(fp);
        if (same)
            return 0;
    }
    if (written)
        *written = 1;
    return aloud_file_write_atomic(path, data, len, err);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int aloud_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (!n)
            return 0;
        i += n;
    }
    return 1;
}

char *aloud_utf8_sanitize(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    struct aloud_buf b = {0};
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (n && p[i] != 0) {
            aloud_buf_append(&b, s + i, n);
            i += n;
        } else {
            if (p[i] != 0)
                aloud_buf_puts(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    return aloud_buf_steal(&b);
}

char *aloud_text_squeeze(char *s)
{
    return aloud_text_squeeze_map(s, NULL, 0);
}

char *aloud_text_squeeze_map(char *s, size_t *pos, size_t n)
{
    char *w = s;
    size_t next = 0; /* the first place not yet mapped */
    int space = 1;   /* drop leading space */
    for (char *r = s; *r;) {
        while (next < n && pos[next] <= (size_t)(r - s))
            pos[next++] = (size_t)(w - s);
        int ws = 0;
        size_t skip = 1;
        unsigned char c = (unsigned char)*r;
        if (c <= ' ' || c == 0x7F) /* white space and control characters */
            ws = 1;
        else if (c == 0xC2 && (unsigned char)r[1] == 0xA0)
            ws = 1, skip = 2;
        else if (c == 0xE2 && (unsigned char)r[1] == 0x80 &&
                 ((unsigned char)r[2] >= 0x80 && (unsigned char)r[2] <= 0x8B))
            ws = 1, skip = 3; /* U+2000..U+200B spaces */
        if (ws) {
            if (!space)
                *w++ = ' ';
            space = 1;
            r += skip;
        } else {
            *w++ = *r++;
            space = 0;
        }
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    for (size_t i = 0; i < n; i++)
        if (i >= next || pos[i] > (size_t)(w - s))
            pos[i] = (size_t)(w - s);
    return s;
}

int aloud_dl_load(const char *soname, const char *what, const char *const *names, void **const *slots,
                  size_t n, char **err)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        aloud_error_set(err, "%s cannot be loaded: %s", what, dlerror());
        return -ENOSYS;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(*slots[i] = dlsym(lib, names[i]))) {
            aloud_error_set(err, "%s cannot be loaded: %s lacks %s", what, soname, names[i]);
            dlclose(lib);
            return -ENOSYS;
        }
    }
    return 0;
}

/* --- A map of strings ----------------------------------------------------- */

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t strmap_slot(const struct aloud_strmap *m, const char *key)
{
    size_t i = (size_t)fnv1a(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

void aloud_strmap_put(struct aloud_strmap *m, const char *key, size_t value)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct aloud_strmap bigger = {0};
        bigger.cap = m->cap ? m->cap * 2 : 64;
        bigger.keys = aloud_xcalloc(bigger.cap, sizeof *bigger.keys);
        bigger.values = aloud_xcalloc(bigger.cap, sizeof *bigger.values);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t k = strmap_slot(&bigger, m->keys[i]);
                bigger.keys[k] = m->keys[i];
                bigger.values[k] = m->values[i];
            }
        bigger.n = m->n;
        free(m->keys);
        free(m->values);
        *m = bigger;
    }
    size_t i = strmap_slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = aloud_xstrdup(key);
        m->n++;
    }
    m->values[i] = value;
}

int aloud_strmap_get(const struct aloud_strmap *m, const char *key, size_t *value)
{
    if (!m->cap || !key)
        return 0;
    size_t i = strmap_slot(m, key);
    if (!m->keys[i])
        return 0;
    *value = m->values[i];
    return 1;
}

void aloud_strmap_free(struct aloud_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

int aloud_lang_same(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t i = 0;
    for (; a[i] && a[i] != '-' && a[i] != '_' && b[i] && b[i] != '-' && b[i] != '_'; i++)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return 0;
    int end_a = !a[i] || a[i] == '-' || a[i] == '_';
    int end_b = !b[i] || b[i] == '-' || b[i] == '_';
    return i > 0 && end_a && end_b;
}
