/* Reading the chosen subtree of a page into the article's blocks, in
 * document order, in one iterative walk that keeps what it is inside on
 * small stacks (so depth costs no stack and no walk back up the tree):
 *   - a block ends at every block element; its kind comes from its nearest
 *     meaningful ancestor (heading, list item, quotation, caption, code or
 *     preformatted text, a data table's row), else it is a paragraph;
 *   - its language is the nearest lang or xml:lang, kept when it differs
 *     from the article's; a stretch in another language inside it (<i
 *     lang="fr">) becomes a span, with byte offsets into its final,
 *     squeezed text;
 *   - a data table (html-table.c decides which are) gives one block a row,
 *     with its cells, the first and last rows marked and the caption on
 *     the first; a layout table's cells are ordinary blocks;
 *   - <aloud-cite> markers (html-notes.c) become the block's cites, and
 *     <aloud-note> places tell the notes they were read. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/language.h"
#include "blocktext.h"
#include "html-internal.h"

static const char *const block_tags[] = {
    "p",  "div",     "section",    "article", "main",    "header",     "footer", "aside", "h1",
    "h2", "h3",      "h4",         "h5",      "h6",      "ul",         "ol",     "li",    "dl",
    "dt", "dd",      "blockquote", "pre",     "figure",  "figcaption", "table",  "tr",    "caption",
    "hr", "address", "center",     "details", "summary", "fieldset",   "body",   NULL,
};

/* An element that decides the kind of the blocks inside it. */
struct decider {
    xmlNode *node;
    enum aloud_block_kind kind;
    int level;  /* heading */
    int number; /* list item in an ordered list */
};

struct ordered_list {
    xmlNode *node;
    int next; /* the number of its next item */
};

/* An element that sets a language. */
struct lang_mark {
    xmlNode *node;
    char *lang; /* owned */
};

/* A table being read. */
struct table {
    xmlNode *node;
    int data;           /* a data table, read a row a block */
    int head;           /* inside its <thead> */
    char *caption;      /* for its first row; owned */
    size_t first, last; /* its first and last row's block index */
    int rows;
};

#define STACK(type, name)                                                                          \
    type *name;                                                                                    \
    size_t n_##name, cap_##name

#define PUSH(r, name, value)                                                                       \
    do {                                                                                           \
        if ((r)->n_##name == (r)->cap_##name) {                                                    \
            (r)->cap_##name = (r)->cap_##name ? (r)->cap_##name * 2 : 8;                           \
            (r)->name = aloud_xrealloc((r)->name, (r)->cap_##name * sizeof *(r)->name);            \
        }                                                                                          \
        (r)->name[(r)->n_##name++] = (value);                                                      \
    } while (0)

struct reader {
    struct aloud_article *a;
    struct html_notes *notes;
    const char *base_lang; /* the article's language */
    char *outer_lang;      /* the language above the subtree read; owned */
    int one_block;         /* a note: all of it one block */
    /* Where the walk is. */
    STACK(struct decider, deciders);
    STACK(struct ordered_list, lists);
    STACK(struct lang_mark, langs);
    STACK(struct table, tables);
    int links; /* open <a> elements */
    int items; /* open <li> elements */
    /* The block being read. */
    struct blocktext text;
    enum aloud_block_kind kind;
    int level, number, depth;
    size_t link_bytes; /* of text, inside links */
    int row_open;      /* a data table's row */
};

static const char *current_lang(const struct reader *r)
{
    return r->n_langs ? r->langs[r->n_langs - 1].lang : r->outer_lang;
}

static struct table *table_now(struct reader *r)
{
    return r->n_tables ? &r->tables[r->n_tables - 1] : NULL;
}

/* Inside a data table's cell, or a note: block elements do not end the
 * block. */
static int one_block_now(const struct reader *r)
{
    return r->one_block || r->text.in_cell;
}

/* Ends the block being read: adds it to the article unless it has no text
 * or is a short run of links (a related story, a tag, a menu entry). */
static struct aloud_block *flush(struct reader *r)
{
    size_t len = blocktext_squeeze(&r->text);
    int all_link =
        len > 0 && r->link_bytes * 10 >= len * 9 && len < 200 && r->kind != ALOUD_BLOCK_TABLE_ROW;
    if (all_link)
        blocktext_reset(&r->text);
    struct aloud_block *b = blocktext_emit(&r->text, r->a, r->kind, r->base_lang);
    if (b) {
        b->level = r->level;
        b->number = r->number;
        b->depth = r->depth;
    }
    r->link_bytes = 0;
    return b;
}

/* A block boundary: the block before ends, and the next begins in the
 * language the walk is in now. */
static void boundary(struct reader *r)
{
    if (one_block_now(r)) {
        blocktext_space(&r->text);
        return;
    }
    flush(r);
    blocktext_set_lang(&r->text, current_lang(r));
}

/* A <pre> that holds code: a <code> child, or a class (its own or its
 * box's) that names a language or a highlighter. */
static int is_code(const xmlNode *pre)
{
    static const char *const prefixes[] = {
        "language-",      "lang-",        "brush:",        "src-",   "highlight", "sourcecode",
        "hljs",           "prettyprint",  "codehilite",    "chroma", "code",      "syntax",
        "programlisting", "highlighter-", "wp-block-code", NULL};
    for (const xmlNode *c = pre->children; c; c = c->next)
        if (is_el(c, "code"))
            return 1;
    if (xmlHasProp((xmlNode *)pre, BAD_CAST "data-lang") ||
        xmlHasProp((xmlNode *)pre, BAD_CAST "data-language"))
        return 1;
    const xmlNode *boxes[] = {pre, pre->parent};
    for (size_t i = 0; i < 2; i++) {
        const xmlNode *n = boxes[i];
        if (!n || n->type != XML_ELEMENT_NODE)
            continue;
        char *cls = attr(n, "class");
        for (const char *p = cls; p && *p;) {
            p += strspn(p, " \t\r\n");
            size_t len = strcspn(p, " \t\r\n");
            for (const char *const *w = prefixes; *w && len; w++) {
                if (len >= strlen(*w) && !strncasecmp(p, *w, strlen(*w))) {
                    xmlFree(cls);
                    return 1;
                }
            }
            p += len;
        }
        xmlFree(cls);
    }
    return 0;
}

/* What n decides about the kind of the blocks inside it, if anything. */
static int decides(struct reader *r, xmlNode *n, struct decider *d)
{
    const char *name = (const char *)n->name;
    *d = (struct decider){.node = n};
    if (strlen(name) == 2 && tolower((unsigned char)name[0]) == 'h' && name[1] >= '1' &&
        name[1] <= '6') {
        d->kind = ALOUD_BLOCK_HEADING;
        d->level = name[1] - '0';
    } else if (is_el(n, "figcaption") || is_el(n, "caption")) {
        d->kind = ALOUD_BLOCK_CAPTION;
    } else if (is_el(n, "pre")) {
        /* A <pre> inside code (a highlighter's table of lines) is code. */
        int in_code = r->n_deciders && r->deciders[r->n_deciders - 1].kind == ALOUD_BLOCK_CODE;
        d->kind = in_code || is_code(n) ? ALOUD_BLOCK_CODE : ALOUD_BLOCK_PREFORMATTED;
    } else if (is_el(n, "tr") && table_now(r) && table_now(r)->data) {
        d->kind = ALOUD_BLOCK_TABLE_ROW;
    } else if (is_el(n, "li")) {
        d->kind = ALOUD_BLOCK_LIST_ITEM;
        if (is_el(n->parent, "ol")) {
            struct ordered_list *l = r->n_lists ? &r->lists[r->n_lists - 1] : NULL;
            if (l && l->node == n->parent) {
                d->number = l->next++;
            } else {
                char *start = attr(n->parent, "start");
                d->number = start ? atoi(start) : 1;
                xmlFree(start);
                for (xmlNode *q = n->parent->children; q && q != n; q = q->next)
                    d->number += is_el(q, "li");
            }
            if (d->number < 1)
                d->number = 1;
        }
    } else if (is_el(n, "blockquote")) {
        d->kind = ALOUD_BLOCK_QUOTE;
    } else {
        return 0;
    }
    return 1;
}

/* The first text of a block: its kind, from the nearest deciding element. */
static void begin_block(struct reader *r)
{
    r->kind = r->one_block ? ALOUD_BLOCK_NOTE : ALOUD_BLOCK_PARAGRAPH;
    r->level = r->number = 0;
    r->depth = r->items > 0 ? r->items - 1 : 0;
    if (r->row_open) {
        r->kind = ALOUD_BLOCK_TABLE_ROW;
        r->depth = 0;
    } else if (r->n_deciders && !r->one_block) {
        const struct decider *d = &r->deciders[r->n_deciders - 1];
        r->kind = d->kind;
        r->level = d->level;
        r->number = d->number;
    }
}

static void add_text(struct reader *r, const char *t)
{
    int blank = 1;
    for (const char *p = t; *p && blank; p++)
        blank = isspace((unsigned char)*p);
    if (blank) {
        /* Between a data row's cells, white space is the markup's. */
        if (!(r->row_open && !r->text.in_cell))
            blocktext_space(&r->text);
        return;
    }
    if (blocktext_empty(&r->text))
        begin_block(r);
    if (r->links) {
        /* Count the characters that will survive squeezing. */
        char *sq = aloud_text_squeeze(aloud_xstrdup(t));
        r->link_bytes += strlen(sq) + 1;
        free(sq);
    }
    blocktext_add(&r->text, t, current_lang(r));
}

/* The row ends: one block, and the table learns its first and last row. */
static void end_row(struct reader *r)
{
    struct table *t = table_now(r);
    r->row_open = 0;
    r->kind = ALOUD_BLOCK_TABLE_ROW;
    r->level = r->number = r->depth = 0;
    struct aloud_block *b = flush(r);
    if (!b)
        return;
    size_t index = (size_t)(b - r->a->blocks);
    if (!t->rows++) {
        t->first = index;
        b->caption = t->caption;
        t->caption = NULL;
    }
    t->last = index;
}

static void end_table(struct reader *r)
{
    struct table *t = table_now(r);
    if (t->data && t->rows) {
        r->a->blocks[t->first].table_start = 1;
        r->a->blocks[t->last].table_end = 1;
    }
    free(t->caption);
    r->n_tables--;
}

/* Entering element n. Returns 1 when its content is not to be read. */
static int enter(struct reader *r, xmlNode *n)
{
    if (n->properties) {
        const char *lang = attr_ref(n, "lang");
        if (!lang)
            lang = attr_ref(n, "xml:lang");
        if (lang && *lang) {
            struct lang_mark m = {n, aloud_xstrdup(lang)};
            PUSH(r, langs, m);
        }
    }
    struct decider d;
    if (decides(r, n, &d))
        PUSH(r, deciders, d);
    struct table *t = table_now(r);
    int in_data = t && t->data && !r->one_block;
    if (is_el(n, "a")) {
        r->links++;
    } else if (is_el(n, "li")) {
        r->items++;
    } else if (is_el(n, "ol")) {
        char *start = attr(n, "start");
        struct ordered_list l = {n, start ? atoi(start) : 1};
        xmlFree(start);
        PUSH(r, lists, l);
    } else if (is_el(n, "aloud-cite")) {
        char *label = attr(n, "label");
        blocktext_cite(&r->text, label);
        xmlFree(label);
        return 1;
    } else if (is_el(n, "aloud-note")) {
        char *index = attr(n, "n");
        size_t k = index ? strtoul(index, NULL, 10) : SIZE_MAX;
        if (r->notes && k < r->notes->n)
            r->notes->list[k].placed = 1;
        xmlFree(index);
        /* A heading ("Notes", "References") right before the notes heads
         * what is now read at the end. */
        struct aloud_block *last = r->a->n_blocks ? &r->a->blocks[r->a->n_blocks - 1] : NULL;
        if (blocktext_empty(&r->text) && last && last->kind == ALOUD_BLOCK_HEADING &&
            !r->n_tables) {
            aloud_block_clear(last);
            r->a->n_blocks--;
        }
        return 1;
    } else if (is_el(n, "br")) {
        blocktext_space(&r->text);
        return 0;
    } else if (is_el(n, "img")) {
        /* An image standing in a figure is read by its alt text. */
        char *alt = is_el(n->parent, "figure") && !one_block_now(r) ? attr(n, "alt") : NULL;
        if (alt && u8len(alt) > 3) {
            boundary(r);
            blocktext_add(&r->text, alt, NULL);
            blocktext_emit(&r->text, r->a, ALOUD_BLOCK_IMAGE, r->base_lang);
        }
        xmlFree(alt);
        return 0;
    }
    if (is_el(n, "table") && !r->one_block) {
        boundary(r);
        struct table nt = {.node = n, .data = html_table_is_data(n)};
        if (nt.data)
            nt.caption = html_table_caption(n);
        PUSH(r, tables, nt);
        return 0;
    }
    if (in_data) {
        if (is_el(n, "caption"))
            return 1; /* the first row's */
        if (is_el(n, "thead"))
            t->head = 1;
        if (is_el(n, "tr")) {
            boundary(r);
            r->row_open = 1;
            return 0;
        }
        if ((is_el(n, "td") || is_el(n, "th")) && r->row_open && !r->text.in_cell) {
            blocktext_begin_cell(&r->text, is_el(n, "th") || t->head);
            return 0;
        }
    }
    if (is_el(n, "figcaption") && !r->one_block && html_caption_table(n))
        return 1; /* its table's */
    if (name_in(n, block_tags))
        boundary(r);
    return 0;
}

/* Leaving element n (whose content was read, or not). */
static void leave(struct reader *r, xmlNode *n)
{
    struct table *t = table_now(r);
    int in_data = t && t->data && !r->one_block;
    if (in_data && (is_el(n, "td") || is_el(n, "th")) && r->text.in_cell) {
        blocktext_end_cell(&r->text);
    } else if (in_data && is_el(n, "tr") && r->row_open) {
        end_row(r);
    } else if (in_data && is_el(n, "thead")) {
        t->head = 0;
    } else if (t && t->node == n) {
        if (r->row_open)
            end_row(r);
        flush(r);
        end_table(r);
    } else if (is_el(n, "td") || is_el(n, "th")) {
        /* A layout table's row is read as one block, as a line of text:
         * its cells apart by a space. */
        blocktext_space(&r->text);
    } else if (name_in(n, block_tags)) {
        boundary(r);
    }
    if (r->n_deciders && r->deciders[r->n_deciders - 1].node == n)
        r->n_deciders--;
    if (r->n_lists && r->lists[r->n_lists - 1].node == n)
        r->n_lists--;
    if (is_el(n, "a") && r->links)
        r->links--;
    if (is_el(n, "li") && r->items)
        r->items--;
    if (r->n_langs && r->langs[r->n_langs - 1].node == n) {
        free(r->langs[--r->n_langs].lang);
        if (blocktext_empty(&r->text) && !one_block_now(r))
            blocktext_set_lang(&r->text, current_lang(r));
    }
}

/* Reads the subtree of root (root itself too when with_root). */
static void walk(struct reader *r, xmlNode *root, int with_root)
{
    xmlNode *n = with_root ? root : root->children;
    while (n) {
        int skip = 0;
        if (n->type == XML_ELEMENT_NODE)
            skip = enter(r, n);
        else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            add_text(r, (const char *)n->content);
        if (n->type == XML_ELEMENT_NODE && n->children && !skip) {
            n = n->children;
            continue;
        }
        /* Leave n, and every ancestor that has no next sibling. */
        for (;;) {
            if (n->type == XML_ELEMENT_NODE)
                leave(r, n);
            if (n == root) {
                n = NULL;
                break;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n || (n == root && !with_root)) {
                n = NULL;
                break;
            }
        }
    }
    while (r->n_tables) {
        if (r->row_open)
            end_row(r);
        end_table(r);
    }
}

static void reader_free(struct reader *r)
{
    blocktext_free(&r->text);
    for (size_t i = 0; i < r->n_langs; i++)
        free(r->langs[i].lang);
    for (size_t i = 0; i < r->n_tables; i++)
        free(r->tables[i].caption);
    free(r->langs);
    free(r->deciders);
    free(r->lists);
    free(r->tables);
    free(r->outer_lang);
}

void html_read_blocks(xmlNode *root, struct aloud_article *a, struct html_notes *notes)
{
    struct reader r = {.a = a, .notes = notes, .base_lang = a->language};
    r.outer_lang = html_inherited_lang(root);
    blocktext_set_lang(&r.text, r.outer_lang);
    /* The root itself may decide the kind (a <pre>, a <li>) of all below. */
    struct decider d;
    if (root->type == XML_ELEMENT_NODE && decides(&r, root, &d))
        PUSH(&r, deciders, d);
    r.items = is_el(root, "li");
    walk(&r, root, 0);
    flush(&r);
    reader_free(&r);
    /* Quotations: the first and last block of each run of quote blocks. */
    for (size_t i = 0; i < a->n_blocks; i++) {
        struct aloud_block *b = &a->blocks[i];
        if (b->kind != ALOUD_BLOCK_QUOTE)
            continue;
        b->quote_start = i == 0 || a->blocks[i - 1].kind != ALOUD_BLOCK_QUOTE;
        b->quote_end = i + 1 == a->n_blocks || a->blocks[i + 1].kind != ALOUD_BLOCK_QUOTE;
    }
}

struct aloud_block *html_read_note(xmlNode *note, struct aloud_article *a, const char *base_lang,
                                   const char *lang)
{
    struct reader r = {.a = a, .base_lang = base_lang, .one_block = 1};
    r.outer_lang = lang ? aloud_xstrdup(lang) : NULL;
    blocktext_set_lang(&r.text, lang);
    walk(&r, note, 1);
    r.kind = ALOUD_BLOCK_NOTE;
    struct aloud_block *b = flush(&r);
    reader_free(&r);
    return b;
}
