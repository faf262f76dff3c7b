/* Repeated structures that are never the article, found by their shape
 * rather than by class names (which vary with every theme and language):
 *   - a comment thread: two or more sibling blocks, each with a reply link
 *     and an author or a time. Readers' comments are cut from the page:
 *     a listener never hears them, and a long thread never outscores the
 *     article it follows.
 *   - a list of teasers (a blog's archive, "older posts", a gallery of
 *     stories): three or more sibling items, each a link of a headline's
 *     length (in a heading, or the item's first link) and at most a short
 *     text beside it. Such a list is marked (data-aloud-teasers) and its
 *     paragraphs score nothing, so a short post beside it wins; on an index
 *     page nothing else scores and the page is read whole and marked not
 *     an article. */
#define _GNU_SOURCE
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aloud/date.h"
#include "html-internal.h"

/* What one item of a repeated structure holds, read up to a cap. */
struct item {
    size_t text, links;  /* characters, as html_measure counts them */
    size_t heading_link; /* characters of the longest link in a heading */
    size_t first_link;   /* characters of the first link */
    int opens_on_link;   /* no text before the first link */
    int reply, author, time;
};

static const char *const reply_words[] = {
    "reply",    "antworten",    "répondre", "repondre", "responder", "rispondi", "odpowiedz",
    "reageren", "beantwoorden", "svara",    "svar",     "vastaa",    "ответить", "відповісти",
    "回复",     "回覆",         "返信",     "답글",     "responde",  NULL,
};

static const char *const author_words[] = {"author", "user", "name",   "nick",
                                           "vcard",  "fn",   "poster", NULL};
static const char *const time_words[] = {"date", "time", "when", "posted", NULL};

/* Is n a link (or button) that answers a comment? */
static int is_reply_link(xmlNode *n)
{
    if (!is_el(n, "a") && !is_el(n, "button") && !is_el(n, "span"))
        return 0;
    const char *href = attr_ref(n, "href");
    if (href && (strstr(href, "replytocom") || strstr(href, "reply_to")))
        return 1;
    static const char *const reply_class[] = {"reply", NULL};
    if (is_el(n, "a") && html_class_id_has(n, reply_class))
        return 1;
    char *t = html_text(n);
    size_t len = strlen(t);
    int yes = 0;
    for (const char *const *w = reply_words; *w && !yes; w++) {
        size_t wl = strlen(*w);
        yes = len >= wl && len <= wl + 12 && strncasecmp(t, *w, wl) == 0;
    }
    free(t);
    return yes;
}

/* Is the text node n a short line that opens with a date ("March 3,
 * 2020 at 10:14 am"), a comment's time written without markup? */
static int is_date_line(const xmlNode *n)
{
    const char *t = (const char *)n->content;
    t += strspn(t, " \t\r\n");
    if (!*t || strlen(t) > 80)
        return 0;
    struct aloud_date d;
    const char *end;
    return aloud_date_parse(t, &d, &end) == 0;
}

/* Reads an item: its text and links, the longest headline link, and
 * whether it has a reply link, an author and a time (with dates, a time
 * written as a line of text counts too: costlier, and asked only of
 * threads' items). Stops after cap characters of text (a long item is no
 * teaser and no comment). */
static void read_item(xmlNode *item, struct item *it, size_t cap, int dates)
{
    memset(it, 0, sizeof *it);
    size_t nodes = 0;
    int seen_link = 0;
    for (xmlNode *n = item; n && it->text <= cap; nodes++) {
        if (nodes > 4 * cap) { /* thousands of empty elements: no teaser, no comment */
            it->text = cap + 1;
            break;
        }
        if (n->type == XML_ELEMENT_NODE) {
            if (n != item && name_in(n, html_never_tags)) {
                n = next_node(n, item, 1);
                continue;
            }
            if (is_el(n, "time") || html_class_id_has(n, time_words))
                it->time = 1;
            if (is_el(n, "cite") || attr_is(n, "itemprop", "author") ||
                html_class_id_has(n, author_words))
                it->author = 1;
            if (is_reply_link(n))
                it->reply = 1;
            if (is_el(n, "a")) {
                size_t text, links;
                html_measure(n, &text, &links);
                int in_heading = 0;
                for (xmlNode *a = n; a && a != item->parent; a = a->parent) {
                    static const char *const headings[] = {"h1", "h2", "h3", "h4",
                                                           "h5", "h6", NULL};
                    in_heading |= name_in(a, headings);
                }
                if (in_heading && text > it->heading_link)
                    it->heading_link = text;
                if (!seen_link) {
                    it->first_link = text;
                    it->opens_on_link = it->text == 0;
                }
                seen_link = 1;
                it->links += text;
                it->text += text;
                n = next_node(n, item, 1);
                continue;
            }
        } else if (n->type == XML_TEXT_NODE && n->content) {
            for (const unsigned char *p = n->content; *p; p++)
                it->text += *p > ' ' && (*p & 0xC0) != 0x80;
            if (dates && !it->time && is_date_line(n))
                it->time = 1;
        }
        n = next_node(n, item, 0);
    }
}

/* A thread: two or more children with a reply link and an author or a
 * time, holding most of the element's text. */
static int is_comment_thread(xmlNode *n)
{
    size_t comments = 0, comment_text = 0, all_text = 0;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        struct item it;
        read_item(c, &it, 20000, 1);
        all_text += it.text;
        if (it.reply && (it.author || it.time)) {
            comments++;
            comment_text += it.text;
        }
    }
    return comments >= 2 && comment_text * 3 >= all_text * 2;
}

/* A teaser: a headline link of 15 characters or more (in a heading, or
 * the item's first link when it is a third of the item's text, or a fifth
 * when the item opens with it: an archive's title and excerpt), and under
 * 400 characters of other text. */
static int is_teaser_item(const struct item *it)
{
    if (it->reply || it->text - it->links >= 400)
        return 0;
    if (it->heading_link >= 15)
        return 1;
    return it->first_link >= 25 && (it->first_link * 3 >= it->text ||
                                    (it->opens_on_link && it->first_link * 5 >= it->text));
}

/* A list of teasers: three or more children of one tag, each a teaser,
 * holding four fifths of the element's text. */
static int is_teaser_list(xmlNode *n)
{
    size_t teasers = 0, with_text = 0, teaser_text = 0, all_text = 0;
    const xmlChar *tag = NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        struct item it;
        read_item(c, &it, 1000, 0);
        all_text += it.text;
        if (it.text < 15)
            continue;
        with_text++;
        if (!is_teaser_item(&it))
            continue;
        if (tag && !same_name(c->name, (const char *)tag))
            return 0;
        tag = c->name;
        teasers++;
        teaser_text += it.text;
    }
    return teasers >= 3 && teasers * 5 >= with_text * 4 && teaser_text * 5 >= all_text * 4;
}

/* Cuts the comment threads that hold the reply links found: for each,
 * the nearest of its ten ancestors that is a thread; only the outermost
 * of nested threads is cut (the others go with it). */
static void cut_threads(xmlNode **replies, size_t n_replies)
{
    xmlNode **threads = NULL;
    size_t n = 0;
    for (size_t i = 0; i < n_replies; i++) {
        xmlNode *a = replies[i]->parent;
        for (int up = 0; a && a->type == XML_ELEMENT_NODE && up < 10; a = a->parent, up++) {
            if (is_el(a, "body") || is_el(a, "html"))
                break;
            int seen = 0;
            for (size_t j = 0; j < n && !seen; j++)
                seen = threads[j] == a;
            if (seen)
                break;
            if (is_comment_thread(a)) {
                threads = aloud_xrealloc(threads, (n + 1) * sizeof *threads);
                threads[n++] = a;
                break;
            }
        }
    }
    int *nested = aloud_xmalloc((n ? n : 1) * sizeof *nested);
    for (size_t i = 0; i < n; i++) {
        nested[i] = 0;
        for (size_t j = 0; j < n && !nested[i]; j++)
            nested[i] = j != i && html_is_ancestor(threads[j], threads[i]);
    }
    for (size_t i = 0; i < n; i++)
        if (!nested[i])
            remove_node(threads[i]);
    free(nested);
    free(threads);
}

void html_find_lists(xmlNode *root)
{
    xmlNode **replies = NULL;
    size_t n_replies = 0, cap = 0;
    for (xmlNode *n = root; n;) {
        if (n->type != XML_ELEMENT_NODE) {
            n = next_node(n, root, 0);
            continue;
        }
        if (is_reply_link(n)) {
            if (n_replies == cap) {
                cap = cap ? cap * 2 : 16;
                replies = aloud_xrealloc(replies, cap * sizeof *replies);
            }
            replies[n_replies++] = n;
        }
        if (n->children && n->children->next && is_teaser_list(n)) {
            xmlSetProp(n, BAD_CAST "data-aloud-teasers", BAD_CAST "1");
            n = next_node(n, root, 1);
            continue;
        }
        n = next_node(n, root, 0);
    }
    if (n_replies >= 2)
        cut_threads(replies, n_replies);
    free(replies);
}

int html_is_teaser_list(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && xmlHasProp((xmlNode *)n, BAD_CAST "data-aloud-teasers");
}
