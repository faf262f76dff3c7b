/* The segment cache: one file per segment, DIR/ab/abcd...seg, in a small
 * fixed little-endian layout of our own:
 *   "ALOUDSG2", speech_len, trim_from, n_events, true peak in millibels
 *   (two's complement) (u64 each),
 *   n_events x (kind u8, sample u64, text_start u64, text_len u64),
 *   speech_len x int16,
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
#include <sys/stat.h>

#include "aloud/util.h"

#define MAGIC "ALOUDSG2"
const char *aloud_segcache_recipe =
    "6: soxr upsampling, LAME lowpass at the speech band, MP3 runs always checked, search from "
    "the voice gain";
#define ENTRY_MAX_BYTES (256u * 1024 * 1024)

static void hash_field(struct sha256_ctx *ctx, const char *label, const char *value)
{
    sha256_update(ctx, strlen(label) + 1, (const uint8_t *)label);
    const char *v = value ? value : "\x01(none)";
    sha256_update(ctx, strlen(v) + 1, (const uint8_t *)v);
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
    hash_field(&ctx, "lame", get_lame_version());
    hash_field(&ctx, "soxr", soxr_version());
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
    free((char *)a->mp3.bytes);
    memset(a, 0, sizeof *a);
}

int aloud_segcache_load(const char *dir, const char *key, struct aloud_segment_audio *out)
{
    memset(out, 0, sizeof *out);
    char *path = entry_path(dir, key, ".seg");
    char *data = NULL;
    size_t len = 0;
    int rc = aloud_file_read(path, ENTRY_MAX_BYTES, &data, &len, NULL);
    free(path);
    if (rc)
        return rc == -ENOENT ? -ENOENT : -EINVAL;
    struct reader r = {(const unsigned char *)data, (const unsigned char *)data + len, 0};
    rc = -EINVAL;
    if (len < 8 || memcmp(data, MAGIC, 8) != 0)
        goto out;
    r.p += 8;
    uint64_t speech_len = get_u64(&r), trim_from = get_u64(&r), n_events = get_u64(&r);
    out->true_peak_dbtp = (double)(int64_t)get_u64(&r) / 1000.0;
    if (r.bad || n_events > len / 25 || speech_len > len / 2)
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
    out->speech_len = (size_t)speech_len;
    out->speech = aloud_xmalloc(out->speech_len * 2 + 2);
    for (size_t i = 0; i < out->speech_len; i++, r.p += 2)
        out->speech[i] = (int16_t)(uint16_t)(r.p[0] | r.p[1] << 8);
    uint64_t mp3_len = get_u64(&r);
    out->mp3.frames = get_u64(&r);
    out->mp3.delay = get_u32(&r);
    out->mp3.padding = get_u32(&r);
    if (r.bad || (uint64_t)(r.end - r.p) != mp3_len)
        goto out;
    if (mp3_len) {
        out->mp3.len = (size_t)mp3_len;
        out->mp3.bytes = aloud_xstrndup((const char *)r.p, out->mp3.len);
    }
    rc = 0;
out:
    free(data);
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
    for (size_t i = 0; i < a->n_events; i++) {
        aloud_buf_putc(&b, a->events[i].kind == ALOUD_SYNTH_WORD ? 1 : 0);
        put_u64(&b, a->events[i].sample);
        put_u64(&b, a->events[i].text_start);
        put_u64(&b, a->events[i].text_len);
    }
    for (size_t i = 0; i < a->speech_len; i++) {
        uint16_t s = (uint16_t)a->speech[i];
        char x[2] = {(char)(s & 0xFF), (char)(s >> 8)};
        aloud_buf_append(&b, x, 2);
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
