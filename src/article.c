/* The article data structure shared by the markup stages and the script
 * stage, and its two printed forms: plain body text (the interface the
 * extraction benchmark reads) and JSON through json-c. */
#include "aloud/article.h"

#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/util.h"

struct aloud_article *aloud_article_new(void)
{
    struct aloud_article *a = aloud_xcalloc(1, sizeof(struct aloud_article));
    a->explicit_content = -1;
    return a;
}

void aloud_article_free(struct aloud_article *a)
{
    if (!a)
        return;
    free(a->title);
    for (size_t i = 0; i < a->n_authors; i++)
        free(a->authors[i]);
    free(a->authors);
    free(a->date);
    free(a->description);
    free(a->language);
    free(a->slug);
    free(a->voice);
    free(a->url);
    for (size_t i = 0; i < a->n_blocks; i++)
        aloud_block_clear(&a->blocks[i]);
    free(a->blocks);
    free(a);
}

void aloud_block_clear(struct aloud_block *b)
{
    free(b->text);
    free(b->lang);
    for (size_t k = 0; k < b->n_spans; k++)
        free(b->spans[k].lang);
    free(b->spans);
    for (size_t k = 0; k < b->n_cells; k++)
        free(b->cells[k].text);
    free(b->cells);
    free(b->caption);
    free(b->label);
    for (size_t k = 0; k < b->n_cites; k++)
        free(b->cites[k]);
    free(b->cites);
    memset(b, 0, sizeof *b);
}

struct aloud_block *aloud_article_add_block(struct aloud_article *a, enum aloud_block_kind kind,
                                            const char *text)
{
    char *copy = aloud_text_squeeze(aloud_xstrdup(text ? text : ""));
    if (!*copy) {
        free(copy);
        return NULL;
    }
    if (a->n_blocks == a->cap_blocks) {
        a->cap_blocks = a->cap_blocks ? a->cap_blocks * 2 : 16;
        a->blocks = aloud_xrealloc(a->blocks, a->cap_blocks * sizeof *a->blocks);
    }
    struct aloud_block *b = &a->blocks[a->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = copy;
    return b;
}

void aloud_block_add_span(struct aloud_block *b, size_t start, size_t len, const char *lang)
{
    size_t text_len = strlen(b->text);
    if (!lang || !*lang || !len || start >= text_len || len > text_len - start)
        return;
    if (b->n_spans) {
        const struct aloud_lang_span *prev = &b->spans[b->n_spans - 1];
        if (start < prev->start + prev->len)
            return;
    }
    b->spans = aloud_xrealloc(b->spans, (b->n_spans + 1) * sizeof *b->spans);
    b->spans[b->n_spans++] = (struct aloud_lang_span){start, len, aloud_xstrdup(lang)};
}

void aloud_block_add_cell(struct aloud_block *b, const char *text, int header)
{
    b->cells = aloud_xrealloc(b->cells, (b->n_cells + 1) * sizeof *b->cells);
    b->cells[b->n_cells++] =
        (struct aloud_cell){aloud_text_squeeze(aloud_xstrdup(text ? text : "")), header};
}

void aloud_block_add_cite(struct aloud_block *b, const char *label)
{
    if (!label || !*label)
        return;
    b->cites = aloud_xrealloc(b->cites, (b->n_cites + 1) * sizeof *b->cites);
    b->cites[b->n_cites++] = aloud_xstrdup(label);
}

void aloud_article_add_author(struct aloud_article *a, const char *name)
{
    char *copy = aloud_text_squeeze(aloud_xstrdup(name ? name : ""));
    if (!*copy) {
        free(copy);
        return;
    }
    for (size_t i = 0; i < a->n_authors; i++) {
        if (strcmp(a->authors[i], copy) == 0) {
            free(copy);
            return;
        }
    }
    a->authors = aloud_xrealloc(a->authors, (a->n_authors + 1) * sizeof *a->authors);
    a->authors[a->n_authors++] = copy;
}

char *aloud_article_authors(const struct aloud_article *a, const char *and_word)
{
    if (!a->n_authors)
        return NULL;
    struct aloud_buf b = {0};
    for (size_t i = 0; i < a->n_authors; i++) {
        if (i > 0 && i == a->n_authors - 1)
            aloud_buf_printf(&b, " %s ", and_word && *and_word ? and_word : "and");
        else if (i > 0)
            aloud_buf_puts(&b, ", ");
        aloud_buf_puts(&b, a->authors[i]);
    }
    return aloud_buf_steal(&b);
}

void aloud_article_set(char **field, const char *value)
{
    free(*field);
    *field = NULL;
    if (!value)
        return;
    char *copy = aloud_text_squeeze(aloud_xstrdup(value));
    if (*copy)
        *field = copy;
    else
        free(copy);
}

const char *aloud_block_kind_name(enum aloud_block_kind kind)
{
    switch (kind) {
    case ALOUD_BLOCK_HEADING:
        return "heading";
    case ALOUD_BLOCK_PARAGRAPH:
        return "paragraph";
    case ALOUD_BLOCK_LIST_ITEM:
        return "list-item";
    case ALOUD_BLOCK_QUOTE:
        return "quote";
    case ALOUD_BLOCK_CAPTION:
        return "caption";
    case ALOUD_BLOCK_IMAGE:
        return "image";
    case ALOUD_BLOCK_TABLE_ROW:
        return "table-row";
    case ALOUD_BLOCK_PREFORMATTED:
        return "preformatted";
    case ALOUD_BLOCK_CODE:
        return "code";
    case ALOUD_BLOCK_NOTE:
        return "note";
    }
    return "unknown";
}

static void put_string(json_object *obj, const char *key, const char *value)
{
    json_object_object_add(obj, key, value ? json_object_new_string(value) : NULL);
}

char *aloud_article_to_json(const struct aloud_article *a)
{
    json_object *root = json_object_new_object();
    put_string(root, "title", a->title);
    json_object *authors = json_object_new_array();
    for (size_t i = 0; i < a->n_authors; i++)
        json_object_array_add(authors, json_object_new_string(a->authors[i]));
    json_object_object_add(root, "authors", authors);
    put_string(root, "date", a->date);
    put_string(root, "description", a->description);
    put_string(root, "language", a->language);
    put_string(root, "url", a->url);
    put_string(root, "slug", a->slug);
    put_string(root, "voice", a->voice);
    json_object_object_add(root, "is_article", json_object_new_boolean(!a->not_article));
    if (a->draft)
        json_object_object_add(root, "draft", json_object_new_boolean(1));
    if (a->no_audio)
        json_object_object_add(root, "audio", json_object_new_boolean(0));
    if (a->episode)
        json_object_object_add(root, "episode", json_object_new_int(a->episode));
    if (a->season)
        json_object_object_add(root, "season", json_object_new_int(a->season));
    if (a->explicit_content >= 0)
        json_object_object_add(root, "explicit", json_object_new_boolean(a->explicit_content));
    json_object *blocks = json_object_new_array();
    for (size_t i = 0; i < a->n_blocks; i++) {
        const struct aloud_block *b = &a->blocks[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "kind", json_object_new_string(aloud_block_kind_name(b->kind)));
        if (b->kind == ALOUD_BLOCK_HEADING)
            json_object_object_add(o, "level", json_object_new_int(b->level));
        if (b->kind == ALOUD_BLOCK_LIST_ITEM) {
            json_object_object_add(o, "ordered", json_object_new_boolean(b->number > 0));
            if (b->number > 0)
                json_object_object_add(o, "number", json_object_new_int(b->number));
        }
        if (b->depth)
            json_object_object_add(o, "depth", json_object_new_int(b->depth));
        if (b->quote_start)
            json_object_object_add(o, "quote_start", json_object_new_boolean(1));
        if (b->quote_end)
            json_object_object_add(o, "quote_end", json_object_new_boolean(1));
        json_object_object_add(o, "text", json_object_new_string(b->text));
        if (b->lang)
            json_object_object_add(o, "lang", json_object_new_string(b->lang));
        if (b->n_spans) {
            json_object *spans = json_object_new_array();
            for (size_t k = 0; k < b->n_spans; k++) {
                json_object *sp = json_object_new_object();
                json_object_object_add(sp, "lang", json_object_new_string(b->spans[k].lang));
                json_object_object_add(sp, "start", json_object_new_int64((int64_t)b->spans[k].start));
                json_object_object_add(sp, "length", json_object_new_int64((int64_t)b->spans[k].len));
                json_object_object_add(sp, "text", json_object_new_string_len(
                                                       b->text + b->spans[k].start,
                                                       (int)b->spans[k].len));
                json_object_array_add(spans, sp);
            }
            json_object_object_add(o, "spans", spans);
        }
        if (b->n_cells) {
            json_object *cells = json_object_new_array();
            for (size_t k = 0; k < b->n_cells; k++) {
                json_object *c = json_object_new_object();
                json_object_object_add(c, "text", json_object_new_string(b->cells[k].text));
                if (b->cells[k].header)
                    json_object_object_add(c, "header", json_object_new_boolean(1));
                json_object_array_add(cells, c);
            }
            json_object_object_add(o, "cells", cells);
        }
        if (b->table_start)
            json_object_object_add(o, "table_start", json_object_new_boolean(1));
        if (b->table_end)
            json_object_object_add(o, "table_end", json_object_new_boolean(1));
        if (b->caption)
            json_object_object_add(o, "caption", json_object_new_string(b->caption));
        if (b->label)
            json_object_object_add(o, "label", json_object_new_string(b->label));
        if (b->n_cites) {
            json_object *cites = json_object_new_array();
            for (size_t k = 0; k < b->n_cites; k++)
                json_object_array_add(cites, json_object_new_string(b->cites[k]));
            json_object_object_add(o, "cites", cites);
        }
        json_object_array_add(blocks, o);
    }
    json_object_object_add(root, "blocks", blocks);
    char *s = aloud_xstrdup(json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
    return s;
}

char *aloud_article_to_text(const struct aloud_article *a)
{
    struct aloud_buf b = {0};
    for (size_t i = 0; i < a->n_blocks; i++) {
        /* A table's caption is a line of its own, before its first row. */
        if (a->blocks[i].caption) {
            aloud_buf_puts(&b, a->blocks[i].caption);
            aloud_buf_putc(&b, '\n');
        }
        aloud_buf_puts(&b, a->blocks[i].text);
        aloud_buf_putc(&b, '\n');
    }
    return aloud_buf_steal(&b);
}
