/* The segment cache: one file per segment, DIR/ab/abcd...seg, in a small
 * fixed little-endian layout of our own:
 *   "ALOUDSG3", speech_len, trim_from, n_events, true peak in millibels
 *   (two's complement), n_blocks (u64 each),
 *   n_events x (kind u8, sample u64, text_start u64, text_len u64),
 *   speech_len x int16,
 *   n_blocks x gating block energy (IEEE 754 double's bits, u64),
 *   mp3_len, mp3_frames (u64), mp3_delay, mp3_padding (u32), mp3 bytes.
 * A file that does not parse is a miss, never an error: the segment is
 * rendered again and the entry replaced. */
#include "aloud/segcache.h"

#include <errno.h>
#include <math.h>
#include <lame/lame.h>
#include <nettle/sha2.h>
#include <soxr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/util.h"

#define MAGIC "ALOUDSG3"
const char *aloud_segcache_recipe =
    "7: soxr upsampling, LAME lowpass at the speech band, MP3 runs always checked, search from "
    "the voice gain, gating blocks per segment, the voice selected in each utterance's process";
#define ENTRY_MAX_BYTES (256u * 1024 * 1024)

static void hash_field(struct sha256_ctx *ctx, const char *label, const char *value)
{
    sha256_update(ctx, strlen(label) + 1, (const uint8_t *)label);
    const char *v = value ? value : "\x01(none)";
    sha256_update(ctx, strlen(v) + 1, (const uint8_t *)v);
}

const char *aloud_segcache_versions(void)
{
    static char versions[160];
    if (!versions[0])
        snprintf(versions, sizeof versions, "lame %s, soxr %s", get_lame_version(),
                 soxr_version());
    return versions;
}

char *aloud_segcache_key(const struct aloud_segment *seg, int last, const struct aloud_voice *v,
                         const struct aloud_audio_settings *s)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    hash_field(&ctx, "format", MAGIC);
    hash_field(&ctx, "text", seg->text);
    hash_field(&ctx, "display", seg->display);
    char *shape = aloud_xasprintf("%d|%d", seg->pause_ms, last);
    hash_field(&ctx, "shape", shape);
    free(shape);
    char *speech = aloud_xasprintf("%s|%d|%d|%d|%d|%d", v->espeak_voice ? v->espeak_voice : "",
                                   v->rate, v->pitch, v->range, v->word_gap, v->volume);
    hash_field(&ctx, "voice", speech);
    free(speech);
    if (v->espeak_file) {
        char *data = NULL;
        size_t len = 0;
        if (aloud_file_read(v->espeak_file, ENTRY_MAX_BYTES, &data, &len, NULL) == 0) {
            sha256_update(&ctx, len, (const uint8_t *)data);
            free(data);
        }
    }
    hash_field(&ctx, "espeak", aloud_synth_version());
    char *audio = aloud_xasprintf("%.3f|%.3f|%d|%d|%d", s->target_lufs, s->max_true_peak,
                                  s->mp3_bitrate_kbps, s->mp3_sample_rate, s->mp3_quality);
    hash_field(&ctx, "audio", audio);
    free(audio);
    hash_field(&ctx, "aloud", ALOUD_VERSION);
    /* What turns a segment into sound beyond the settings: the recipe
     * (raised when levelling or encoding change) and the libraries. */
    hash_field(&ctx, "recipe", aloud_segcache_recipe);
    hash_field(&ctx, "libraries", aloud_segcache_versions());
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof d, d);
    char *hex = aloud_xmalloc(2 * sizeof d + 1);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return hex;
}

/* DIR/ab/abcd...EXT: a segment (".seg") or numbers (".num"). */
static char *entry_path(const char *dir, const char *key, const char *ext)
{
    return aloud_xasprintf("%s/%.2s/%s%s", dir, key, key, ext);
}

static void put_u64(struct aloud_buf *b, uint64_t v)
{
    unsigned char x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    aloud_buf_append(b, (const char *)x, 8);
}

static void put_u32(struct aloud_buf *b, uint32_t v)
{
    unsigned char x[4];
    for (int i = 0; i < 4; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    aloud_buf_append(b, (const char *)x, 4);
}

struct reader {
    const unsigned char *p, *end;
    int bad;
};

static uint64_t get_u64(struct reader *r)
{
    if (r->end - r->p < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

static uint32_t get_u32(struct reader *r)
{
    if (r->end - r->p < 4) {
        r->bad = 1;
        return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)r->p[i] << (8 * i);
    r->p += 4;
    return v;
}

void aloud_segment_audio_clear(struct aloud_segment_audio *a)
{
    free(a->speech);
    free(a->events);
    free(a->blocks);
    if (a->map)
        munmap(a->map, a->map_len);
    else
        free((char *)a->mp3.bytes);
    memset(a, 0, sizeof *a);
}

/* Maps the file at path read-only into *map (*len bytes, at least 8 and
 * at most ENTRY_MAX_BYTES). Returns 0, -ENOENT or -EINVAL. */
static int map_entry(const char *path, void **map, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? -ENOENT : -EINVAL;
    struct stat st;
    int rc = -EINVAL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 8 &&
        (uint64_t)st.st_size <= ENTRY_MAX_BYTES) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
            *map = m;
            *len = (size_t)st.st_size;
            rc = 0;
        }
    }
    close(fd);
    return rc;
}

/* Marks path as used now. */
static void mark_used(const char *path)
{
    utimensat(AT_FDCWD, path, NULL, 0);
}

void aloud_segcache_keep(const char *dir, const char *key)
{
    const char *exts[] = {".seg", ".num"};
    for (size_t i = 0; i < 2; i++) {
        char *path = entry_path(dir, key, exts[i]);
        mark_used(path);
        free(path);
    }
}

int aloud_segcache_load(const char *dir, const char *key, struct aloud_segment_audio *out)
{
    memset(out, 0, sizeof *out);
    char *path = entry_path(dir, key, ".seg");
    int rc = map_entry(path, &out->map, &out->map_len);
    if (!rc)
        mark_used(path);
    free(path);
    if (rc)
        return rc;
    size_t len = out->map_len;
    const unsigned char *data = out->map;
    struct reader r = {data, data + len, 0};
    rc = -EINVAL;
    if (memcmp(data, MAGIC, 8) != 0)
        goto out;
    r.p += 8;
    uint64_t speech_len = get_u64(&r), trim_from = get_u64(&r), n_events = get_u64(&r);
    out->true_peak_dbtp = (double)(int64_t)get_u64(&r) / 1000.0;
    uint64_t n_blocks = get_u64(&r);
    if (r.bad || n_events > len / 25 || speech_len > len / 2 || n_blocks > len / 8)
        goto out;
    out->trim_from = (size_t)trim_from;
    out->n_events = (size_t)n_events;
    out->events = aloud_xcalloc(out->n_events ? out->n_events : 1, sizeof *out->events);
    for (size_t i = 0; i < out->n_events && !r.bad; i++) {
        if (r.p >= r.end) {
            r.bad = 1;
            break;
        }
        unsigned kind = *r.p++;
        out->events[i].kind = kind ? ALOUD_SYNTH_WORD : ALOUD_SYNTH_SENTENCE;
        out->events[i].sample = get_u64(&r);
        out->events[i].text_start = (size_t)get_u64(&r);
        out->events[i].text_len = (size_t)get_u64(&r);
    }
    if (r.bad || (uint64_t)(r.end - r.p) < speech_len * 2)
        goto out;
    /* Left where it is: the writers take little-endian bytes as they are. */
    out->speech_len = (size_t)speech_len;
    out->speech_le = r.p;
    r.p += out->speech_len * 2;
    out->n_blocks = (size_t)n_blocks;
    out->blocks = aloud_xcalloc(out->n_blocks ? out->n_blocks : 1, sizeof *out->blocks);
    for (size_t i = 0; i < out->n_blocks && !r.bad; i++) {
        uint64_t bits = get_u64(&r);
        memcpy(&out->blocks[i], &bits, sizeof bits);
    }
    uint64_t mp3_len = get_u64(&r);
    out->mp3.frames = get_u64(&r);
    out->mp3.delay = get_u32(&r);
    out->mp3.padding = get_u32(&r);
    if (r.bad || (uint64_t)(r.end - r.p) != mp3_len)
        goto out;
    if (mp3_len) {
        out->mp3.len = (size_t)mp3_len;
        out->mp3.bytes = (const char *)r.p;
    }
    rc = 0;
out:
    if (rc)
        aloud_segment_audio_clear(out);
    return rc;
}

/* DIR and DIR/ab for key "ab...". */
static int make_entry_dir(const char *dir, const char *key, char **err)
{
    char *sub = aloud_xasprintf("%s/%.2s", dir, key);
    int rc = aloud_make_dir(dir, err);
    if (!rc)
        rc = aloud_make_dir(sub, err);
    free(sub);
    return rc;
}

int aloud_segcache_store(const char *dir, const char *key, const struct aloud_segment_audio *a,
                         char **err)
{
    int rc = make_entry_dir(dir, key, err);
    if (rc)
        return rc;
    struct aloud_buf b = {0};
    aloud_buf_append(&b, MAGIC, 8);
    put_u64(&b, a->speech_len);
    put_u64(&b, a->trim_from);
    put_u64(&b, a->n_events);
    put_u64(&b, (uint64_t)(int64_t)llround(a->true_peak_dbtp * 1000.0));
    put_u64(&b, a->n_blocks);
    for (size_t i = 0; i < a->n_events; i++) {
        aloud_buf_putc(&b, a->events[i].kind == ALOUD_SYNTH_WORD ? 1 : 0);
        put_u64(&b, a->events[i].sample);
        put_u64(&b, a->events[i].text_start);
        put_u64(&b, a->events[i].text_len);
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    aloud_buf_append(&b, (const char *)a->speech, a->speech_len * 2);
#else
    for (size_t i = 0; i < a->speech_len; i++) {
        uint16_t s = (uint16_t)a->speech[i];
        char x[2] = {(char)(s & 0xFF), (char)(s >> 8)};
        aloud_buf_append(&b, x, 2);
    }
#endif
    for (size_t i = 0; i < a->n_blocks; i++) {
        uint64_t bits;
        memcpy(&bits, &a->blocks[i], sizeof bits);
        put_u64(&b, bits);
    }
    put_u64(&b, a->mp3.bytes ? a->mp3.len : 0);
    put_u64(&b, a->mp3.frames);
    put_u32(&b, a->mp3.delay);
    put_u32(&b, a->mp3.padding);
    if (a->mp3.bytes && a->mp3.len)
        aloud_buf_append(&b, a->mp3.bytes, a->mp3.len);
    char *path = entry_path(dir, key, ".seg");
    rc = aloud_file_write_atomic(path, b.data, b.len, err);
    free(path);
    aloud_buf_free(&b);
    return rc;
}

/* A few numbers kept beside the entries (DIR/ab/KEY.num), as C99
 * hexadecimal floating point, exact both ways. */
int aloud_segcache_load_numbers(const char *dir, const char *key, double *v, size_t n)
{
    char *path = entry_path(dir, key, ".num");
    char *data = NULL;
    size_t len = 0;
    int rc = aloud_file_read(path, 4096, &data, &len, NULL);
    if (!rc)
        mark_used(path);
    free(path);
    if (rc)
        return -ENOENT;
    const char *p = data;
    for (size_t i = 0; i < n && !rc; i++) {
        char *end;
        v[i] = strtod(p, &end);
        if (end == p || !isfinite(v[i]))
            rc = -EINVAL;
        p = end;
    }
    free(data);
    return rc;
}

int aloud_segcache_store_numbers(const char *dir, const char *key, const double *v, size_t n,
                                 char **err)
{
    int rc = make_entry_dir(dir, key, err);
    if (rc)
        return rc;
    struct aloud_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        char num[64];
        snprintf(num, sizeof num, "%a\n", v[i]);
        aloud_buf_puts(&b, num);
    }
    char *path = entry_path(dir, key, ".num");
    rc = aloud_file_write_atomic(path, b.data, b.len, err);
    free(path);
    aloud_buf_free(&b);
    return rc;
}

/* --- Pruning ---------------------------------------------------------------- */

#define HISTORY_MAX 64

static int ts_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Adds start to DIR/builds (oldest first, at most HISTORY_MAX) and returns
 * the start of the keep-th newest build there, or 0 when there are fewer
 * (then nothing is old enough to go). */
static int record_build(const char *dir, const struct timespec *start, unsigned keep,
                        struct timespec *oldest_kept)
{
    char *path = aloud_xasprintf("%s/builds", dir);
    char *data = NULL;
    size_t len = 0;
    struct timespec t[HISTORY_MAX + 1];
    size_t n = 0;
    if (aloud_file_read(path, 1 << 16, &data, &len, NULL) == 0) {
        const char *p = data;
        long long sec;
        long nsec;
        int used;
        while (n < HISTORY_MAX && sscanf(p, "%lld.%ld\n%n", &sec, &nsec, &used) == 2) {
            t[n++] = (struct timespec){(time_t)sec, nsec};
            p += used;
        }
    }
    free(data);
    if (n == HISTORY_MAX) {
        memmove(t, t + 1, (n - 1) * sizeof *t);
        n--;
    }
    t[n++] = *start;
    struct aloud_buf b = {0};
    for (size_t i = 0; i < n; i++)
        aloud_buf_printf(&b, "%lld.%09ld\n", (long long)t[i].tv_sec, t[i].tv_nsec);
    int rc = aloud_file_write_atomic(path, b.data, b.len, NULL);
    aloud_buf_free(&b);
    free(path);
    if (rc || keep == 0 || n < keep)
        return 0;
    *oldest_kept = t[n - keep];
    return 1;
}

/* Is name an entry's ("KEY.seg" or "KEY.num", KEY 64 hex digits)? Entries
 * of an older format have other keys (the format is part of every key), so
 * no build uses them and they age out like any unused entry. */
static int entry_name(const char *name)
{
    size_t n = strlen(name);
    if (n != 68 || (strcmp(name + 64, ".seg") != 0 && strcmp(name + 64, ".num") != 0))
        return 0;
    return strspn(name, "0123456789abcdef") == 64;
}

size_t aloud_segcache_prune(const char *dir, const struct timespec *build_start,
                            unsigned keep_builds, long min_age_s, uint64_t *bytes)
{
    if (bytes)
        *bytes = 0;
    struct timespec cut;
    if (!record_build(dir, build_start, keep_builds, &cut))
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct timespec young = {now.tv_sec - min_age_s, now.tv_nsec};
    if (min_age_s > 0 && ts_before(&young, &cut))
        cut = young;
    size_t removed = 0;
    DIR *top = opendir(dir);
    struct dirent *de;
    while (top && (de = readdir(top))) {
        /* Entries live in DIR/ab/ (two hex digits). */
        if (strlen(de->d_name) != 2 || !strchr("0123456789abcdef", de->d_name[0]) ||
            !strchr("0123456789abcdef", de->d_name[1]))
            continue;
        char *sub = aloud_xasprintf("%s/%s", dir, de->d_name);
        aloud_atomic_sweep(sub, 60);
        DIR *d = opendir(sub);
        struct dirent *fe;
        while (d && (fe = readdir(d))) {
            if (fe->d_name[0] == '.')
                continue;
            char *path = aloud_xasprintf("%s/%s", sub, fe->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                (ts_before(&st.st_mtim, &cut) || !entry_name(fe->d_name)) &&
                unlink(path) == 0) {
                removed++;
                if (bytes)
                    *bytes += (uint64_t)st.st_size;
            }
            free(path);
        }
        if (d)
            closedir(d);
        rmdir(sub); /* only when emptied */
        free(sub);
    }
    if (top)
        closedir(top);
    return removed;
}
