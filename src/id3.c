/* ID3v2.4 tag composition: text frames, COMM, APIC and chapters (CHAP and
 * CTOC from the ID3v2 Chapter Frame Addendum 1.0). */
#include "aloud/id3.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define COVER_MAX_BYTES (16u * 1024 * 1024)

void aloud_id3_put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_synchsafe(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)((v >> 21) & 0x7F);
    p[1] = (unsigned char)((v >> 14) & 0x7F);
    p[2] = (unsigned char)((v >> 7) & 0x7F);
    p[3] = (unsigned char)(v & 0x7F);
}

/* Starts a frame: ID and a size patched by frame_end. Returns its offset. */
static size_t frame_begin(struct aloud_buf *b, const char *id)
{
    size_t at = b->len;
    static const unsigned char header_rest[6] = {0};
    aloud_buf_append(b, id, 4);
    aloud_buf_append(b, (const char *)header_rest, 6); /* size, flags */
    return at;
}

static void frame_end(struct aloud_buf *b, size_t at)
{
    put_synchsafe((unsigned char *)b->data + at + 4, (uint32_t)(b->len - at - 10));
}

static void text_frame(struct aloud_buf *b, const char *id, const char *text)
{
    if (!text || !*text)
        return;
    size_t at = frame_begin(b, id);
    aloud_buf_putc(b, 3); /* UTF-8 */
    aloud_buf_puts(b, text);
    frame_end(b, at);
}

static const char *image_mime(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return "image/jpeg";
    return NULL;
}

int aloud_id3_build(const struct aloud_episode_tags *tags, const struct aloud_id3_chapter *chapters,
                    size_t n, struct aloud_buf *out, size_t *time_offsets, char **err)
{
    struct aloud_buf b = {0};
    char *cover = NULL;
    size_t cover_len = 0;
    const char *mime = NULL;
    if (tags && tags->cover_path) {
        int rc = aloud_file_read(tags->cover_path, COVER_MAX_BYTES, &cover, &cover_len, err);
        if (rc)
            return rc;
        mime = image_mime(cover, cover_len);
        if (!mime) {
            aloud_error_set(err, "%s: cover art must be a JPEG or PNG image", tags->cover_path);
            free(cover);
            return -EINVAL;
        }
    }
    static const unsigned char header[10] = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0};
    aloud_buf_append(&b, (const char *)header, sizeof header);
    if (tags) {
        text_frame(&b, "TIT2", tags->title);
        text_frame(&b, "TPE1", tags->author);
        text_frame(&b, "TALB", tags->podcast);
        if (tags->date) {
            /* ID3v2.4 timestamps are yyyy-MM-ddTHH:mm:ss at most, no zone. */
            char date[20];
            size_t len = strspn(tags->date, "0123456789-T:");
            if (len > 19)
                len = 19;
            memcpy(date, tags->date, len);
            date[len] = '\0';
            text_frame(&b, "TDRC", date);
        }
        if (tags->description && *tags->description) {
            size_t at = frame_begin(&b, "COMM");
            aloud_buf_putc(&b, 3);
            aloud_buf_append(&b, "und", 3); /* language not given */
            aloud_buf_putc(&b, 0);          /* empty short description */
            aloud_buf_puts(&b, tags->description);
            frame_end(&b, at);
        }
    }
    if (cover) {
        size_t at = frame_begin(&b, "APIC");
        aloud_buf_putc(&b, 3);
        aloud_buf_append(&b, mime, strlen(mime) + 1);
        aloud_buf_putc(&b, 3); /* front cover */
        aloud_buf_putc(&b, 0); /* empty description */
        aloud_buf_append(&b, cover, cover_len);
        frame_end(&b, at);
        free(cover);
    }
    if (n > ALOUD_ID3_MAX_CHAPTERS)
        n = ALOUD_ID3_MAX_CHAPTERS;
    if (n) {
        /* The table of contents first: readers meet it before its entries. */
        size_t at = frame_begin(&b, "CTOC");
        aloud_buf_append(&b, "toc", 4);
        aloud_buf_putc(&b, 0x03); /* top-level, ordered */
        aloud_buf_putc(&b, (char)n);
        for (size_t i = 0; i < n; i++) {
            char id[16];
            snprintf(id, sizeof id, "chp%zu", i);
            aloud_buf_append(&b, id, strlen(id) + 1);
        }
        frame_end(&b, at);
        for (size_t i = 0; i < n; i++) {
            char id[16];
            snprintf(id, sizeof id, "chp%zu", i);
            size_t chap = frame_begin(&b, "CHAP");
            aloud_buf_append(&b, id, strlen(id) + 1);
            unsigned char times[16];
            aloud_id3_put_u32(times, chapters[i].start_ms);
            aloud_id3_put_u32(times + 4, chapters[i].end_ms);
            aloud_id3_put_u32(times + 8, 0xFFFFFFFFu); /* no byte offsets */
            aloud_id3_put_u32(times + 12, 0xFFFFFFFFu);
            if (time_offsets)
                time_offsets[i] = b.len;
            aloud_buf_append(&b, (const char *)times, sizeof times);
            const char *title = chapters[i].title && *chapters[i].title ? chapters[i].title : id;
            text_frame(&b, "TIT2", title);
            frame_end(&b, chap);
        }
    }
    put_synchsafe((unsigned char *)b.data + 6, (uint32_t)(b.len - 10));
    if (time_offsets)
        for (size_t i = 0; i < n; i++)
            time_offsets[i] += out->len;
    aloud_buf_append(out, b.data, b.len);
    aloud_buf_free(&b);
    return 0;
}
