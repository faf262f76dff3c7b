/* Building the script (script.h): the article's blocks, in order, become
 * segments with the pauses of the voice profile. The introduction (title,
 * byline, date in words) comes first, and a first heading that only says
 * the title again is not said twice. Quotations are announced, ordered
 * list items numbered, images read by their alt text, tables row by row
 * with each value after its column's header, code announced (and read or
 * skipped), notes read at the end under their heading or after the
 * paragraph that cites them, as the profile says.
 *
 * Every segment is in one language: the block's own, or the article's; a
 * stretch of a block in another language (lang="de") is a segment of its
 * own, joined to the ones before it so that the paragraph is spoken
 * without a pause. Each segment's written text goes through the
 * normalisation of its language (normalise.h: numbers, dates, amounts in
 * words), is made speakable and goes through its voice's lexicon; its
 * display text keeps what was written. */
#include "aloud/script.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/normalise.h"
#include "aloud/util.h"

/* Languages one article may be spoken in, each with its normalisation. */
#define MAX_LANGUAGES 16

struct builder {
    struct aloud_script *s;
    const struct aloud_article *a;
    const struct aloud_voice_set *voices;
    const struct aloud_voice *v; /* the article's: pauses, announcements */
    const char *lang;            /* the article's language: its text's */
    const char *ann_lang;        /* the profile's: its announcements' */
    struct {
        char *lang;
        struct aloud_normaliser *nm;
    } norm[MAX_LANGUAGES];
    size_t n_norm;
    char *err; /* the first normalisation rules that could not be read */
    int rc;
    char **notes_read; /* labels of notes already read (after citing) */
    size_t n_notes_read;
    int notes_heading_said;
};

/* --- Languages and their normalisation ------------------------------------ */

/* The directory of a voice's profile, whose normalise/ holds its rules;
 * NULL for a voice with no profile (the installed or source rules). */
static char *profile_dir(const struct aloud_voice *v)
{
    if (!v || !v->path)
        return NULL;
    const char *slash = strrchr(v->path, '/');
    return slash ? aloud_xstrndup(v->path, (size_t)(slash - v->path) + (slash == v->path))
                 : aloud_xstrdup(".");
}

/* The normaliser for text in lang, opened the first time it is needed. A
 * language without rules reads as written (eSpeak NG's own reading). */
static const struct aloud_normaliser *normaliser_for(struct builder *b, const char *lang)
{
    for (size_t i = 0; i < b->n_norm; i++)
        if (strcasecmp(b->norm[i].lang, lang) == 0)
            return b->norm[i].nm;
    if (b->n_norm == MAX_LANGUAGES)
        return b->norm[0].nm;
    const struct aloud_voice *v = aloud_voice_set_for(b->voices, lang);
    char *dir = profile_dir(v);
    struct aloud_normaliser *nm = NULL;
    char *msg = NULL;
    if (aloud_normaliser_open(aloud_normalise_rules_dir(dir), lang, &nm, &msg) != 0) {
        if (!b->rc) {
            b->rc = -EINVAL;
            b->err = msg;
            msg = NULL;
        }
        nm = NULL;
    }
    free(msg);
    free(dir);
    b->norm[b->n_norm].lang = aloud_xstrdup(lang);
    b->norm[b->n_norm++].nm = nm;
    return nm;
}

/* The language text of block b is in (its own, else the article's). */
static const char *lang_of(const struct builder *b, const struct aloud_block *block)
{
    return block && block->lang ? block->lang : b->lang;
}

/* --- Segments ------------------------------------------------------------- */

static struct aloud_segment *add_segment(struct builder *b, enum aloud_segment_kind kind,
                                         char *text, char *display, int pause_ms,
                                         const char *lang)
{
    struct aloud_script *s = b->s;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->segments = aloud_xrealloc(s->segments, s->cap * sizeof *s->segments);
    }
    struct aloud_segment *seg = &s->segments[s->n++];
    memset(seg, 0, sizeof *seg);
    seg->kind = kind;
    seg->text = text;
    seg->display = display;
    seg->pause_ms = pause_ms;
    seg->lang = aloud_xstrdup(lang);
    return seg;
}

/* Written text in lang as it is said: normalised, made speakable, through
 * the lexicon of lang's voice. Caller frees; "" when nothing is left. */
static char *spoken(struct builder *b, const char *written, const char *lang)
{
    char *words = aloud_normalise_text(normaliser_for(b, lang), written);
    char *clean = aloud_script_speakable(words);
    free(words);
    char *said = aloud_lexicon_apply(&aloud_voice_set_for(b->voices, lang)->lexicon, clean);
    free(clean);
    return said;
}

/* Adds a segment of written text in lang. prefix (an announcement such as
 * "Image:") is spoken only; number (a list item's) is said and shown.
 * Returns NULL when nothing speakable is left. */
static struct aloud_segment *add_text(struct builder *b, enum aloud_segment_kind kind,
                                      const char *prefix, int number, const char *written,
                                      int pause_ms, const char *lang)
{
    char *said = spoken(b, written, lang);
    if (!*said) {
        free(said);
        return NULL;
    }
    struct aloud_buf t = {0}, d = {0};
    if (number > 0) {
        char digits[16];
        snprintf(digits, sizeof digits, "%d", number);
        char *n = aloud_normalise_text(normaliser_for(b, b->lang), digits);
        aloud_buf_printf(&t, "%s. ", n);
        aloud_buf_printf(&d, "%d. ", number);
        free(n);
    }
    if (prefix && *prefix) {
        char *p = spoken(b, prefix, b->ann_lang);
        aloud_buf_puts(&t, p);
        aloud_buf_putc(&t, ' ');
        free(p);
    }
    aloud_buf_puts(&t, said);
    aloud_buf_puts(&d, written);
    free(said);
    return add_segment(b, kind, aloud_buf_steal(&t), aloud_buf_steal(&d), pause_ms, lang);
}

/* An announcement ("Quote.", "Table: ..."), in the profile's language. */
static void add_announcement(struct builder *b, const char *words, int pause_ms)
{
    if (!words || !*words)
        return;
    char *said = spoken(b, words, b->ann_lang);
    add_segment(b, ALOUD_SEG_ANNOUNCEMENT, said, aloud_xstrdup(words), pause_ms, b->ann_lang);
}

/* The silence before the next segment is at least ms. */
static void pause_at_least(struct builder *b, int ms)
{
    struct aloud_script *s = b->s;
    if (s->n && s->segments[s->n - 1].pause_ms < ms)
        s->segments[s->n - 1].pause_ms = ms;
}

static int has_word(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isalnum((unsigned char)p[i]) || (unsigned char)p[i] >= 0x80)
            return 1;
    return 0;
}

/* A block's text as segments: one, or one per stretch of another language
 * (and of the block's own between them), joined so that they are spoken as
 * one paragraph. A stretch of punctuation alone goes with its neighbour.
 * Returns the first segment, or NULL when nothing was said. */
static struct aloud_segment *add_block(struct builder *b, enum aloud_segment_kind kind,
                                       const char *prefix, int number,
                                       const struct aloud_block *block, int pause_ms)
{
    const char *own = lang_of(b, block);
    if (!block->n_spans)
        return add_text(b, kind, prefix, number, block->text, pause_ms, own);
    /* The parts: the block's own text between the stretches, and each. */
    size_t len = strlen(block->text), n = 0, from = 0;
    struct part {
        size_t a, z;
        const char *lang;
    } *parts = aloud_xcalloc(2 * block->n_spans + 1, sizeof *parts);
    for (size_t k = 0; k < block->n_spans; k++) {
        const struct aloud_lang_span *span = &block->spans[k];
        if (span->start > from)
            parts[n++] = (struct part){from, span->start, own};
        parts[n++] = (struct part){span->start, span->start + span->len, span->lang};
        from = span->start + span->len;
    }
    if (from < len)
        parts[n++] = (struct part){from, len, own};
    size_t first = b->s->n, carry = (size_t)-1;
    for (size_t k = 0; k < n; k++) {
        size_t a = carry != (size_t)-1 ? carry : parts[k].a;
        /* A part with no word (", " between two stretches) goes with the
         * part after it. */
        if (!has_word(block->text + a, parts[k].z - a) && k + 1 < n) {
            carry = a;
            continue;
        }
        carry = (size_t)-1;
        char *piece = aloud_xstrndup(block->text + a, parts[k].z - a);
        aloud_text_squeeze(piece);
        int is_first = b->s->n == first;
        struct aloud_segment *seg =
            *piece ? add_text(b, kind, is_first ? prefix : NULL, is_first ? number : 0, piece, 0,
                              parts[k].lang)
                   : NULL;
        if (seg && !is_first)
            seg->joined = 1;
        free(piece);
    }
    free(parts);
    if (b->s->n == first)
        return NULL;
    b->s->segments[b->s->n - 1].pause_ms = pause_ms;
    return &b->s->segments[first];
}

/* --- The introduction ---------------------------------------------------------- */

static void add_introduction(struct builder *b)
{
    const struct aloud_article *a = b->a;
    const struct aloud_pauses *p = &b->v->pauses;
    size_t first = b->s->n;
    if (a->title) {
        struct aloud_segment *seg =
            add_text(b, ALOUD_SEG_TITLE, NULL, 0, a->title, p->intro_line, b->lang);
        if (seg)
            seg->chapter = 1;
    }
    if (a->n_authors) {
        char *names = aloud_article_authors(a, b->v->announce.and_word);
        const char *by = b->v->announce.byline;
        char *line = by && *by ? aloud_xasprintf("%s %s", by, names) : aloud_xstrdup(names);
        add_text(b, ALOUD_SEG_BYLINE, NULL, 0, line, p->intro_line, b->ann_lang);
        free(line);
        free(names);
    }
    char *date = aloud_date_in_words(a->date, &b->v->announce);
    if (date)
        add_segment(b, ALOUD_SEG_DATE, spoken(b, date, b->ann_lang), aloud_xstrdup(date),
                    p->intro_line, b->ann_lang);
    free(date);
    if (b->s->n > first)
        b->s->segments[b->s->n - 1].pause_ms = p->after_title;
}

/* Letters and digits of s, lower case (ASCII): "The Title!" -> "thetitle". */
static char *loose(const char *s)
{
    char *out = aloud_xmalloc(strlen(s) + 1), *w = out;
    for (; *s; s++)
        if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
            *w++ = (char)tolower((unsigned char)*s);
    *w = '\0';
    return out;
}

/* The block that only says the title again: the first heading, when no
 * paragraph comes before it and its words are the title's. */
static size_t repeated_title(const struct aloud_article *a)
{
    if (!a->title)
        return (size_t)-1;
    char *title = loose(a->title);
    size_t found = (size_t)-1;
    for (size_t i = 0; i < a->n_blocks; i++) {
        const struct aloud_block *block = &a->blocks[i];
        if (block->kind != ALOUD_BLOCK_HEADING)
            break;
        char *heading = loose(block->text);
        int same = *title && strcmp(heading, title) == 0;
        free(heading);
        if (same) {
            found = i;
            break;
        }
    }
    free(title);
    return found;
}

/* --- Lists ----------------------------------------------------------------- */

/* Items of the list that starts at block i, at its depth. */
static int list_length(const struct aloud_article *a, size_t i)
{
    int depth = a->blocks[i].depth, n = 0;
    for (size_t j = i; j < a->n_blocks && a->blocks[j].kind == ALOUD_BLOCK_LIST_ITEM &&
                       a->blocks[j].depth >= depth;
         j++)
        if (a->blocks[j].depth == depth)
            n++;
    return n;
}

/* An announcement pattern with each {name} (or "%d", list_intro's older
 * form) replaced; never a printf format, as it comes from a profile. */
static char *fill(const char *pattern, const char *const names[], const char *const values[],
                  size_t n)
{
    struct aloud_buf out = {0};
    for (const char *p = pattern; *p;) {
        size_t k = 0;
        for (; k < n; k++) {
            size_t len = strlen(names[k]);
            if (strncmp(p, names[k], len) == 0) {
                aloud_buf_puts(&out, values[k]);
                p += len;
                break;
            }
        }
        if (k == n)
            aloud_buf_putc(&out, *p++);
    }
    return aloud_buf_steal(&out);
}

static void add_list_item(struct builder *b, size_t i)
{
    const struct aloud_article *a = b->a;
    const struct aloud_block *block = &a->blocks[i];
    const struct aloud_pauses *p = &b->v->pauses;
    const struct aloud_announce *ann = &b->v->announce;
    int first = i == 0 || a->blocks[i - 1].kind != ALOUD_BLOCK_LIST_ITEM;
    if (first && ann->list_intro && *ann->list_intro) {
        char count[16];
        snprintf(count, sizeof count, "%d", list_length(a, i));
        const char *names[] = {"%d", "{count}"}, *values[] = {count, count};
        char *intro = fill(ann->list_intro, names, values, 2);
        add_announcement(b, intro, p->announcement);
        free(intro);
    }
    int last = i + 1 >= a->n_blocks || a->blocks[i + 1].kind != ALOUD_BLOCK_LIST_ITEM;
    add_block(b, ALOUD_SEG_LIST_ITEM, NULL, block->number, block,
              last ? p->list_end : p->list_item);
}

static void add_quote(struct builder *b, size_t i)
{
    const struct aloud_article *a = b->a;
    const struct aloud_block *block = &a->blocks[i];
    const struct aloud_pauses *p = &b->v->pauses;
    const struct aloud_announce *ann = &b->v->announce;
    /* A quotation may lack its flags (an HTML page cut short): a quote
     * after a non-quote starts one, before a non-quote ends one. */
    int starts = block->quote_start || i == 0 || a->blocks[i - 1].kind != ALOUD_BLOCK_QUOTE;
    int ends = block->quote_end || i + 1 >= a->n_blocks ||
               a->blocks[i + 1].kind != ALOUD_BLOCK_QUOTE;
    if (starts) {
        pause_at_least(b, p->quote);
        add_announcement(b, ann->quote_start, p->announcement);
    }
    int has_end = ends && ann->quote_end && *ann->quote_end;
    add_block(b, ALOUD_SEG_QUOTE, NULL, block->number, block,
              !ends ? p->paragraph : has_end ? p->announcement : p->quote);
    if (ends)
        add_announcement(b, ann->quote_end, p->quote);
}

/* --- Tables -------------------------------------------------------------------- */

static int all_headers(const struct aloud_block *row)
{
    if (!row->n_cells)
        return 0;
    for (size_t k = 0; k < row->n_cells; k++)
        if (!row->cells[k].header)
            return 0;
    return 1;
}

/* The row as a listener can follow it: each value after its column's
 * header ("Won: 10"), a row's own header first and alone; a row of a
 * table without headers as its cells. Caller frees. */
static char *row_text(const struct aloud_block *row, const struct aloud_block *head)
{
    struct aloud_buf out = {0};
    for (size_t k = 0; k < row->n_cells; k++) {
        const struct aloud_cell *cell = &row->cells[k];
        if (!*cell->text)
            continue; /* an empty cell says nothing */
        if (out.len)
            aloud_buf_puts(&out, k == 1 && row->cells[0].header ? ". " : ", ");
        const char *column = head && k < head->n_cells ? head->cells[k].text : NULL;
        if (column && *column && !cell->header)
            aloud_buf_printf(&out, "%s: %s", column, cell->text);
        else
            aloud_buf_puts(&out, cell->text);
    }
    if (out.len)
        aloud_buf_putc(&out, '.');
    return aloud_buf_steal(&out);
}

/* The table whose first row is block i: announced by its caption or its
 * size, read a row at a time, and its end said. Returns the index of its
 * last row. */
static size_t add_table(struct builder *b, size_t i)
{
    const struct aloud_article *a = b->a;
    const struct aloud_pauses *p = &b->v->pauses;
    const struct aloud_announce *ann = &b->v->announce;
    size_t last = i;
    while (last + 1 < a->n_blocks && a->blocks[last + 1].kind == ALOUD_BLOCK_TABLE_ROW &&
           !a->blocks[last].table_end && !a->blocks[last + 1].table_start)
        last++;
    const struct aloud_block *head = all_headers(&a->blocks[i]) ? &a->blocks[i] : NULL;
    size_t rows = last - i + 1 - (head != NULL), columns = 0;
    for (size_t r = i; r <= last; r++)
        if (a->blocks[r].n_cells > columns)
            columns = a->blocks[r].n_cells;
    const char *caption = a->blocks[i].caption;
    char n_rows[24], n_columns[24];
    snprintf(n_rows, sizeof n_rows, "%zu", rows);
    snprintf(n_columns, sizeof n_columns, "%zu", columns);
    const char *names[] = {"{caption}", "{rows}", "{columns}"};
    const char *values[] = {caption ? caption : "", n_rows, n_columns};
    char *intro = fill(caption && *ann->table_caption ? ann->table_caption : ann->table_size,
                       names, values, 3);
    pause_at_least(b, p->caption);
    add_announcement(b, intro, p->announcement);
    free(intro);
    for (size_t r = head ? i + 1 : i; r <= last; r++) {
        const struct aloud_block *row = &a->blocks[r];
        char *text = row->n_cells ? row_text(row, head) : aloud_xstrdup(row->text);
        add_text(b, ALOUD_SEG_TABLE_ROW, NULL, 0, text, r == last ? p->list_end : p->list_item,
                 lang_of(b, row));
        free(text);
    }
    add_announcement(b, ann->table_end, p->list_end);
    return last;
}

/* --- Notes and code ---------------------------------------------------------- */

static int note_read(const struct builder *b, const char *label)
{
    for (size_t k = 0; k < b->n_notes_read; k++)
        if (strcmp(b->notes_read[k], label) == 0)
            return 1;
    return 0;
}

static void add_note(struct builder *b, const struct aloud_block *note)
{
    const char *names[] = {"{label}"};
    const char *values[] = {note->label ? note->label : ""};
    char *prefix = fill(b->v->announce.note, names, values, 1);
    add_text(b, ALOUD_SEG_NOTE, prefix, 0, note->text, b->v->pauses.paragraph, lang_of(b, note));
    free(prefix);
    b->notes_read = aloud_xrealloc(b->notes_read, (b->n_notes_read + 1) * sizeof *b->notes_read);
    b->notes_read[b->n_notes_read++] = aloud_xstrdup(note->label ? note->label : "");
}

/* With notes after the paragraph that cites them: block's notes, now. */
static void add_cited_notes(struct builder *b, const struct aloud_block *block)
{
    if (b->v->announce.notes != ALOUD_NOTES_AFTER)
        return;
    for (size_t c = 0; c < block->n_cites; c++) {
        if (note_read(b, block->cites[c]))
            continue;
        for (size_t i = 0; i < b->a->n_blocks; i++) {
            const struct aloud_block *note = &b->a->blocks[i];
            if (note->kind == ALOUD_BLOCK_NOTE && note->label &&
                strcmp(note->label, block->cites[c]) == 0) {
                add_note(b, note);
                break;
            }
        }
    }
}

/* A note where the notes are: under their heading, said once, unless it
 * was read after its paragraph already. */
static void add_end_note(struct builder *b, const struct aloud_block *note)
{
    if (note->label && note_read(b, note->label))
        return;
    const struct aloud_pauses *p = &b->v->pauses;
    if (!b->notes_heading_said && *b->v->announce.notes_heading) {
        pause_at_least(b, p->before_heading);
        struct aloud_segment *seg = add_text(b, ALOUD_SEG_HEADING, NULL, 0,
                                             b->v->announce.notes_heading, p->after_heading,
                                             b->ann_lang);
        if (seg) {
            seg->level = 2;
            seg->chapter = 1;
        }
    }
    b->notes_heading_said = 1;
    add_note(b, note);
}

static void add_code(struct builder *b, const struct aloud_block *block)
{
    const struct aloud_pauses *p = &b->v->pauses;
    const struct aloud_announce *ann = &b->v->announce;
    if (!ann->read_code) {
        add_announcement(b, ann->code_skipped, p->paragraph);
        return;
    }
    add_announcement(b, ann->code_start, p->announcement);
    add_text(b, ALOUD_SEG_CODE, NULL, 0, block->text, p->announcement, lang_of(b, block));
    add_announcement(b, ann->code_end, p->paragraph);
}

/* --- The body -------------------------------------------------------------------- */

static void add_heading(struct builder *b, const struct aloud_block *block)
{
    const struct aloud_pauses *p = &b->v->pauses;
    pause_at_least(b, p->before_heading);
    struct aloud_segment *seg = add_block(b, ALOUD_SEG_HEADING, NULL, 0, block, p->after_heading);
    if (seg) {
        seg->level = block->level;
        seg->chapter = 1;
    }
}

static void add_body(struct builder *b)
{
    const struct aloud_article *a = b->a;
    const struct aloud_pauses *p = &b->v->pauses;
    const struct aloud_announce *ann = &b->v->announce;
    size_t skip = repeated_title(a);
    for (size_t i = 0; i < a->n_blocks; i++) {
        const struct aloud_block *block = &a->blocks[i];
        switch (block->kind) {
        case ALOUD_BLOCK_HEADING:
            if (i != skip)
                add_heading(b, block);
            break;
        case ALOUD_BLOCK_PARAGRAPH:
        case ALOUD_BLOCK_PREFORMATTED:
            add_block(b, ALOUD_SEG_PARAGRAPH, NULL, 0, block, p->paragraph);
            break;
        case ALOUD_BLOCK_CODE:
            add_code(b, block);
            break;
        case ALOUD_BLOCK_NOTE:
            add_end_note(b, block);
            break;
        case ALOUD_BLOCK_LIST_ITEM:
            add_list_item(b, i);
            break;
        case ALOUD_BLOCK_QUOTE:
            add_quote(b, i);
            break;
        case ALOUD_BLOCK_CAPTION:
            if (ann->read_captions)
                add_block(b, ALOUD_SEG_CAPTION, NULL, 0, block, p->caption);
            break;
        case ALOUD_BLOCK_IMAGE:
            if (ann->read_images)
                add_block(b, ALOUD_SEG_IMAGE, ann->image, 0, block, p->caption);
            break;
        case ALOUD_BLOCK_TABLE_ROW:
            i = add_table(b, i);
            break;
        }
        add_cited_notes(b, block);
    }
}

int aloud_script_build(const struct aloud_article *article, const struct aloud_voice_set *voices,
                       struct aloud_script **out, char **err)
{
    *out = NULL;
    const struct aloud_voice *v = voices->primary;
    struct builder b = {.s = aloud_xcalloc(1, sizeof *b.s),
                        .a = article,
                        .voices = voices,
                        .v = v,
                        .lang = article->language ? article->language
                                : v->language     ? v->language
                                                  : "en-GB"};
    b.ann_lang = v->language ? v->language : b.lang;
    add_introduction(&b);
    size_t intro = b.s->n;
    add_body(&b);
    int rc = b.rc;
    if (rc) {
        aloud_error_set(err, "%s", b.err);
    } else if (b.s->n == intro) {
        aloud_error_set(err, "the article has no text to read (no body after the %s)",
                        intro ? "introduction" : "metadata");
        rc = -ENODATA;
    }
    for (size_t i = 0; i < b.n_norm; i++) {
        free(b.norm[i].lang);
        aloud_normaliser_free(b.norm[i].nm);
    }
    if (b.n_norm)
        aloud_normalise_release_pages();
    for (size_t i = 0; i < b.n_notes_read; i++)
        free(b.notes_read[i]);
    free(b.notes_read);
    free(b.err);
    if (rc) {
        aloud_script_free(b.s);
        return rc;
    }
    b.s->segments[0].chapter = 1;
    b.s->segments[b.s->n - 1].pause_ms = v->pauses.end;
    *out = b.s;
    return 0;
}
