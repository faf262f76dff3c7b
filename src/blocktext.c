/* The text of a block being read, with its spans, cells and citations
 * (blocktext.h). */
#include "blocktext.h"

#include <stdlib.h>
#include <string.h>

#include "aloud/language.h"

#define GROW(b, name)                                                                              \
    do {                                                                                           \
        if ((b)->n_##name == (b)->cap_##name) {                                                    \
            (b)->cap_##name = (b)->cap_##name ? (b)->cap_##name * 2 : 8;                           \
            (b)->name = aloud_xrealloc((b)->name, (b)->cap_##name * sizeof *(b)->name);            \
        }                                                                                          \
    } while (0)

static void ensure_text(struct blocktext *b)
{
    if (!b->text.data)
        aloud_buf_puts(&b->text, "");
}

/* Is the text from offset on all white space? */
static int blank_from(const struct blocktext *b, size_t from)
{
    for (size_t i = from; i < b->text.len; i++) {
        unsigned char c = (unsigned char)b->text.data[i];
        if (c > ' ' && c != 0x7F && !(c == 0xC2 && (unsigned char)b->text.data[i + 1] == 0xA0))
            return 0;
        if (c == 0xC2)
            i++;
    }
    return 1;
}

/* Bytes of white space (as aloud_text_squeeze sees it) at the end. */
static size_t trailing_blanks(const struct blocktext *b)
{
    const unsigned char *u = (const unsigned char *)b->text.data;
    size_t n = b->text.len;
    for (;;) {
        if (n >= 1 && (u[n - 1] <= ' ' || u[n - 1] == 0x7F))
            n--;
        else if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0)
            n -= 2;
        else if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 && u[n - 1] >= 0x80 &&
                 u[n - 1] <= 0x8B)
            n -= 3;
        else
            return b->text.len - n;
    }
}

static void cut_to(struct blocktext *b, size_t len)
{
    b->text.len = len;
    b->text.data[len] = '\0';
}

/* Ends the run of text in run_lang here. */
static void end_run(struct blocktext *b)
{
    if (b->run_lang && b->text.len > b->run_start && !aloud_language_same(b->run_lang, b->lang)) {
        GROW(b, spans);
        b->spans[b->n_spans++] = (struct blocktext_span){b->run_start, b->text.len, b->run_lang};
    } else {
        free(b->run_lang);
    }
    b->run_lang = NULL;
}

void blocktext_add(struct blocktext *b, const char *text, const char *lang)
{
    ensure_text(b);
    if (!text || !*text)
        return;
    /* A run in another language starts at its first letter. */
    size_t before = b->text.len;
    aloud_buf_puts(&b->text, text);
    if (blank_from(b, before))
        return;
    if (b->run_lang ? lang && !strcmp(b->run_lang, lang) : !lang)
        return;
    size_t end = b->text.len;
    b->text.len = before;
    end_run(b);
    b->text.len = end;
    b->run_lang = lang ? aloud_xstrdup(lang) : NULL;
    b->run_start = before;
}

void blocktext_space(struct blocktext *b)
{
    if (b->text.len)
        aloud_buf_putc(&b->text, ' ');
}

void blocktext_set_lang(struct blocktext *b, const char *lang)
{
    free(b->lang);
    b->lang = lang ? aloud_xstrdup(lang) : NULL;
}

void blocktext_cite(struct blocktext *b, const char *label)
{
    if (!label || !*label)
        return;
    GROW(b, cites);
    b->cites[b->n_cites++] = aloud_xstrdup(label);
}

int blocktext_has_values(const struct blocktext *b)
{
    for (size_t i = 0; i < b->n_cells; i++)
        if (!b->cells[i].empty)
            return 1;
    return 0;
}

int blocktext_empty(const struct blocktext *b)
{
    return b->text.len == 0;
}

void blocktext_begin_cell(struct blocktext *b, int header)
{
    ensure_text(b);
    if (b->in_cell)
        blocktext_end_cell(b);
    /* White space between cells is the markup's. */
    cut_to(b, b->text.len - trailing_blanks(b));
    struct blocktext_cell c = {.header = header, .cut = b->text.len};
    if (blocktext_has_values(b))
        aloud_buf_puts(&b->text, ", ");
    c.start = b->text.len;
    GROW(b, cells);
    b->cells[b->n_cells++] = c;
    b->in_cell = 1;
}

void blocktext_end_cell(struct blocktext *b)
{
    if (!b->in_cell)
        return;
    struct blocktext_cell *c = &b->cells[b->n_cells - 1];
    if (blank_from(b, c->start)) {
        cut_to(b, c->cut); /* the separator goes too */
        c->empty = 1;
        c->start = b->text.len;
    } else {
        /* The cell ends at its last letter, so that ", " follows it. */
        cut_to(b, b->text.len - trailing_blanks(b));
    }
    c->end = b->text.len;
    b->in_cell = 0;
}

static int by_place(const void *x, const void *y)
{
    size_t a = **(size_t *const *)x, b = **(size_t *const *)y;
    return a < b ? -1 : a > b;
}

size_t blocktext_squeeze(struct blocktext *b)
{
    ensure_text(b);
    blocktext_end_cell(b);
    end_run(b);
    size_t n = 2 * (b->n_spans + b->n_cells);
    size_t **slots = aloud_xmalloc((n ? n : 1) * sizeof *slots);
    size_t k = 0;
    for (size_t i = 0; i < b->n_spans; i++) {
        slots[k++] = &b->spans[i].start;
        slots[k++] = &b->spans[i].end;
    }
    for (size_t i = 0; i < b->n_cells; i++) {
        slots[k++] = &b->cells[i].start;
        slots[k++] = &b->cells[i].end;
    }
    qsort(slots, n, sizeof *slots, by_place);
    size_t *pos = aloud_xmalloc((n ? n : 1) * sizeof *pos);
    for (size_t i = 0; i < n; i++)
        pos[i] = *slots[i];
    aloud_text_squeeze_map(b->text.data, pos, n);
    for (size_t i = 0; i < n; i++)
        *slots[i] = pos[i];
    free(pos);
    free(slots);
    b->text.len = strlen(b->text.data);
    return b->text.len;
}

/* [*start, *end) of text without the blanks at its ends. */
static void trim(const char *text, size_t *start, size_t *end)
{
    while (*start < *end && text[*start] == ' ')
        (*start)++;
    while (*end > *start && text[*end - 1] == ' ')
        (*end)--;
}

/* Gives a new block its language, spans, cells and cites. */
static void dress(struct blocktext *b, struct aloud_block *out, const char *base_lang)
{
    const char *lang = b->lang ? b->lang : base_lang;
    size_t len = strlen(out->text);
    size_t first = 0;
    if (b->n_spans == 1) {
        /* One span over all of the text is the block's language. */
        size_t s = b->spans[0].start, e = b->spans[0].end;
        trim(out->text, &s, &e);
        if (s == 0 && e == len) {
            lang = b->spans[0].lang;
            first = 1;
        }
    }
    if (lang && !aloud_language_same(lang, base_lang))
        out->lang = aloud_xstrdup(lang);
    for (size_t i = first; i < b->n_spans; i++) {
        size_t s = b->spans[i].start, e = b->spans[i].end;
        trim(out->text, &s, &e);
        if (e > s && !aloud_language_same(b->spans[i].lang, lang))
            aloud_block_add_span(out, s, e - s, b->spans[i].lang);
    }
    for (size_t i = 0; i < b->n_cells; i++) {
        size_t s = b->cells[i].start, e = b->cells[i].end;
        trim(out->text, &s, &e);
        char *cell =
            b->cells[i].empty || e <= s ? aloud_xstrdup("") : aloud_xstrndup(out->text + s, e - s);
        aloud_block_add_cell(out, cell, b->cells[i].header);
        free(cell);
    }
    for (size_t i = 0; i < b->n_cites; i++)
        aloud_block_add_cite(out, b->cites[i]);
}

struct aloud_block *blocktext_emit(struct blocktext *b, struct aloud_article *a,
                                   enum aloud_block_kind kind, const char *base_lang)
{
    blocktext_squeeze(b);
    struct aloud_block *out = aloud_article_add_block(a, kind, b->text.data);
    if (out)
        dress(b, out, base_lang);
    else if (a->n_blocks)
        for (size_t i = 0; i < b->n_cites; i++)
            aloud_block_add_cite(&a->blocks[a->n_blocks - 1], b->cites[i]);
    blocktext_reset(b);
    return out;
}

void blocktext_reset(struct blocktext *b)
{
    b->text.len = 0;
    if (b->text.data)
        b->text.data[0] = '\0';
    free(b->run_lang);
    b->run_lang = NULL;
    for (size_t i = 0; i < b->n_spans; i++)
        free(b->spans[i].lang);
    b->n_spans = 0;
    b->n_cells = 0;
    b->in_cell = 0;
    for (size_t i = 0; i < b->n_cites; i++)
        free(b->cites[i]);
    b->n_cites = 0;
}

void blocktext_free(struct blocktext *b)
{
    blocktext_reset(b);
    aloud_buf_free(&b->text);
    free(b->lang);
    free(b->spans);
    free(b->cells);
    free(b->cites);
    memset(b, 0, sizeof *b);
}

void blocktext_settle_languages(struct aloud_article *a)
{
    for (size_t i = 0; i < a->n_blocks; i++) {
        struct aloud_block *b = &a->blocks[i];
        if (b->lang && aloud_language_same(b->lang, a->language)) {
            free(b->lang);
            b->lang = NULL;
        }
        size_t w = 0;
        for (size_t k = 0; k < b->n_spans; k++) {
            if (aloud_language_same(b->spans[k].lang, b->lang ? b->lang : a->language))
                free(b->spans[k].lang);
            else
                b->spans[w++] = b->spans[k];
        }
        b->n_spans = w;
    }
}
