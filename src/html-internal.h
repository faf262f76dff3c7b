/* What the modules of the HTML stage share, and no one else sees:
 *   html.c         parsing (character sets, text a browser never shows),
 *                  content scoring, and the stage itself;
 *   html-tree.c    small helpers over libxml2's tree and its text;
 *   html-filter.c  what a listener must never hear: clutter cut from the
 *                  tree, boilerplate lines and the introduction's lines
 *                  dropped from the blocks;
 *   html-meta.c    metadata: meta tags, JSON-LD, bylines, titles, dates;
 *   html-notes.c   footnotes and endnotes, and the markers that cite them;
 *   html-table.c   which tables hold data, and their captions;
 *   html-blocks.c  reading the chosen subtree into blocks (kinds, languages,
 *                  table rows, code, citations).
 * Every walk over the tree is iterative (html_next_node), so depth costs no
 * stack. Functions shared between the modules are prefixed html_; the
 * smallest are inline here. */
#ifndef ALOUD_HTML_INTERNAL_H
#define ALOUD_HTML_INTERNAL_H

#include <libxml/tree.h>
#include <stddef.h>
#include <strings.h>

#include "aloud/article.h"
#include "aloud/util.h"

/* --- Nodes (html-tree.c) --------------------------------------------------- */

/* Element names are compared without regard to case; the names asked for
 * are written in lower case, so a first letter that differs settles most
 * comparisons at once. */
static inline int same_name(const xmlChar *have, const char *want)
{
    unsigned char c = have[0];
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c - 'A' + 'a');
    return c == (unsigned char)want[0] && strcasecmp((const char *)have, want) == 0;
}

static inline int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && same_name(n->name, name);
}

static inline int name_in(const xmlNode *n, const char *const *names)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->name)
        return 0;
    for (; *names; names++) {
        if (same_name(n->name, *names))
            return 1;
    }
    return 0;
}

/* An attribute's value as libxml2 keeps it (no copy; valid while n is), or
 * NULL. For the common case of a plain value; attr() otherwise. */
static inline const char *attr_ref(const xmlNode *n, const char *name)
{
    xmlAttr *a = xmlHasProp((xmlNode *)n, BAD_CAST name);
    if (!a || a->type != XML_ATTRIBUTE_NODE)
        return NULL;
    if (!a->children)
        return "";
    if (a->children->type != XML_TEXT_NODE || a->children->next)
        return NULL;
    return a->children->content ? (const char *)a->children->content : "";
}

/* An attribute's value (a copy: the caller frees it with xmlFree), or NULL. */
static inline char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp((xmlNode *)n, BAD_CAST name);
}

static inline int attr_is(const xmlNode *n, const char *name, const char *value)
{
    char *v = attr(n, name);
    int yes = v && strcasecmp(v, value) == 0;
    xmlFree(v);
    return yes;
}

/* Next node in document order under root, or NULL; skip_children leaves
 * n's subtree out. */
static inline xmlNode *next_node(xmlNode *n, const xmlNode *root, int skip_children)
{
    if (!skip_children && n->children)
        return n->children;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

static inline void remove_node(xmlNode *n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* Characters (not bytes) of a UTF-8 string. */
static inline size_t u8len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Elements whose content is never read: scripts, styles, forms' controls,
 * navigation, media. */
extern const char *const html_never_tags[];

/* Appends the text under n to b (not squeezed); <br> is a space. */
void html_text_of(xmlNode *n, struct aloud_buf *b);
/* The text under n, squeezed; caller frees. */
char *html_text(xmlNode *n);
/* Does the class or id of n contain one of words (as a part of a name)? */
int html_class_id_has(const xmlNode *n, const char *const *words);
/* Does the class attribute of n hold word as one of its names? */
int html_has_class(const xmlNode *n, const char *word);
/* Does the class list cls (may be NULL) hold word as one of its names? */
int html_class_is(const char *cls, const char *word);
/* Text and link text under n, in characters other than white space;
 * html_never_tags are not counted. */
void html_measure(xmlNode *n, size_t *text, size_t *links);
/* Is w[0, n) one of list, ignoring ASCII case? */
int html_word_in(const char *w, size_t n, const char *const *list);
int html_starts_with_ci(const char *s, const char *prefix);
/* The language n is written in: the lang or xml:lang of n or its nearest
 * ancestor (within 200 levels: a page nested thousands deep costs no
 * more); owned, or NULL. */
char *html_inherited_lang(const xmlNode *n);
/* Is a one of n's ancestors (or n itself)? */
int html_is_ancestor(const xmlNode *a, const xmlNode *n);

/* --- Metadata (html-meta.c) ------------------------------------------------ */

/* Where an author's name was found, most trusted first. */
enum html_author_source { BY_LD, BY_META, BY_LINE, AUTHOR_SOURCES };

#define HTML_LATER_H1 7

struct html_meta {
    char *title_tag, *og_title, *ld_headline, *h1;
    int h1_marked;                            /* the <h1> is itemprop=headline */
    char *later_h1[HTML_LATER_H1];            /* the next <h1>s after the first */
    size_t n_h1;                              /* <h1>s that are no logo, with text */
    char *site_name, *publisher;
    char *date, *description, *language, *url;
    int date_rank;                            /* of the date's source (lower is more trusted) */
    char *time_text;                          /* the visible text of the publication <time> */
    struct aloud_buf authors[AUTHOR_SOURCES]; /* bylines, NUL-separated */
};

/* Reads the metadata of the whole page (before anything is cut) into m,
 * which starts zeroed; html_meta_free releases it. */
void html_meta_read(xmlNode *root, struct html_meta *m);
/* Sets the article's title, authors, date, description, language and URL
 * from m. */
void html_meta_apply(const struct html_meta *m, struct aloud_article *a);
void html_meta_free(struct html_meta *m);

/* --- Filters (html-filter.c) ----------------------------------------------- */

/* Class and id words that mark the article's content. */
extern const char *const html_content_words[];

/* Cuts the text the page marks as not for search engines' index
 * (<!--googleoff: index--> to <!--googleon: index-->) under root. */
void html_cut_unindexed(xmlNode *root);
/* Cuts what a listener must never hear out of the tree under root. */
void html_prune(xmlNode *root);
/* Cuts article headers (kicker, headline, byline, share bar) under root
 * unless they hold real prose. */
void html_drop_headers(xmlNode *root);
/* The lead above the article's box best, or in a header html_drop_headers
 * would cut: the page's description (may be NULL) written out, or a
 * paragraph of the class "lead". Unlinked from the tree (caller frees it
 * with xmlFreeNode), or NULL. */
xmlNode *html_take_lead(xmlNode *body, xmlNode *best, const char *description);
/* Drops, near the top of the body, the headline and the lines that hold
 * only the byline or the date: the script's introduction says them. */
void html_drop_intro(struct aloud_article *a, const struct html_meta *m);
/* Drops boilerplate lines and texts said before. */
void html_drop_boilerplate(struct aloud_article *a);

/* --- Finding the article (html-score.c) ----------------------------------- */

/* The element of the pruned body that holds the article: the best scored
 * candidate, or the marked articleBody, or body itself when nothing holds
 * enough prose. */
xmlNode *html_find_article(xmlNode *body);
/* Does n hold two or more <article>s (a list of posts)? */
int html_holds_articles(xmlNode *n);
/* Do n's class or id words say it is not content (comment, footer,
 * sidebar, author, meta...) and none says it is? */
int html_is_negative(const xmlNode *n);
/* The scores of the candidates (html-score.c). */
struct html_scores;
/* n's score, or 0 when it holds no scored paragraph. */
double html_score_lookup(const struct html_scores *s, const xmlNode *n);
/* The best element with its siblings (and its parent's) that read as body
 * text: best, or an ancestor less the siblings that are not (those move
 * under trash, which the caller frees once the scores are gone).
 * html-siblings.c. */
xmlNode *html_merge_siblings(xmlNode *best, const struct html_scores *s, xmlNode *trash);

/* --- Repeated structures (html-lists.c) ------------------------------------ */

/* Cuts comment threads from the tree under root and marks lists of
 * teasers (data-aloud-teasers). */
void html_find_lists(xmlNode *root);
/* Is n a list of teasers html_find_lists marked? */
int html_is_teaser_list(const xmlNode *n);

/* --- Tables (html-table.c) ------------------------------------------------ */

/* Does the table hold data (read a row a block) rather than layout? */
int html_table_is_data(xmlNode *table);
/* The caption of a table: its <caption>, or the <figcaption> of the
 * figure that holds it; squeezed, caller frees; or NULL. */
char *html_table_caption(xmlNode *table);
/* The data table whose caption a <figcaption> is, or NULL. */
xmlNode *html_caption_table(xmlNode *figcaption);

/* --- Notes (html-notes.c) ------------------------------------------------- */

struct html_note {
    xmlNode *node; /* out of the page, owned (freed before the page is) */
    char *label;   /* owned */
    char *lang;    /* the language its place in the page gave it; owned */
    int placed;    /* its place (<aloud-note n="INDEX">) was read */
};

struct html_notes {
    struct html_note *list; /* in the page's order */
    size_t n;
};

/* Finds the notes under root and the markers that cite them: each note
 * leaves the tree (an <aloud-note n="INDEX"> stays in its place), each
 * marker becomes <aloud-cite label="LABEL">. */
void html_notes_take(xmlNode *root, struct html_notes *notes);
/* Appends to a, as NOTE blocks, the notes its blocks cite or whose place
 * was read. base_lang: the article's language. */
void html_notes_append(struct html_notes *notes, struct aloud_article *a, const char *base_lang);
/* Frees the notes; call before the page they came from is freed. */
void html_notes_free(struct html_notes *notes);

/* --- Blocks (html-blocks.c) ------------------------------------------------ */

/* Reads the subtree under root into a's blocks, in document order. notes
 * (may be NULL) learn which of their places were read. */
void html_read_blocks(xmlNode *root, struct aloud_article *a, struct html_notes *notes);
/* Reads a note (all of it) as one NOTE block of a; lang is the language
 * its place gave it. Returns the block, or NULL if it had no text. */
struct aloud_block *html_read_note(xmlNode *note, struct aloud_article *a, const char *base_lang,
                                   const char *lang);

#endif
