/* The MP3 writer: LAME runs joined into one stream behind an ID3v2.4 tag
 * and a Xing/LAME Info frame that this file composes (LAME can only write
 * one for a stream a single encoder produced). See mp3.h for the layout. */
#include "aloud/mp3.h"

#include <errno.h>
#include <lame/lame.h>
#include <math.h>
#include <mpg123.h>
#include <soxr.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"

/* LAME pads every flushed stream with at least this many samples (output
 * rate) after the input, on top of its encoder delay. */
#define LAME_MIN_PADDING 576
#define CHUNK 4096

/* LAME, and soxr in front of it, for one layout. What it encodes goes into
 * made, from where the file (or a caller wanting a run) takes it. */
struct aloud_mp3_encoder {
    struct aloud_audio_settings settings;
    unsigned in_rate;
    struct aloud_mp3_layout layout;
    char *name;          /* for messages */
    lame_t lame;         /* the current run's encoder */
    soxr_t soxr;         /* upsampler in front of LAME, or NULL */
    size_t run_left;     /* samples of the run still to feed the encoder */
    size_t up_left;      /* upsampled samples of the run still to feed */
    int expected_frames; /* of the current run (runs mode) */
    int lowpass_hz;
    struct aloud_buf made; /* encoded bytes not yet taken */
    unsigned run_delay, run_padding; /* of the run flushed last */
    int run_frames;
    int16_t up[2 * CHUNK];
    unsigned char out[2 * CHUNK * 5 / 4 + 7200];
};

struct aloud_mp3 {
    struct aloud_atomic file;
    struct aloud_mp3_encoder *enc;
    long tag_offset; /* where the Info frame goes */
    size_t tag_frame_len;
    size_t *chapter_offsets;
    size_t n_chapters;
    uint64_t frames;         /* audio frames written */
    uint64_t bytes;          /* audio bytes written */
    unsigned delay, padding; /* of the first and the last run */
    uint16_t music_crc;
};

int aloud_mp3_layout(unsigned in_rate, const struct aloud_audio_settings *s,
                     struct aloud_mp3_layout *layout, char **err)
{
    int rc = aloud_audio_settings_check(s, err);
    if (rc)
        return rc;
    unsigned out = (unsigned)s->mp3_sample_rate;
    size_t spf = aloud_audio_mpeg_rate(s->mp3_sample_rate, NULL, NULL);
    if (out == in_rate || out == 2 * in_rate) {
        layout->runs = 1;
        layout->grid = spf * in_rate / out;
        /* LAME's delay (576) and least padding (576), in input samples. */
        layout->min_tail = (576 + LAME_MIN_PADDING) * in_rate / out;
    } else {
        layout->runs = 0;
        layout->grid = 1;
        layout->min_tail = 0;
    }
    return 0;
}

/* CRC-16 (polynomial 0x8005, reflected, initial 0) as the LAME tag uses.
 * The music CRC runs over every audio byte of the episode (13 MB for 23
 * minutes), so it goes eight bytes a step ("slicing by 8": table k holds
 * the CRC of a byte followed by k zero bytes), about five times faster
 * than a byte at a time; the tables are built on first use. */
static uint16_t crc16(uint16_t crc, const unsigned char *p, size_t n)
{
    static uint16_t table[8][256];
    if (!table[0][1]) {
        for (unsigned v = 0; v < 256; v++) {
            uint16_t c = (uint16_t)v;
            for (int b = 0; b < 8; b++)
                c = (c & 1) ? (uint16_t)((c >> 1) ^ 0xA001) : (uint16_t)(c >> 1);
            table[0][v] = c;
        }
        for (int k = 1; k < 8; k++)
            for (unsigned v = 0; v < 256; v++)
                table[k][v] = (uint16_t)((table[k - 1][v] >> 8) ^
                                         table[0][table[k - 1][v] & 0xFF]);
    }
    for (; n >= 8; p += 8, n -= 8) {
        crc ^= (uint16_t)(p[0] | p[1] << 8);
        crc = (uint16_t)(table[7][crc & 0xFF] ^ table[6][crc >> 8] ^ table[5][p[2]] ^
                         table[4][p[3]] ^ table[3][p[4]] ^ table[2][p[5]] ^ table[1][p[6]] ^
                         table[0][p[7]]);
    }
    for (; n; p++, n--)
        crc = (uint16_t)((crc >> 8) ^ table[0][(crc ^ *p) & 0xFF]);
    return crc;
}

static int lame_error(int code, const char *path, char **err)
{
    const char *what;
    switch (code) {
    case -1:
        what = "output buffer too small";
        break;
    case -2:
        what = "out of memory";
        break;
    case -3:
        what = "parameters not initialised";
        break;
    case -4:
        what = "psychoacoustic problem";
        break;
    default:
        what = "encoder error";
        break;
    }
    aloud_error_set(err, "%s: LAME cannot encode: %s (%d)", path, what, code);
    return -EIO;
}

static lame_t new_lame(struct aloud_mp3_encoder *m, char **err)
{
    lame_t l = lame_init();
    if (!l) {
        aloud_error_set(err, "%s: LAME cannot start", m->name);
        return NULL;
    }
    /* Upsampled by soxr, the input carries nothing above eSpeak NG's
     * Nyquist frequency: LAME's lowpass there costs no sound and spares it
     * coding the empty band above. */
    lame_set_in_samplerate(l, m->soxr ? m->settings.mp3_sample_rate : (int)m->in_rate);
    lame_set_out_samplerate(l, m->settings.mp3_sample_rate);
    if (m->soxr)
        lame_set_lowpassfreq(l, (int)m->in_rate / 2);
    lame_set_num_channels(l, 1);
    lame_set_mode(l, MONO);
    lame_set_VBR(l, vbr_off);
    lame_set_brate(l, m->settings.mp3_bitrate_kbps);
    lame_set_quality(l, m->settings.mp3_quality);
    lame_set_bWriteVbrTag(l, 0); /* the Info frame is ours */
    int rc = lame_init_params(l);
    if (rc < 0) {
        lame_error(rc, m->name, err);
        lame_close(l);
        return NULL;
    }
    m->lowpass_hz = lame_get_lowpassfreq(l);
    return l;
}

/* The kbps of bitrate index i in MPEG version's table. */
static int kbps_of(int version, int i)
{
    for (int kbps = 8; kbps <= 320; kbps += 8)
        if (aloud_audio_mpeg_bitrate_index(version, kbps) == i)
            return kbps;
    return 0;
}

/* The Info frame's length: the smallest frame at the episode's bitrate or
 * above that holds the Xing and LAME headers. */
static size_t tag_frame_length(const struct aloud_audio_settings *s, int *bitrate_idx)
{
    int version = 3, index = 0;
    aloud_audio_mpeg_rate(s->mp3_sample_rate, &version, &index);
    size_t xing_at = version == 3 ? 4 + 17 : 4 + 9;
    int i = aloud_audio_mpeg_bitrate_index(version, s->mp3_bitrate_kbps);
    for (;; i++) {
        size_t len = (size_t)((version == 3 ? 144 : 72) * kbps_of(version, i) * 1000 /
                              s->mp3_sample_rate);
        if (len >= xing_at + 156 || i == 14) {
            *bitrate_idx = i;
            return len;
        }
    }
}

/* The Info frame: an MPEG frame of silence whose side information is
 * followed by the Xing header (frames, bytes, TOC, quality) and the LAME
 * extension (delay, padding, lengths and CRCs). */
static void info_frame(const struct aloud_mp3 *m, unsigned char *f)
{
    const struct aloud_audio_settings *s = &m->enc->settings;
    int version = 3, index = 0, br;
    aloud_audio_mpeg_rate(s->mp3_sample_rate, &version, &index);
    size_t len = tag_frame_length(s, &br);
    memset(f, 0, len);
    uint32_t header = 0xFFE00000u | (uint32_t)version << 19 | 1u << 17 /* layer III */ |
                      1u << 16 /* no CRC */ | (uint32_t)br << 12 | (uint32_t)index << 10 |
                      3u << 6 /* mono */ | 1u << 2 /* original */;
    aloud_id3_put_u32(f, header);
    unsigned char *x = f + (version == 3 ? 4 + 17 : 4 + 9);
    uint32_t total = (uint32_t)(m->bytes + len);
    memcpy(x, "Info", 4);
    aloud_id3_put_u32(x + 4, 0x0F);
    aloud_id3_put_u32(x + 8, (uint32_t)m->frames);
    aloud_id3_put_u32(x + 12, total);
    for (int i = 0; i < 100; i++)
        x[16 + i] = (unsigned char)(i * 256 / 100); /* CBR: bytes grow with time */
    aloud_id3_put_u32(x + 116, (uint32_t)(100 - 10 * s->mp3_quality));
    unsigned char *l = x + 120;
    char version_string[10];
    snprintf(version_string, sizeof version_string, "LAME%s", get_lame_short_version());
    memcpy(l, version_string, strlen(version_string) < 9 ? strlen(version_string) : 9);
    l[9] = 1; /* revision 0, CBR */
    int lowpass = m->enc->lowpass_hz / 100;
    l[10] = (unsigned char)(lowpass > 255 ? 255 : lowpass);
    l[20] = (unsigned char)(s->mp3_bitrate_kbps > 255 ? 255 : s->mp3_bitrate_kbps);
    l[21] = (unsigned char)(m->delay >> 4);
    l[22] = (unsigned char)((m->delay & 0x0F) << 4 | (m->padding >> 8));
    l[23] = (unsigned char)m->padding;
    aloud_id3_put_u32(l + 28, total);
    l[32] = (unsigned char)(m->music_crc >> 8);
    l[33] = (unsigned char)m->music_crc;
    uint16_t tag_crc = crc16(0, f, (size_t)(l + 34 - f));
    l[34] = (unsigned char)(tag_crc >> 8);
    l[35] = (unsigned char)tag_crc;
}

/* --- The encoder --------------------------------------------------------- */

static int start_soxr(struct aloud_mp3_encoder *m, char **err)
{
    /* soxr's filter is linear phase and trimmed of its delay: a run's
     * audio stays where it was, and each run starts from silence. */
    soxr_error_t e;
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
    io.flags |= SOXR_NO_DITHER;
    /* 16-bit precision, for 16-bit speech. */
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_MQ, 0);
    m->soxr = soxr_create(m->in_rate, m->settings.mp3_sample_rate, 1, &e, &io, &q, NULL);
    if (!m->soxr) {
        aloud_error_set(err, "%s: soxr cannot start: %s", m->name, e);
        return -EIO;
    }
    return 0;
}

/* An encoder for either layout (the file's own may be continuous). */
static int encoder_new(unsigned in_rate, const struct aloud_audio_settings *settings,
                       const char *name, struct aloud_mp3_encoder **out, char **err)
{
    *out = NULL;
    struct aloud_mp3_encoder *m = aloud_xcalloc(1, sizeof *m);
    m->settings = *settings;
    m->in_rate = in_rate;
    m->name = aloud_xstrdup(name ? name : "MP3");
    int rc = aloud_mp3_layout(in_rate, settings, &m->layout, err);
    if (!rc && m->layout.runs && (unsigned)settings->mp3_sample_rate == 2 * in_rate)
        rc = start_soxr(m, err);
    if (rc) {
        aloud_mp3_encoder_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int aloud_mp3_encoder_new(unsigned in_rate, const struct aloud_audio_settings *settings,
                          const char *name, struct aloud_mp3_encoder **out, char **err)
{
    int rc = encoder_new(in_rate, settings, name, out, err);
    if (!rc && !(*out)->layout.runs) {
        aloud_error_set(err, "%s: segments cannot be runs of their own at %d Hz", (*out)->name,
                        settings->mp3_sample_rate);
        aloud_mp3_encoder_free(*out);
        *out = NULL;
        rc = -EINVAL;
    }
    return rc;
}

void aloud_mp3_encoder_free(struct aloud_mp3_encoder *m)
{
    if (!m)
        return;
    aloud_buf_free(&m->made);
    if (m->lame)
        lame_close(m->lame);
    if (m->soxr)
        soxr_delete(m->soxr);
    free(m->name);
    free(m);
}

/* The lowpass LAME chooses for these settings, which the Info frame names:
 * known once an encoder was set up. */
static int know_lowpass(struct aloud_mp3_encoder *m, char **err)
{
    if (m->lowpass_hz)
        return 0;
    lame_t l = new_lame(m, err);
    if (!l)
        return -EIO;
    lame_close(l);
    return 0;
}

static int run_begin(struct aloud_mp3_encoder *m, size_t n_samples, int last, char **err)
{
    if (!m->layout.runs) {
        if (!m->lame && !(m->lame = new_lame(m, err)))
            return -EIO;
        m->run_left = n_samples;
        return 0;
    }
    size_t skip = last ? 0 : m->layout.min_tail;
    if (n_samples % m->layout.grid || n_samples < skip) {
        aloud_error_set(err, "%s: a run of %zu samples is not on the %zu-sample grid", m->name,
                        n_samples, m->layout.grid);
        return -EINVAL;
    }
    if (!(m->lame = new_lame(m, err)))
        return -EIO;
    m->run_left = n_samples - skip;
    m->up_left = m->run_left * (size_t)m->settings.mp3_sample_rate / m->in_rate;
    /* A run decodes to its whole length: the skipped tail's place is taken
     * by LAME's delay and padding. The last run keeps its tail, so it
     * carries them in frames of its own. */
    size_t out_samples = n_samples * (size_t)m->settings.mp3_sample_rate / m->in_rate;
    size_t spf = (size_t)lame_get_framesize(m->lame);
    m->expected_frames = (int)(out_samples / spf);
    if (last)
        m->expected_frames += (int)((576 + LAME_MIN_PADDING) / spf);
    return 0;
}

/* Feeds n samples at LAME's input rate. */
static int lame_feed(struct aloud_mp3_encoder *m, const int16_t *pcm, size_t n, char **err)
{
    while (n) {
        size_t k = n < CHUNK ? n : CHUNK;
        int got = lame_encode_buffer(m->lame, pcm, NULL, (int)k, m->out, (int)sizeof m->out);
        if (got < 0)
            return lame_error(got, m->name, err);
        aloud_buf_append(&m->made, (const char *)m->out, (size_t)got);
        pcm += k;
        n -= k;
    }
    return 0;
}

/* Feeds what soxr gave (m->up, n samples), up to the run's length. */
static int feed_up(struct aloud_mp3_encoder *m, size_t n, char **err)
{
    size_t k = n < m->up_left ? n : m->up_left;
    m->up_left -= k;
    return lame_feed(m, m->up, k, err);
}

static int soxr_failed(struct aloud_mp3_encoder *m, soxr_error_t e, char **err)
{
    aloud_error_set(err, "%s: soxr cannot resample: %s", m->name, e);
    return -EIO;
}

/* Feeds n samples at the input rate, through soxr if it is on. */
static int encode(struct aloud_mp3_encoder *m, const int16_t *pcm, size_t n, char **err)
{
    if (!m->soxr)
        return lame_feed(m, pcm, n, err);
    size_t cap = sizeof m->up / sizeof *m->up;
    while (n) {
        size_t k = n < cap / 2 ? n : cap / 2, used = 0, made = 0;
        soxr_error_t e = soxr_process(m->soxr, pcm, k, &used, m->up, cap, &made);
        if (e)
            return soxr_failed(m, e, err);
        int rc = feed_up(m, made, err);
        if (rc)
            return rc;
        pcm += used;
        n -= used;
    }
    return 0;
}

/* The end of a run through soxr: its filter's last output, then silence
 * should it come out short of the run's length; soxr is then ready for
 * the next run as if new. */
static int soxr_drain(struct aloud_mp3_encoder *m, char **err)
{
    size_t cap = sizeof m->up / sizeof *m->up, made;
    do {
        soxr_error_t e = soxr_process(m->soxr, NULL, 0, NULL, m->up, cap, &made);
        if (e)
            return soxr_failed(m, e, err);
        int rc = feed_up(m, made, err);
        if (rc)
            return rc;
    } while (made);
    memset(m->up, 0, sizeof m->up);
    while (m->up_left) {
        int rc = feed_up(m, m->up_left < cap ? m->up_left : cap, err);
        if (rc)
            return rc;
    }
    soxr_clear(m->soxr);
    return 0;
}

static int write_pcm(struct aloud_mp3_encoder *m, const int16_t *pcm, size_t n, char **err)
{
    size_t k = n < m->run_left ? n : m->run_left;
    m->run_left -= k;
    return encode(m, pcm, k, err);
}

static int write_silence(struct aloud_mp3_encoder *m, size_t n, char **err)
{
    static const int16_t zeros[CHUNK];
    while (n) {
        size_t k = n < CHUNK ? n : CHUNK;
        int rc = write_pcm(m, zeros, k, err);
        if (rc)
            return rc;
        n -= k;
    }
    return 0;
}

static int flush(struct aloud_mp3_encoder *m, char **err)
{
    int got = lame_encode_flush(m->lame, m->out, (int)sizeof m->out);
    if (got < 0)
        return lame_error(got, m->name, err);
    aloud_buf_append(&m->made, (const char *)m->out, (size_t)got);
    m->run_delay = (unsigned)lame_get_encoder_delay(m->lame);
    m->run_padding = (unsigned)lame_get_encoder_padding(m->lame);
    m->run_frames = lame_get_frameNum(m->lame);
    return 0;
}

/* The end of a run: flushed, in runs mode, and its frames counted. */
static int run_end(struct aloud_mp3_encoder *m, char **err)
{
    if (m->run_left) {
        aloud_error_set(err, "%s: run ended %zu samples early", m->name, m->run_left);
        return -EINVAL;
    }
    if (!m->layout.runs)
        return 0; /* one encoder for all: flushed by the file's commit */
    int rc = m->soxr ? soxr_drain(m, err) : 0;
    if (!rc)
        rc = flush(m, err);
    if (!rc && m->run_frames != m->expected_frames) {
        aloud_error_set(err, "%s: LAME made %d frames of a run, not %d", m->name, m->run_frames,
                        m->expected_frames);
        rc = -EIO;
    }
    lame_close(m->lame);
    m->lame = NULL;
    return rc;
}

/* Feeds one piece's PCM as a run (or the next stretch of the continuous
 * run) into m->made. */
static int encode_piece(struct aloud_mp3_encoder *m, const struct aloud_episode_piece *p,
                        char **err)
{
    int rc = run_begin(m, p->n_total, p->last, err);
    if (!rc && (p->speech || !p->speech_le)) {
        rc = write_pcm(m, p->speech, p->n_speech, err);
    } else {
        /* Little-endian bytes: into the machine's order a chunk at a time. */
        int16_t pcm[CHUNK];
        for (size_t at = 0; !rc && at < p->n_speech; at += CHUNK) {
            size_t k = p->n_speech - at < CHUNK ? p->n_speech - at : CHUNK;
            aloud_audio_from_le(pcm, p->speech_le + 2 * at, k);
            rc = write_pcm(m, pcm, k, err);
        }
    }
    if (!rc && !(rc = write_silence(m, p->n_total - p->n_speech, err)))
        rc = run_end(m, err);
    if (rc && m->layout.runs && m->lame) {
        lame_close(m->lame);
        m->lame = NULL;
    }
    return rc;
}

int aloud_mp3_encode_run(struct aloud_mp3_encoder *m, const struct aloud_episode_piece *piece,
                         struct aloud_encoded_run *run, char **err)
{
    m->made.len = 0;
    int rc = encode_piece(m, piece, err);
    if (rc)
        return rc;
    run->bytes = m->made.data;
    run->len = m->made.len;
    run->frames = (uint64_t)m->run_frames;
    run->delay = m->run_delay;
    run->padding = m->run_padding;
    return 0;
}

double aloud_mp3_run_true_peak(const struct aloud_mp3_encoder *m,
                               const struct aloud_encoded_run *run)
{
    int error = MPG123_OK;
    mpg123_handle *mh = mpg123_new(NULL, &error);
    if (!mh)
        return HUGE_VAL;
    struct aloud_buf pcm = {0};
    double peak = HUGE_VAL; /* what cannot be decoded cannot pass */
    unsigned rate = (unsigned)m->settings.mp3_sample_rate;
    if (m->soxr) {
        /* Upsampled speech has nothing above half its own rate: decoded at
         * half the MP3's rate (libmpg123 synthesises the lower subbands
         * only), it has the same true peak within 0.05 dB (0.044 at most
         * over 40 runs of four articles) for half the work. */
        mpg123_param(mh, MPG123_DOWN_SAMPLE, 1, 0);
        rate /= 2;
    }
    mpg123_param(mh, MPG123_ADD_FLAGS, MPG123_QUIET, 0);
    if (mpg123_format_none(mh) == MPG123_OK &&
        mpg123_format(mh, (long)rate, MPG123_MONO, MPG123_ENC_SIGNED_16) == MPG123_OK &&
        mpg123_open_feed(mh) == MPG123_OK &&
        mpg123_feed(mh, (const unsigned char *)run->bytes, run->len) == MPG123_OK) {
        unsigned char out[16384];
        for (;;) {
            size_t done = 0;
            int r = mpg123_read(mh, out, sizeof out, &done);
            aloud_buf_append(&pcm, (const char *)out, done);
            if (r == MPG123_NEW_FORMAT || (r == MPG123_OK && done))
                continue;
            if ((r == MPG123_NEED_MORE || r == MPG123_DONE || r == MPG123_OK) && pcm.len)
                peak = aloud_audio_true_peak((const int16_t *)pcm.data, pcm.len / 2, rate);
            break;
        }
    }
    aloud_buf_free(&pcm);
    mpg123_delete(mh);
    return peak;
}

/* --- The file ------------------------------------------------------------------ */

/* Appends audio bytes to the file, counted and in the music CRC. */
static int put(struct aloud_mp3 *m, const char *data, size_t n, char **err)
{
    if (!n)
        return 0;
    m->music_crc = crc16(m->music_crc, (const unsigned char *)data, n);
    m->bytes += (uint64_t)n;
    int rc = aloud_atomic_write(&m->file, data, n);
    if (rc)
        aloud_error_set(err, "%s: cannot write: %s", m->file.path, strerror(-rc));
    return rc;
}

/* Moves what the file's own encoder made into the file. */
static int put_made(struct aloud_mp3 *m, char **err)
{
    int rc = put(m, m->enc->made.data, m->enc->made.len, err);
    m->enc->made.len = 0;
    return rc;
}

static void mp3_free(struct aloud_mp3 *m)
{
    aloud_mp3_encoder_free(m->enc);
    free(m->chapter_offsets);
    free(m);
}

int aloud_mp3_open(const char *path, const char *spare, unsigned in_rate,
                   const struct aloud_audio_settings *settings,
                   const struct aloud_episode_tags *tags, const struct aloud_id3_chapter *chapters,
                   size_t n_chapters, struct aloud_mp3 **out, char **err)
{
    *out = NULL;
    struct aloud_mp3 *m = aloud_xcalloc(1, sizeof *m);
    struct aloud_buf tag = {0};
    int rc = encoder_new(in_rate, settings, path, &m->enc, err);
    if (rc)
        goto fail;
    if (n_chapters > ALOUD_ID3_MAX_CHAPTERS)
        n_chapters = ALOUD_ID3_MAX_CHAPTERS;
    m->n_chapters = n_chapters;
    m->chapter_offsets = aloud_xcalloc(n_chapters ? n_chapters : 1, sizeof *m->chapter_offsets);
    if ((rc = aloud_id3_build(tags, chapters, n_chapters, &tag, m->chapter_offsets, err)) ||
        (rc = aloud_atomic_open_reusing(&m->file, path, spare, err)))
        goto fail;
    int br;
    m->tag_offset = (long)tag.len;
    m->tag_frame_len = tag_frame_length(settings, &br);
    unsigned char frame[2048] = {0};
    aloud_atomic_write(&m->file, tag.data, tag.len);
    rc = aloud_atomic_write(&m->file, frame, m->tag_frame_len);
    if (rc) {
        aloud_error_set(err, "%s: cannot write: %s", path, strerror(-rc));
        aloud_atomic_abort(&m->file);
        goto fail;
    }
    aloud_buf_free(&tag);
    *out = m;
    return 0;
fail:
    aloud_buf_free(&tag);
    mp3_free(m);
    return rc;
}

/* Counts a run that went into the file: the first gives the stream's
 * delay, the last its padding. */
static void count_run(struct aloud_mp3 *m, uint64_t frames, unsigned delay, unsigned padding)
{
    if (!m->frames)
        m->delay = delay;
    m->padding = padding;
    m->frames += frames;
}

int aloud_mp3_put(struct aloud_mp3 *m, const struct aloud_episode_piece *piece, char **err)
{
    struct aloud_mp3_encoder *e = m->enc;
    int rc;
    if (piece->run && e->layout.runs) {
        if ((rc = know_lowpass(e, err)) ||
            (rc = put(m, piece->run->bytes, piece->run->len, err)))
            return rc;
        count_run(m, piece->run->frames, piece->run->delay, piece->run->padding);
        return 0;
    }
    e->made.len = 0;
    if ((rc = encode_piece(e, piece, err)) || (rc = put_made(m, err)))
        return rc;
    if (e->layout.runs)
        count_run(m, (uint64_t)e->run_frames, e->run_delay, e->run_padding);
    return 0;
}

int aloud_mp3_commit(struct aloud_mp3 *m, const struct aloud_id3_chapter *chapters,
                     size_t n_chapters, char **err)
{
    int rc = 0;
    struct aloud_mp3_encoder *e = m->enc;
    if (!e->layout.runs && e->lame) {
        if ((rc = flush(e, err)) || (rc = put_made(m, err)))
            goto fail;
        count_run(m, (uint64_t)e->run_frames, e->run_delay, e->run_padding);
    }
    if ((rc = know_lowpass(e, err)))
        goto fail;
    unsigned char frame[2048];
    info_frame(m, frame);
    FILE *fp = m->file.fp;
    if (fseek(fp, m->tag_offset, SEEK_SET) != 0 ||
        (rc = aloud_atomic_write(&m->file, frame, m->tag_frame_len)))
        goto write_error;
    for (size_t i = 0; i < n_chapters && i < m->n_chapters; i++) {
        unsigned char t[8];
        aloud_id3_put_u32(t, chapters[i].start_ms);
        aloud_id3_put_u32(t + 4, chapters[i].end_ms);
        if (fseek(fp, (long)m->chapter_offsets[i], SEEK_SET) != 0 ||
            (rc = aloud_atomic_write(&m->file, t, sizeof t)))
            goto write_error;
    }
    /* The tag, the Info frame, the audio: what follows is a spare's. */
    aloud_atomic_set_length(&m->file, (uint64_t)m->tag_offset + m->tag_frame_len + m->bytes);
    rc = aloud_atomic_commit(&m->file, err);
    mp3_free(m);
    return rc;
write_error:
    rc = rc ? rc : -(errno ? errno : EIO);
    aloud_error_set(err, "%s: cannot write: %s", m->file.path, strerror(-rc));
fail:
    aloud_atomic_abort(&m->file);
    mp3_free(m);
    return rc;
}

void aloud_mp3_abort(struct aloud_mp3 *m)
{
    if (!m)
        return;
    aloud_atomic_abort(&m->file);
    mp3_free(m);
}

static int mp3_segment(void *state, const struct aloud_episode_piece *piece, char **err)
{
    struct aloud_mp3 *m = state;
    int rc = aloud_mp3_put(m, piece, err);
    if (!rc) /* segment by segment to disk, so commit's fsync has little left */
        aloud_atomic_start_writeback(&m->file);
    return rc;
}

static int mp3_commit(void *state, const struct aloud_timeline *t, char **err)
{
    size_t n = t->n_chapters;
    struct aloud_id3_chapter *ch = aloud_xcalloc(n ? n : 1, sizeof *ch);
    for (size_t i = 0; i < n; i++) {
        ch[i].title = t->chapters[i].text;
        ch[i].start_ms = (uint32_t)aloud_timeline_ms(t, t->chapters[i].start);
        ch[i].end_ms = (uint32_t)aloud_timeline_ms(t, t->chapters[i].end);
    }
    int rc = aloud_mp3_commit(state, ch, n, err);
    free(ch);
    return rc;
}

static void mp3_abort_state(void *state)
{
    aloud_mp3_abort(state);
}

struct aloud_episode_writer aloud_mp3_writer(struct aloud_mp3 *m)
{
    return (struct aloud_episode_writer){"MP3", m, mp3_segment, mp3_commit, mp3_abort_state};
}
