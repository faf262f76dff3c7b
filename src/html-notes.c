/* Footnotes and endnotes in a web page, and the markers that cite them.
 *
 * A note is found two ways, so that no generator's markup is needed by
 * name:
 *   - from a marker: a link to "#ID" whose text is a short label ("1",
 *     "[2]", "a", "*") and that looks like a note reference (inside <sup>,
 *     role="doc-noteref", a class or id that says footnote, note, fn,
 *     reference or cite); the element with that ID, found after the marker,
 *     is the note, or, when it holds no more than the label (an anchor, a
 *     number), its nearest block ancestor is;
 *   - from a list of notes: role="doc-endnotes", a class "footnotes",
 *     "footnote-list", "wp-block-footnotes", Wikipedia's ol.references...:
 *     its items are notes, cited or not; and role="doc-footnote" (or
 *     epub:type footnote) marks one note.
 * This reads Pandoc, Kramdown (Jekyll), Goldmark (Hugo), cmark-gfm and
 * markdown-it, Sphinx, MediaWiki, WordPress' footnotes block and plugins
 * and Substack alike.
 *
 * Before the page is pruned, each note leaves the tree (an <aloud-note>
 * placeholder marks its place) and each marker becomes an <aloud-cite
 * label="..."> that the block reader turns into the citing block's cites.
 * A note loses its back links ("↩", "^ a b"), and its own label when it
 * writes one. html_notes_append then reads the notes the article needs
 * (cited by a block that was kept, or placed in the part of the page that
 * was read) as NOTE blocks at the end, in the page's order. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html-internal.h"

/* At most this many markers and notes are looked at on one page. */
#define MAX_MARKERS 4000

struct marker {
    xmlNode *link; /* the <a> */
    char *target;  /* its href without "#" (xmlFree) */
    char *label;   /* its text without brackets (owned) */
    size_t order;  /* of the link among the page's elements */
    xmlNode *note; /* the note it cites, once found */
};

/* Is text a note's label: up to three digits, one or two letters, or a
 * symbol (*, †, ‡, §)? "[1]" and "(a)" are labels without their brackets:
 * the result is a copy without them (caller frees), or NULL. */
static char *label_of(const char *text)
{
    char *t = aloud_text_squeeze(aloud_xstrdup(text));
    size_t n = strlen(t);
    char *s = t;
    if (n >= 2 && ((s[0] == '[' && s[n - 1] == ']') || (s[0] == '(' && s[n - 1] == ')'))) {
        s[n - 1] = '\0';
        s++;
        n -= 2;
    }
    while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
        s[--n] = '\0';
    while (*s == ' ')
        s++, n--;
    int digits = n >= 1 && n <= 3 && strspn(s, "0123456789") == n;
    int letters = n >= 1 && n <= 2 && isalpha((unsigned char)s[0]) &&
                  (n == 1 || isalpha((unsigned char)s[1]));
    int symbol = (n == 1 && strchr("*#", s[0])) || !strcmp(s, "\xe2\x80\xa0") ||
                 !strcmp(s, "\xe2\x80\xa1") || !strcmp(s, "\xc2\xa7") || !strcmp(s, "**");
    char *label = digits || letters || symbol ? aloud_xstrdup(s) : NULL;
    free(t);
    return label;
}

static const char *const note_words[] = {"footnote", "endnote",   "noteref", "fnref", "fn-", "fn_",
                                         "fn:",      "reference", "cite",    "note",  NULL};

/* Does the link (or its wrappers) say it cites a note? */
static int says_note_ref(const xmlNode *a)
{
    if (attr_is(a, "role", "doc-noteref") || attr_is(a, "epub:type", "noteref") ||
        xmlHasProp((xmlNode *)a, BAD_CAST "data-footnote-ref"))
        return 1;
    const xmlNode *p = a;
    for (int up = 0; p && p->type == XML_ELEMENT_NODE && up < 3; p = p->parent, up++) {
        if (is_el(p, "sup") || html_class_id_has(p, note_words) || html_has_class(p, "fn") ||
            xmlHasProp((xmlNode *)p, BAD_CAST "data-fn"))
            return 1;
        if (!is_el(p, "a") && !is_el(p, "span") && !is_el(p, "sup"))
            break;
    }
    for (const xmlNode *c = a->children; c; c = c->next)
        if (is_el(c, "sup"))
            return 1;
    return 0;
}

/* The outermost element around the link that holds nothing but it: what
 * leaves the text (<sup><a>1</a></sup>, <span class="fn"><a>..</a></span>). */
static xmlNode *marker_wrapper(xmlNode *a)
{
    char *own = html_text(a);
    xmlNode *w = a;
    while (w->parent && (is_el(w->parent, "sup") || is_el(w->parent, "span"))) {
        char *t = html_text(w->parent);
        int same = strcmp(t, own) == 0;
        free(t);
        if (!same)
            break;
        w = w->parent;
    }
    free(own);
    return w;
}

/* Is n a list of notes (its items are notes) or a note by its role? */
static int is_note_list(const xmlNode *n)
{
    static const char *const classes[] = {"footnotes",
                                          "footnote-list",
                                          "footnotes-list",
                                          "wp-block-footnotes",
                                          "easy-footnotes-wrapper",
                                          "endnotes",
                                          NULL};
    const char *role = attr_ref(n, "role");
    if ((role && !strcasecmp(role, "doc-endnotes")) ||
        xmlHasProp((xmlNode *)n, BAD_CAST "data-footnotes"))
        return 1;
    const char *cls = attr_ref(n, "class");
    for (const char *const *c = classes; cls && *c; c++)
        if (html_class_is(cls, *c))
            return 1;
    return cls && is_el(n, "ol") && html_class_is(cls, "references");
}

static int is_note_by_role(const xmlNode *n)
{
    const char *role = attr_ref(n, "role");
    const char *type = attr_ref(n, "epub:type");
    return (role && (!strcasecmp(role, "doc-footnote") || !strcasecmp(role, "doc-endnote"))) ||
           (type && (!strcasecmp(type, "footnote") || !strcasecmp(type, "endnote") ||
                     !strcasecmp(type, "rearnote")));
}

static int by_target(const void *x, const void *y)
{
    const struct marker *const *a = x, *const *b = y;
    return strcmp((*a)->target, (*b)->target);
}

struct finder {
    struct marker *markers;
    size_t n_markers, cap_markers;
    xmlNode **found; /* notes, in no order, each once */
    size_t n_found, cap_found;
};

/* Notes are marked through their _private field (1) while they are
 * found, so each is kept once. */
static void add_found(struct finder *f, xmlNode *node)
{
    if (node->_private || f->n_found >= MAX_MARKERS)
        return;
    node->_private = (void *)1;
    if (f->n_found == f->cap_found) {
        f->cap_found = f->cap_found ? f->cap_found * 2 : 16;
        f->found = aloud_xrealloc(f->found, f->cap_found * sizeof *f->found);
    }
    f->found[f->n_found++] = node;
}

/* The first walk: the markers, and the notes of lists and roles. */
static void find_markers(xmlNode *root, struct finder *f)
{
    size_t order = 0;
    for (xmlNode *n = root; n;) {
        if (n->type != XML_ELEMENT_NODE || (n != root && name_in(n, html_never_tags))) {
            n = next_node(n, root, n->type == XML_ELEMENT_NODE);
            continue;
        }
        order++;
        if (is_el(n, "a") && f->n_markers < MAX_MARKERS) {
            char *href = attr(n, "href");
            char *text = href && href[0] == '#' && href[1] ? html_text(n) : NULL;
            char *label = text && strlen(text) <= 12 ? label_of(text) : NULL;
            if (label && says_note_ref(n)) {
                if (f->n_markers == f->cap_markers) {
                    f->cap_markers = f->cap_markers ? f->cap_markers * 2 : 16;
                    f->markers = aloud_xrealloc(f->markers, f->cap_markers * sizeof *f->markers);
                }
                f->markers[f->n_markers++] =
                    (struct marker){n, aloud_xstrdup(href + 1), label, order, NULL};
                label = NULL;
            }
            free(label);
            free(text);
            xmlFree(href);
        } else if (n->properties && is_note_list(n)) {
            xmlNode *list = is_el(n, "ol") || is_el(n, "ul") ? n : NULL;
            for (xmlNode *d = n->children; d && !list; d = next_node(d, n, 0))
                if (is_el(d, "ol") || is_el(d, "ul"))
                    list = d;
            for (xmlNode *li = list ? list->children : NULL; li; li = li->next)
                if (is_el(li, "li"))
                    add_found(f, li);
        } else if (n->properties && is_note_by_role(n)) {
            add_found(f, n);
        }
        n = next_node(n, root, 0);
    }
}

/* A note holds no heading and not too much text. */
static int looks_like_note(xmlNode *note)
{
    static const char *const headings[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
    for (xmlNode *d = note; d; d = next_node(d, note, 0))
        if (name_in(d, headings))
            return 0;
    size_t text, links;
    html_measure(note, &text, &links);
    return text < 3000;
}

/* The note a marker's target element stands for: the element itself, or
 * its nearest block ancestor when it holds no more than a label. */
static xmlNode *note_of_target(xmlNode *t)
{
    static const char *const blocks[] = {"li",      "p",  "div",    "aside", "dd",
                                         "section", "td", "footer", NULL};
    char *text = html_text(t);
    char *label = *text ? label_of(text) : NULL;
    int bare = !*text || label;
    free(label);
    free(text);
    if (!bare || name_in(t, blocks) || is_el(t, "dt"))
        return t;
    for (xmlNode *p = t->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (name_in(p, blocks))
            return p;
    return t;
}

/* The second walk: each marker's target, by id, and so its note. */
static void find_targets(xmlNode *root, struct finder *f)
{
    if (!f->n_markers)
        return;
    struct marker **sorted = aloud_xmalloc(f->n_markers * sizeof *sorted);
    for (size_t i = 0; i < f->n_markers; i++)
        sorted[i] = &f->markers[i];
    qsort(sorted, f->n_markers, sizeof *sorted, by_target);
    size_t order = 0;
    for (xmlNode *n = root; n;) {
        if (n->type != XML_ELEMENT_NODE || (n != root && name_in(n, html_never_tags))) {
            n = next_node(n, root, n->type == XML_ELEMENT_NODE);
            continue;
        }
        order++;
        const char *id = n->properties ? attr_ref(n, "id") : NULL;
        struct marker key = {.target = (char *)id}, *keyp = &key;
        struct marker **hit =
            id ? bsearch(&keyp, sorted, f->n_markers, sizeof *sorted, by_target) : NULL;
        xmlNode *note = hit ? note_of_target(n) : NULL;
        if (note && looks_like_note(note)) {
            /* All the markers of this target (one note cited twice). */
            while (hit > sorted && !strcmp(hit[-1]->target, (*hit)->target))
                hit--;
            for (struct marker **m = hit;
                 m < sorted + f->n_markers && !strcmp((*m)->target, (*hit)->target); m++) {
                /* A note comes after its marker, and does not hold it. */
                if ((*m)->order < order && !html_is_ancestor(note, (*m)->link)) {
                    (*m)->note = note;
                    add_found(f, note);
                }
            }
        }
        n = next_node(n, root, 0);
    }
    free(sorted);
}

/* Keeps, of the found notes, the outermost, in document order; each kept
 * note's _private becomes its index + 2 (1 marks a note inside another). */
static void order_notes(xmlNode *root, struct html_notes *notes)
{
    for (xmlNode *n = root; n;) {
        if (n->_private && n->type == XML_ELEMENT_NODE) {
            notes->list = aloud_xrealloc(notes->list, (notes->n + 1) * sizeof *notes->list);
            notes->list[notes->n] = (struct html_note){.node = n};
            n->_private = (void *)(uintptr_t)(notes->n + 2);
            notes->n++;
            n = next_node(n, root, 1);
            continue;
        }
        n = next_node(n, root, 0);
    }
}

/* The index of the kept note that holds node (a found note), or -1. */
static long note_index(xmlNode *node)
{
    long index = -1;
    for (int up = 0; node && up < 64; node = node->parent, up++)
        if ((uintptr_t)node->_private >= 2)
            index = (long)((uintptr_t)node->_private - 2);
    return index;
}

/* The note's own label, when it writes one in an element of its own at its
 * start ("[1]" in Sphinx, the number in Substack, a <sup>): that element,
 * or NULL. want is the label its markers give, if any. */
static xmlNode *own_label(xmlNode *note, const char *want, char **label)
{
    xmlNode *first = NULL;
    for (xmlNode *d = note; d && !first; d = next_node(d, note, 0)) {
        if (d->type == XML_TEXT_NODE && d->content &&
            d->content[strspn((const char *)d->content, " \t\r\n")])
            first = d;
    }
    xmlNode *found = NULL;
    int up = 0;
    for (xmlNode *p = first ? first->parent : NULL; p && p != note && up < 4; p = p->parent, up++) {
        char *text = html_text(p);
        char *l = label_of(text);
        free(text);
        if (!l)
            continue;
        int fits = want ? strcmp(l, want) == 0
                        : !isalpha((unsigned char)l[0]) &&
                              (is_el(p, "a") || is_el(p, "sup") || is_el(p, "span") ||
                               is_el(p, "b") || is_el(p, "strong"));
        if (fits) {
            found = p;
            free(*label);
            *label = l;
        } else {
            free(l);
        }
    }
    return found;
}

/* Is the link a way back to the text: a back link by its role or class,
 * a link to a marker, or a link that is only an arrow? */
static int is_back_link(xmlNode *n, char **marker_ids, size_t n_ids)
{
    static const char *const words[] = {
        "backref",         "backlink", "back-link", "footnote-back", "reversefootnote",
        "footnote-return", "to-top",   "fn-back",   "return",        NULL};
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (attr_is(n, "role", "doc-backlink") || html_class_id_has(n, words))
        return 1;
    if (!is_el(n, "a"))
        return 0;
    char *href = attr(n, "href");
    int back = 0;
    if (href && href[0] == '#') {
        for (size_t i = 0; i < n_ids && !back; i++)
            back = strcmp(marker_ids[i], href + 1) == 0;
        char *text = html_text(n);
        /* Nothing but arrows, carets and brackets: "↩", "↩︎", "^", "[↑]". */
        const char *t = text;
        while (*t && (strchr(" ^[]()", *t) || !strncmp(t, "\xe2\x86\xa9", 3) ||
                      !strncmp(t, "\xe2\x86\x91", 3) || !strncmp(t, "\xe2\xa4\xb4", 3) ||
                      !strncmp(t, "\xef\xb8\x8e", 3) || !strncmp(t, "\xef\xb8\x8f", 3)))
            t += (unsigned char)*t < 0x80 ? 1 : 3;
        back |= !*t;
        free(text);
    }
    xmlFree(href);
    return back;
}

/* The ids a back link may point to: each marker's link and wrappers. */
static char **marker_ids(const struct finder *f, size_t *n)
{
    char **ids = NULL;
    *n = 0;
    for (size_t i = 0; i < f->n_markers; i++) {
        xmlNode *p = f->markers[i].link;
        for (int up = 0; p && p->type == XML_ELEMENT_NODE && up < 3; p = p->parent, up++) {
            char *id = attr(p, "id");
            if (id) {
                ids = aloud_xrealloc(ids, (*n + 1) * sizeof *ids);
                ids[(*n)++] = aloud_xstrdup(id);
            }
            xmlFree(id);
        }
    }
    return ids;
}

/* The number of a list item (its list's start plus the items before it),
 * or 0 when n is not an item of a numbered list. */
static int item_number(const xmlNode *n)
{
    if (!is_el(n, "li") || !is_el(n->parent, "ol"))
        return 0;
    char *start = attr(n->parent, "start");
    int number = start ? atoi(start) : 1;
    xmlFree(start);
    for (const xmlNode *s = n->parent->children; s && s != n; s = s->next)
        number += is_el(s, "li");
    return number;
}

/* Sphinx before 0.18 writes a note as <dt>[1]</dt><dd>the note</dd>: the
 * <dd> after a note that is a <dt>, if it holds no note of its own (the
 * notes are still marked), or NULL. */
static xmlNode *note_body(xmlNode *n)
{
    if (!is_el(n, "dt"))
        return NULL;
    xmlNode *dd = n->next;
    while (dd && dd->type != XML_ELEMENT_NODE)
        dd = dd->next;
    if (!is_el(dd, "dd"))
        return NULL;
    for (xmlNode *d = dd; d; d = next_node(d, dd, 0))
        if (d->_private)
            return NULL;
    return dd;
}

/* Takes a note out of the page: a placeholder stays where it was; its
 * label is found (want: its markers' label, if any) and its back links go.
 * The notes are disjoint subtrees, so nothing freed here holds another. */
static void detach_note(struct html_note *note, size_t index, const char *want, char **ids,
                        size_t n_ids, xmlNode *body, int number)
{
    xmlNode *n = note->node;
    xmlNode *mark = xmlNewNode(NULL, BAD_CAST "aloud-note");
    char num[32];
    snprintf(num, sizeof num, "%zu", index);
    xmlNewProp(mark, BAD_CAST "n", BAD_CAST num);
    xmlReplaceNode(n, mark);
    if (body) {
        xmlUnlinkNode(body);
        char *text = html_text(n);
        note->label = want ? aloud_xstrdup(want) : label_of(text);
        free(text);
        xmlFreeNode(n);
        note->node = n = body;
    }
    if (!note->label) {
        xmlNode *own = own_label(n, want, &note->label);
        if (own)
            remove_node(own);
    }
    if (!note->label && want)
        note->label = aloud_xstrdup(want);
    for (xmlNode *d = n; d;) {
        if (d != n && is_back_link(d, ids, n_ids)) {
            xmlNode *next = next_node(d, n, 1);
            remove_node(d);
            d = next;
            continue;
        }
        d = next_node(d, n, 0);
    }
    if (!note->label)
        note->label = aloud_xasprintf("%d", number ? number : (int)index + 1);
}

/* Does the subtree of n hold a note (marked through _private)? */
static int holds_note(xmlNode *n)
{
    for (xmlNode *d = n; d; d = next_node(d, n, 0))
        if (d->_private)
            return 1;
    return 0;
}

/* Replaces a marker by <aloud-cite label="..."> (while the notes are still
 * marked: a marker that holds a note stays as it is). */
static void replace_marker(struct marker *m)
{
    xmlNode *w = marker_wrapper(m->link);
    if (w != m->link && holds_note(w))
        w = m->link;
    if (!w->parent || holds_note(w))
        return;
    xmlNode *cite = xmlNewNode(NULL, BAD_CAST "aloud-cite");
    xmlNewProp(cite, BAD_CAST "label", BAD_CAST m->label);
    xmlReplaceNode(w, cite);
    xmlFreeNode(w);
}

void html_notes_take(xmlNode *root, struct html_notes *notes)
{
    struct finder f = {0};
    memset(notes, 0, sizeof *notes);
    find_markers(root, &f);
    find_targets(root, &f);
    order_notes(root, notes);
    /* Each marker's note, by index; the first marker of a note gives its
     * label ("[1]" and "1" alike give "1"). */
    size_t n_ids;
    char **ids = marker_ids(&f, &n_ids);
    const char **wanted = aloud_xcalloc(notes->n + 1, sizeof *wanted);
    long *cites = aloud_xcalloc(f.n_markers + 1, sizeof *cites);
    for (size_t i = 0; i < f.n_markers; i++) {
        long k = f.markers[i].note ? note_index(f.markers[i].note) : -1;
        cites[i] = k;
        if (k >= 0 && !wanted[k])
            wanted[k] = f.markers[i].label;
    }
    /* Last first: a marker inside another's wrapper goes before the
     * wrapper does. */
    for (size_t i = f.n_markers; i-- > 0;) {
        if (cites[i] < 0)
            continue;
        if (f.markers[i].label != wanted[cites[i]]) {
            free(f.markers[i].label);
            f.markers[i].label = aloud_xstrdup(wanted[cites[i]]);
        }
        replace_marker(&f.markers[i]);
    }
    free(cites);
    /* What each note needs of its place, while the page is whole and the
     * notes are marked. */
    xmlNode **bodies = aloud_xcalloc(notes->n + 1, sizeof *bodies);
    int *numbers = aloud_xcalloc(notes->n + 1, sizeof *numbers);
    for (size_t k = 0; k < notes->n; k++) {
        notes->list[k].lang = html_inherited_lang(notes->list[k].node);
        numbers[k] = item_number(notes->list[k].node);
        bodies[k] = note_body(notes->list[k].node);
    }
    for (size_t i = 0; i < f.n_found; i++)
        f.found[i]->_private = NULL;
    for (size_t k = 0; k < notes->n; k++)
        detach_note(&notes->list[k], k, wanted[k], ids, n_ids, bodies[k], numbers[k]);
    free(bodies);
    free(numbers);
    for (size_t i = 0; i < n_ids; i++)
        free(ids[i]);
    free(ids);
    for (size_t i = 0; i < f.n_markers; i++) {
        free(f.markers[i].target);
        free(f.markers[i].label);
    }
    free(f.markers);
    free(f.found);
    free(wanted);
}

void html_notes_append(struct html_notes *notes, struct aloud_article *a, const char *base_lang)
{
    for (size_t k = 0; k < notes->n; k++) {
        struct html_note *note = &notes->list[k];
        int cited = 0;
        for (size_t i = 0; i < a->n_blocks && !cited; i++)
            for (size_t c = 0; c < a->blocks[i].n_cites && !cited; c++)
                cited = strcmp(a->blocks[i].cites[c], note->label) == 0;
        if (!cited && !note->placed)
            continue;
        struct aloud_block *b = html_read_note(note->node, a, base_lang, note->lang);
        if (b)
            b->label = aloud_xstrdup(note->label);
    }
}

void html_notes_free(struct html_notes *notes)
{
    for (size_t k = 0; k < notes->n; k++) {
        xmlFreeNode(notes->list[k].node);
        free(notes->list[k].label);
        free(notes->list[k].lang);
    }
    free(notes->list);
    memset(notes, 0, sizeof *notes);
}
