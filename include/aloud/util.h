/* Small helpers every stage shares: allocation that aborts on exhaustion,
 * a growable byte buffer, error messages handed back to callers, and files
 * written under a temporary name and renamed into place. */
#ifndef ALOUD_UTIL_H
#define ALOUD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses of the aloud program (documented in the README). */
#define ALOUD_EXIT_OK 0
#define ALOUD_EXIT_INPUT 1 /* an input could not be processed */
#define ALOUD_EXIT_USAGE 2 /* a usage or settings error */

#if defined(__GNUC__)
#define ALOUD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ALOUD_PRINTF(a, b)
#endif

/* Out-of-memory aborts the program with a message: these never return NULL
 * (aloud_xstrdup(NULL) returns NULL). */
void *aloud_xmalloc(size_t size);
void *aloud_xcalloc(size_t count, size_t size);
void *aloud_xrealloc(void *ptr, size_t size);
char *aloud_xstrdup(const char *s);
char *aloud_xstrndup(const char *s, size_t n);
char *aloud_xasprintf(const char *fmt, ...) ALOUD_PRINTF(1, 2);

/* Growable byte buffer; data is always NUL-terminated once anything was
 * appended. Zero-initialise to start ({0}); aloud_buf_free releases. */
struct aloud_buf {
    char *data;
    size_t len;
    size_t cap;
};
void aloud_buf_append(struct aloud_buf *b, const char *s, size_t n);
void aloud_buf_puts(struct aloud_buf *b, const char *s);
void aloud_buf_putc(struct aloud_buf *b, char c);
void aloud_buf_printf(struct aloud_buf *b, const char *fmt, ...) ALOUD_PRINTF(2, 3);
/* Hands the buffer's string to the caller (who frees it) and resets b;
 * returns "" (allocated) for an empty buffer. */
char *aloud_buf_steal(struct aloud_buf *b);
void aloud_buf_free(struct aloud_buf *b);

/* Sets *err (when err is not NULL) to a newly allocated message, freeing any
 * message already there. The caller owns *err and frees it. */
void aloud_error_set(char **err, const char *fmt, ...) ALOUD_PRINTF(2, 3);

/* Loads the shared library soname (what names it in errors) and looks up
 * n symbols: names[i] into *slots[i]. Libraries only some commands need
 * are loaded so, when first needed, rather than at every start. Returns 0
 * or -ENOSYS with *err; a library that loaded stays loaded. */
int aloud_dl_load(const char *soname, const char *what, const char *const *names, void **const *slots,
                  size_t n, char **err);

/* In a file that loads a library on demand: LIST(X) names its functions
 * as X(f) X(g)...; this declares `api`, a pointer of each function's own
 * type (from the library's header), and load_api(), which fills them once.
 * Calls then go through api.f (a #define f api.f keeps the call sites). */
#define ALOUD_DL_FIELD_(f) __typeof__(&f) f;
#define ALOUD_DL_NAME_(f) #f,
#define ALOUD_DL_SLOT_(f) (void **)&api.f,
#define ALOUD_DL_API(LIST)                                                                          \
    static struct {                                                                                \
        LIST(ALOUD_DL_FIELD_)                                                                      \
    } api;                                                                                         \
    static int load_api(const char *soname, const char *what, char **err)                         \
    {                                                                                              \
        static int loaded;                                                                         \
        static const char *const names[] = {LIST(ALOUD_DL_NAME_)};                                 \
        void **const slots[] = {LIST(ALOUD_DL_SLOT_)};                                             \
        if (loaded)                                                                                \
            return 0;                                                                              \
        int rc = aloud_dl_load(soname, what, names, slots, sizeof names / sizeof names[0], err);  \
        loaded = !rc;                                                                              \
        return rc;                                                                                 \
    }

/* Reads a whole file into *data (NUL-terminated, caller frees) with its
 * length in *len. Files over max_bytes are refused with -EFBIG. path "-"
 * reads standard input. Returns 0 or a negative errno, with *err set. */
int aloud_file_read(const char *path, size_t max_bytes, char **data, size_t *len, char **err);

/* A file written under a hidden temporary name in its final directory and
 * renamed over the final name on commit, so readers never see a partial
 * file. Every write is checked; the first failure sticks and makes commit
 * fail, which removes the temporary file. */
struct aloud_atomic {
    FILE *fp;    /* write through this, or through aloud_atomic_write */
    char *path;  /* final name (owned) */
    char *tmp;   /* temporary name (owned) */
    int failed;  /* errno of the first failed write, or 0 */
    int reused;  /* the temporary file took over a spare */
    int has_length;
    uint64_t length; /* when has_length: cut to this on commit */
};
/* Opens a temporary file beside path. Returns 0 or a negative errno. */
int aloud_atomic_open(struct aloud_atomic *f, const char *path, char **err);
/* The same, but the temporary file takes over the file at spare when
 * there is one (a rename: one build gets it, however many run): an old
 * large file kept for this (aloud_atomic_retire), overwritten in place, so
 * its disk blocks and page-cache pages serve again rather than being freed
 * and allocated anew (on a file system mounted with discard, freeing a
 * large file costs tens of milliseconds). The spare may be longer than
 * what is written: the caller must give the final length
 * (aloud_atomic_set_length) or commit fails. spare may be NULL. */
int aloud_atomic_open_reusing(struct aloud_atomic *f, const char *path, const char *spare,
                              char **err);
/* The file's final length: commit cuts it there. */
void aloud_atomic_set_length(struct aloud_atomic *f, uint64_t length);
/* Removes the file at path, or keeps it as spare (renamed) when spare is
 * not NULL and no spare is there yet: so a spare costs at most the disk
 * space of one such file. */
void aloud_atomic_retire(const char *path, const char *spare);
int aloud_atomic_write(struct aloud_atomic *f, const void *data, size_t len);
/* Flushes, fsyncs and renames into place; on any failure the temporary
 * file is removed and a negative errno returned with *err set. Frees f's
 * members either way. */
int aloud_atomic_commit(struct aloud_atomic *f, char **err);
/* Starts writing what f holds so far to disk without waiting for it
 * (sync_file_range), so that the fsync of commit finds most of a large
 * file written while the build went on with other work. */
void aloud_atomic_start_writeback(struct aloud_atomic *f);
/* Removes the temporary file and frees f's members; safe after commit. */
void aloud_atomic_abort(struct aloud_atomic *f);
/* Removes temporary files that aloud_atomic_open made in dir and that a
 * killed run left behind (hidden ".NAME.tmp-XXXXXX" files) if they are
 * older than min_age_s seconds, so files being written by a run going on at
 * the same time are spared. */
void aloud_atomic_sweep(const char *dir, int min_age_s);

/* Hands the page cache's pages of the file at path back to the kernel
 * (POSIX_FADV_DONTNEED): for a large file that will not be read again
 * (the previous version of one about to be written), so the new one takes
 * pages just freed rather than new ones, which some virtual machines give
 * out slowly. Only clean pages go; the file itself is untouched. Errors
 * are ignored: this costs speed at worst. */
void aloud_file_release_cache(const char *path);

/* Makes the directory path (mode 0755) unless it exists as one. Returns 0
 * or a negative errno with *err naming the path (-ENOTDIR when something
 * else is there). */
int aloud_make_dir(const char *path, char **err);

/* Convenience: the whole content in one call. */
int aloud_file_write_atomic(const char *path, const void *data, size_t len, char **err);

/* Writes data to path atomically unless the file already holds exactly
 * these bytes, in which case nothing is written (so an unchanged rebuild
 * touches nothing). Sets *written (when not NULL) to 1 if it wrote. */
int aloud_file_write_if_changed(const char *path, const void *data, size_t len, int *written,
                                char **err);

/* A map from strings (copied) to numbers, for lookups by name in lists of
 * thousands (episodes by slug, file names in out/). Zero-initialise;
 * aloud_strmap_free releases. */
struct aloud_strmap {
    char **keys;
    size_t *values;
    size_t cap; /* slots, a power of two, or 0 */
    size_t n;
};
/* Sets key's value (replacing any). */
void aloud_strmap_put(struct aloud_strmap *m, const char *key, size_t value);
/* 1 and *value when key is there, else 0. */
int aloud_strmap_get(const struct aloud_strmap *m, const char *key, size_t *value);
void aloud_strmap_free(struct aloud_strmap *m);

/* Whether two BCP 47 tags name the same language (their first subtags,
 * any case: "en-GB" and "en"). */
int aloud_lang_same(const char *a, const char *b);

/* UTF-8 helpers. aloud_utf8_valid checks a buffer; aloud_utf8_sanitize
 * returns a copy (caller frees) with invalid sequences replaced by U+FFFD. */
int aloud_utf8_valid(const char *s, size_t len);
char *aloud_utf8_sanitize(const char *s, size_t len);

/* Collapses runs of white space (ASCII, U+00A0, U+2000..U+200B) and control
 * characters into one space and trims both ends, in place. Returns s. */
char *aloud_text_squeeze(char *s);
/* aloud_text_squeeze, keeping track of places in the text: pos holds n byte
 * offsets into s (in non-decreasing order, each at most strlen(s)), and
 * each becomes the offset of the same place in the squeezed text (a place
 * inside a run of white space goes to where its one space is). */
char *aloud_text_squeeze_map(char *s, size_t *pos, size_t n);

#endif
