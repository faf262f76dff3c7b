/* Markdown stage: a GitHub-flavoured Markdown file with optional YAML front
 * matter in, its article out. The front matter is read with libyaml, the
 * body parsed with cmark-gfm (footnotes, tables, strikethrough, autolinks)
 * and its tree walked with cmark's iterator, never by recursion, so that a
 * hostile file nested ten thousand deep costs memory in proportion to its
 * size and no stack. Link text is kept and URLs dropped; fenced and
 * indented code blocks are CODE blocks; a table gives a block a row with
 * its cells (the head row's are headers); footnotes ([^1]) are NOTE blocks
 * at the end, labelled with their numbers, and the blocks that cite them
 * say so; inline HTML with a lang attribute (<span lang="de">) marks a
 * span; HTML blocks are not read, and text between <!-- aloud:skip --> and
 * <!-- aloud:end --> is left out. An article whose front matter names no
 * language (lang or language) gets the language of its text. */
#include "aloud/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/frontmatter.h"
#include "aloud/language.h"
#include "aloud/util.h"
#include "blocktext.h"

/* --- The Markdown body ---------------------------------------------------- */

/* Where a list item is: its number, and whether its number was said. */
struct item_state {
    int number;
    int numbered; /* 1 once a block of the item carried the number */
};

/* An inline HTML element left open ("<span lang=de>"), and its language. */
struct open_tag {
    char name[16];
    char *lang; /* owned, or NULL */
};

struct walker {
    struct aloud_article *a;
    int skipping;          /* inside aloud:skip */
    struct blocktext text; /* the current block */
    int lists;             /* list nesting */
    int quotes;            /* block quote nesting */
    size_t quote_first;    /* first block of the outermost quotation */
    int *list_next;        /* next number of each open list (0: unordered) */
    struct item_state *items;
    int n_items;
    int cap_lists, cap_items;
    int image_paragraph;   /* the paragraph is one image on its own */
    struct open_tag *tags; /* inline HTML elements left open */
    int n_tags, cap_tags;
    int note, notes;       /* the footnote being read (its number), and how many */
    int in_row, in_head, rows;
    size_t table_first;    /* block index of the table's first row */
};

/* Finds "<!-- aloud:skip -->" and "<!-- aloud:end -->" in HTML (a block or
 * an inline tag) and updates the skip state in their order. */
static void scan_markers(struct walker *w, const char *html)
{
    if (!html)
        return;
    const char *p = html;
    while ((p = strstr(p, "<!--")) != NULL) {
        p += 4;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        int which = 0;
        if (strncmp(p, "aloud:skip", 10) == 0)
            which = 1, p += 10;
        else if (strncmp(p, "aloud:end", 9) == 0)
            which = 2, p += 9;
        else
            continue;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (strncmp(p, "-->", 3) != 0)
            continue;
        w->skipping = which == 1;
    }
}

static void grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return;
    int n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    *p = aloud_xrealloc(*p, (size_t)n * size);
    *cap = n;
}

/* The language of the text now: the innermost open tag's that has one. */
static const char *inline_lang(const struct walker *w)
{
    for (int i = w->n_tags - 1; i >= 0; i--)
        if (w->tags[i].lang)
            return w->tags[i].lang;
    return NULL;
}

static void put_text(struct walker *w, const char *s)
{
    if (!w->skipping && s)
        blocktext_add(&w->text, s, inline_lang(w));
}

/* Inline HTML: an opening tag (with its lang, if any) or a closing one. */
static void inline_html(struct walker *w, const char *html)
{
    static const char *const void_tags[] = {"br", "img", "hr", "wbr", "input", "source", NULL};
    if (!html || html[0] != '<')
        return;
    int closing = html[1] == '/';
    const char *p = html + 1 + closing;
    size_t n = 0;
    while (isalnum((unsigned char)p[n]))
        n++;
    if (!n || n >= sizeof w->tags[0].name)
        return;
    if (closing) {
        for (int i = w->n_tags - 1; i >= 0; i--) {
            if (strlen(w->tags[i].name) == n && !strncasecmp(w->tags[i].name, p, n)) {
                while (w->n_tags > i)
                    free(w->tags[--w->n_tags].lang);
                break;
            }
        }
        return;
    }
    for (const char *const *v = void_tags; *v; v++)
        if (strlen(*v) == n && !strncasecmp(*v, p, n))
            return;
    size_t len = strlen(html);
    if (len >= 2 && html[len - 2] == '/')
        return; /* <span/> */
    grow((void **)&w->tags, &w->cap_tags, w->n_tags + 1, sizeof *w->tags);
    struct open_tag *t = &w->tags[w->n_tags++];
    memcpy(t->name, p, n);
    t->name[n] = '\0';
    t->lang = NULL;
    /* lang="de", lang='de', lang=de (xml:lang too). */
    for (const char *l = strstr(html, "lang="); l; l = strstr(l + 5, "lang=")) {
        if (l > html && (isalnum((unsigned char)l[-1]) || l[-1] == '-' || l[-1] == '_'))
            continue;
        const char *v = l + 5;
        char quote = *v == '"' || *v == '\'' ? *v++ : 0;
        size_t vn = quote ? strcspn(v, quote == '"' ? "\"" : "'") : strcspn(v, " \t\r\n/>");
        if (vn && vn < 36)
            t->lang = aloud_xstrndup(v, vn);
        break;
    }
}

static void add_cite(struct walker *w, const char *label)
{
    if (!w->skipping)
        blocktext_cite(&w->text, label);
}

static const char *type_string(cmark_node *node)
{
    const char *s = cmark_node_get_type_string(node);
    return s ? s : "";
}

/* Is the paragraph one image (possibly inside a link) and blanks? */
static int lone_image(cmark_node *para)
{
    int images = 0;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        cmark_node *inner = c;
        if (t == CMARK_NODE_LINK && cmark_node_first_child(c) &&
            !cmark_node_next(cmark_node_first_child(c)))
            inner = cmark_node_first_child(c), t = cmark_node_get_type(inner);
        if (t == CMARK_NODE_IMAGE) {
            images++;
        } else if (t == CMARK_NODE_TEXT) {
            const char *s = cmark_node_get_literal(c);
            if (s && s[strspn(s, " \t")])
                return 0;
        } else if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK) {
            return 0;
        }
    }
    return images == 1;
}

/* Forgets the block being read, and its open inline elements. */
static void reset_block(struct walker *w)
{
    blocktext_reset(&w->text);
    for (int i = 0; i < w->n_tags; i++)
        free(w->tags[i].lang);
    w->n_tags = 0;
}

static struct aloud_block *add_block(struct walker *w, enum aloud_block_kind kind)
{
    struct aloud_block *b = blocktext_emit(&w->text, w->a, kind, NULL);
    reset_block(w);
    return b;
}

/* Emits the collected text as a block of the kind its place implies. */
static void end_block(struct walker *w, cmark_node *node)
{
    enum aloud_block_kind kind = ALOUD_BLOCK_PARAGRAPH;
    int level = 0, number = 0, depth = 0;
    if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
        kind = ALOUD_BLOCK_HEADING;
        level = cmark_node_get_heading_level(node);
    } else if (w->image_paragraph) {
        kind = ALOUD_BLOCK_IMAGE;
    }
    if (w->n_items > 0 && (kind == ALOUD_BLOCK_PARAGRAPH || kind == ALOUD_BLOCK_IMAGE)) {
        struct item_state *it = &w->items[w->n_items - 1];
        kind = ALOUD_BLOCK_LIST_ITEM;
        depth = w->lists - 1;
        if (!it->numbered)
            number = it->number;
    }
    if (w->quotes > 0) {
        kind = ALOUD_BLOCK_QUOTE;
        depth = w->quotes - 1;
    }
    struct aloud_block *b = add_block(w, kind);
    if (!b)
        return;
    b->level = level;
    b->number = number;
    b->depth = depth;
    if (w->n_items > 0)
        w->items[w->n_items - 1].numbered = 1;
}

/* A fenced or indented code block: its text as written. */
static void code_block(struct walker *w, cmark_node *node)
{
    if (w->skipping)
        return;
    if (w->note) {
        put_text(w, " ");
        put_text(w, cmark_node_get_literal(node));
        return;
    }
    reset_block(w);
    put_text(w, cmark_node_get_literal(node));
    struct aloud_block *b = add_block(w, ALOUD_BLOCK_CODE);
    if (b)
        b->depth = w->quotes > 0 ? w->quotes - 1 : 0;
}

/* GFM tables: a row a block, its cells joined with ", ", the head row's
 * cells headers. */
static void table_event(struct walker *w, const char *type, int enter)
{
    if (w->note) {
        /* A table in a footnote is read as its text. */
        if (!enter && (!strcmp(type, "table_cell") || !strcmp(type, "table_row")))
            put_text(w, " ");
        return;
    }
    if (!strcmp(type, "table")) {
        if (enter) {
            w->rows = 0;
        } else if (w->rows) {
            w->a->blocks[w->table_first].table_start = 1;
            w->a->blocks[w->a->n_blocks - 1].table_end = 1;
        }
    } else if (!strcmp(type, "table_row") || !strcmp(type, "table_header")) {
        if (enter) {
            reset_block(w);
            w->in_row = 1;
            w->in_head = !strcmp(type, "table_header");
            return;
        }
        w->in_row = 0;
        blocktext_end_cell(&w->text);
        struct aloud_block *b = NULL;
        if (blocktext_has_values(&w->text))
            b = add_block(w, ALOUD_BLOCK_TABLE_ROW);
        reset_block(w);
        if (b && !w->rows++)
            w->table_first = w->a->n_blocks - 1;
    } else if (!strcmp(type, "table_cell") && w->in_row) {
        if (enter)
            blocktext_begin_cell(&w->text, w->in_head);
        else
            blocktext_end_cell(&w->text);
    }
}

/* A footnote's definition: all of it one NOTE block, labelled with its
 * number (cmark-gfm numbers notes in the order they are first cited, and
 * puts their definitions at the end in that order). */
static void footnote_event(struct walker *w, int enter)
{
    if (enter) {
        reset_block(w);
        w->note = ++w->notes;
        return;
    }
    struct aloud_block *b = add_block(w, ALOUD_BLOCK_NOTE);
    if (b)
        b->label = aloud_xasprintf("%d", w->note);
    w->note = 0;
}

/* A paragraph or heading begins or ends (inside a note: a space). */
static void block_event(struct walker *w, cmark_node *node, int enter)
{
    if (w->note) {
        if (!enter)
            put_text(w, " ");
        return;
    }
    if (enter) {
        reset_block(w);
        w->image_paragraph =
            cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && lone_image(node);
    } else {
        end_block(w, node);
    }
}

static void container_event(struct walker *w, cmark_node *node, int enter)
{
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_BLOCK_QUOTE:
        if (enter) {
            if (w->quotes++ == 0)
                w->quote_first = w->a->n_blocks;
        } else if (--w->quotes == 0 && w->a->n_blocks > w->quote_first) {
            w->a->blocks[w->quote_first].quote_start = 1;
            w->a->blocks[w->a->n_blocks - 1].quote_end = 1;
        }
        break;
    case CMARK_NODE_LIST:
        if (enter) {
            grow((void **)&w->list_next, &w->cap_lists, w->lists + 1, sizeof(int));
            int ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
            int start = cmark_node_get_list_start(node);
            w->list_next[w->lists++] = ordered ? (start > 0 ? start : 1) : 0;
        } else {
            w->lists--;
        }
        break;
    case CMARK_NODE_ITEM:
        if (enter) {
            grow((void **)&w->items, &w->cap_items, w->n_items + 1, sizeof *w->items);
            int *next = &w->list_next[w->lists - 1];
            w->items[w->n_items++] = (struct item_state){.number = *next};
            if (*next > 0 && *next < 1000000000)
                (*next)++;
        } else {
            w->n_items--;
        }
        break;
    default:
        break;
    }
}

static void walk(cmark_node *root, struct walker *w)
{
    cmark_iter *iter = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(iter);
        int enter = ev == CMARK_EVENT_ENTER;
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HTML_BLOCK:
            scan_markers(w, cmark_node_get_literal(node));
            break;
        case CMARK_NODE_HTML_INLINE:
            scan_markers(w, cmark_node_get_literal(node));
            inline_html(w, cmark_node_get_literal(node));
            break;
        case CMARK_NODE_CODE_BLOCK:
            code_block(w, node);
            break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            if (enter)
                add_cite(w, cmark_node_get_literal(node));
            break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            footnote_event(w, enter);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            break;
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            put_text(w, cmark_node_get_literal(node));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            put_text(w, " ");
            break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            block_event(w, node, enter);
            break;
        case CMARK_NODE_BLOCK_QUOTE:
        case CMARK_NODE_LIST:
        case CMARK_NODE_ITEM:
            container_event(w, node, enter);
            break;
        default:
            /* Tables' parts; emphasis, links, images (their alt text is
             * their children) and strikethrough are read through their
             * children. */
            table_event(w, type_string(node), enter);
            break;
        }
    }
    cmark_iter_free(iter);
}

static int parse_body(const char *text, size_t len, struct aloud_article *a)
{
    static const char *const extensions[] = {"table", "strikethrough", "autolink"};
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_FOOTNOTES);
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
        if (ext)
            cmark_parser_attach_syntax_extension(parser, ext);
    }
    cmark_parser_feed(parser, text, len);
    cmark_node *doc = cmark_parser_finish(parser);
    struct walker w = {.a = a};
    if (doc)
        walk(doc, &w);
    reset_block(&w);
    blocktext_free(&w.text);
    free(w.tags);
    free(w.list_next);
    free(w.items);
    cmark_node_free(doc);
    cmark_parser_free(parser);
    return 0;
}

/* Without a title in the front matter, a first-level heading that opens
 * the body is the title. */
static void take_title(struct aloud_article *a)
{
    if (a->title || a->n_blocks == 0)
        return;
    struct aloud_block *b = &a->blocks[0];
    if (b->kind != ALOUD_BLOCK_HEADING || b->level != 1)
        return;
    a->title = b->text;
    b->text = NULL;
    aloud_block_clear(b);
    memmove(a->blocks, a->blocks + 1, (a->n_blocks - 1) * sizeof *a->blocks);
    a->n_blocks--;
}

int aloud_markdown_extract(const char *data, size_t len, const char *name,
                           struct aloud_article **out, char **err)
{
    *out = NULL;
    /* Invalid UTF-8 becomes U+FFFD and NUL bytes go. */
    char *text = aloud_utf8_sanitize(data, len);
    size_t tlen = strlen(text);
    const char *p = text;
    const char *end = text + tlen;
    if (tlen >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    struct aloud_article *a = aloud_article_new();
    int rc = 0;
    const char *body;
    rc = aloud_front_matter_read(p, (size_t)(end - p), name, a, &body, err);
    if (rc)
        goto out;
    p = body;
    parse_body(p, (size_t)(end - p), a);
    take_title(a);
    /* An article whose front matter names no language gets its text's. */
    aloud_language_guess_article(a);
    blocktext_settle_languages(a);
out:
    free(text);
    if (rc) {
        aloud_article_free(a);
        return rc;
    }
    *out = a;
    return 0;
}
