/* Reading the chosen subtree of a page into the article's blocks, in
 * document order: a block ends at every block element, and its kind comes
 * from its nearest meaningful ancestors. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "html-internal.h"

struct reader {
    struct aloud_article *a;
    struct aloud_buf text;
    enum aloud_block_kind kind;
    int level, number, depth;
    size_t link_bytes; /* of text, inside links */
};

/* Is n inside a link (below root)? */
static int in_link(const xmlNode *n, const xmlNode *root)
{
    for (const xmlNode *p = n->parent; p && p != root; p = p->parent) {
        if (is_el(p, "a"))
            return 1;
    }
    return 0;
}

static void flush(struct reader *r)
{
    if (!r->text.len)
        return;
    /* A short block that is all link is navigation (a related story, a
     * tag, a menu entry), not the article's words. */
    size_t len = strlen(aloud_text_squeeze(r->text.data));
    int all_link = len > 0 && r->link_bytes * 10 >= len * 9 && len < 200;
    r->link_bytes = 0;
    if (all_link) {
        r->text.len = 0;
        r->text.data[0] = '\0';
        return;
    }
    struct aloud_block *b = aloud_article_add_block(r->a, r->kind, r->text.data);
    if (b) {
        b->level = r->level;
        b->number = r->number;
        b->depth = r->depth;
    }
    r->text.len = 0;
    r->text.data[0] = '\0';
}

static const char *const block_tags[] = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "figure",
    "figcaption", "table", "tr", "caption", "hr", "address", "center", "details", "summary",
    "fieldset", "body", NULL,
};

/* The block kind for a node by its nearest meaningful ancestors within
 * root; sets heading level and list number. */
static enum aloud_block_kind kind_of(xmlNode *n, xmlNode *root, int *level, int *number,
                                     int *depth)
{
    *level = *number = *depth = 0;
    enum aloud_block_kind kind = ALOUD_BLOCK_PARAGRAPH;
    int decided = 0, lists = 0;
    for (xmlNode *p = n; p && p != root->parent; p = p->parent) {
        if (p->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)p->name;
        if (!decided && strlen(name) == 2 && tolower((unsigned char)name[0]) == 'h' &&
            name[1] >= '1' && name[1] <= '6') {
            kind = ALOUD_BLOCK_HEADING;
            *level = name[1] - '0';
            decided = 1;
        } else if (!decided && (is_el(p, "figcaption") || is_el(p, "caption"))) {
            kind = ALOUD_BLOCK_CAPTION;
            decided = 1;
        } else if (!decided && is_el(p, "pre")) {
            kind = ALOUD_BLOCK_PREFORMATTED;
            decided = 1;
        } else if (!decided && is_el(p, "tr")) {
            kind = ALOUD_BLOCK_TABLE_ROW;
            decided = 1;
        } else if (is_el(p, "li")) {
            if (!decided) {
                kind = ALOUD_BLOCK_LIST_ITEM;
                decided = 1;
                if (p->parent && is_el(p->parent, "ol")) {
                    int start = 1;
                    char *s = attr(p->parent, "start");
                    if (s)
                        start = atoi(s);
                    xmlFree(s);
                    int index = 0;
                    for (xmlNode *q = p->parent->children; q && q != p; q = q->next)
                        index += is_el(q, "li");
                    *number = start + index;
                    if (*number < 1)
                        *number = 1;
                }
            }
            lists++;
        } else if (is_el(p, "blockquote") && (!decided || kind == ALOUD_BLOCK_PARAGRAPH)) {
            kind = ALOUD_BLOCK_QUOTE;
            decided = 1;
        }
    }
    *depth = lists > 0 ? lists - 1 : 0;
    return kind;
}

void html_read_blocks(xmlNode *root, struct aloud_article *a)
{
    struct reader r = {.a = a};
    aloud_buf_puts(&r.text, "");
    xmlNode *n = root->children;
    while (n) {
        int block = n->type == XML_ELEMENT_NODE && name_in(n, block_tags);
        if (block) {
            flush(&r);
        } else if (is_el(n, "br")) {
            if (r.text.len)
                aloud_buf_putc(&r.text, ' ');
        } else if (is_el(n, "img")) {
            /* An image standing in a figure is read by its alt text. */
            if (n->parent && is_el(n->parent, "figure")) {
                char *alt = attr(n, "alt");
                if (alt && u8len(alt) > 3) {
                    flush(&r);
                    aloud_article_add_block(a, ALOUD_BLOCK_IMAGE, alt);
                }
                xmlFree(alt);
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
                   n->content) {
            const char *t = (const char *)n->content;
            int blank = 1;
            for (const char *p = t; *p && blank; p++)
                blank = isspace((unsigned char)*p);
            if (!blank) {
                if (!r.text.len)
                    r.kind = kind_of(n, root, &r.level, &r.number, &r.depth);
                if (in_link(n, root)) {
                    /* Count the characters that will survive squeezing. */
                    char *sq = aloud_text_squeeze(aloud_xstrdup(t));
                    r.link_bytes += strlen(sq) + 1;
                    free(sq);
                }
                aloud_buf_puts(&r.text, t);
            } else if (r.text.len) {
                aloud_buf_putc(&r.text, ' ');
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        /* Leave n, and every ancestor that has no next sibling. */
        while (n && n != root) {
            if (n->type == XML_ELEMENT_NODE && name_in(n, block_tags))
                flush(&r);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
        if (n == root)
            break;
    }
    flush(&r);
    aloud_buf_free(&r.text);
    /* Quotations: the first and last block of each run of quote blocks. */
    for (size_t i = 0; i < a->n_blocks; i++) {
        struct aloud_block *b = &a->blocks[i];
        if (b->kind != ALOUD_BLOCK_QUOTE)
            continue;
        b->quote_start = i == 0 || a->blocks[i - 1].kind != ALOUD_BLOCK_QUOTE;
        b->quote_end = i + 1 == a->n_blocks || a->blocks[i + 1].kind != ALOUD_BLOCK_QUOTE;
    }
}
