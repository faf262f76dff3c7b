#define _GNU_SOURCE
/* The HTML stage's metadata: title, authors, date, description, language
 * and URL, read from the whole page before anything is cut (<title>,
 * <h1>, Open Graph and article:* meta, meta author, <time datetime>,
 * schema.org JSON-LD through json-c, a visible "By ..." byline), each
 * field from its most trusted source. */
#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aloud/date.h"
#include "html-internal.h"

static void set_once(char **field, const char *value)
{
    if (*field || !value)
        return;
    char *copy = aloud_text_squeeze(aloud_xstrdup(value));
    if (*copy)
        *field = copy;
    else
        free(copy);
}

/* A publication date from a source of rank (0: the article's own
 * datePublished or article:published_time; 1: other publication meta; 2:
 * a <time>; 3: a visible date in an element named for one; 4: a
 * visible date alone in its element): the most trusted source wins, the first among equals. The
 * date is read by date.c and kept in its ISO 8601 form; when only its
 * start reads as a date ("2019-11-19T10:00 IST"), only the day is kept,
 * as its time is in an unknown zone. Years outside 1990..2100 are
 * placeholders ("0001-01-01"). */
static void set_date(struct html_meta *m, const char *value, int rank)
{
    struct aloud_date d;
    const char *end;
    if (!value || (m->date && m->date_rank <= rank))
        return;
    if (aloud_date_parse(value, &d, NULL) != 0) {
        if (aloud_date_parse(value, &d, &end) != 0)
            return;
        d.has_time = d.has_zone = 0;
    }
    if (d.year < 1990 || d.year > 2100)
        return;
    free(m->date);
    m->date = aloud_date_format(&d);
    m->date_rank = rank;
}

/* Author names from a JSON-LD author value: a string, {name}, or a list. */
static void add_candidate(struct html_meta *m, enum html_author_source src, const char *text)
{
    if (text && *text)
        aloud_buf_append(&m->authors[src], text, strlen(text) + 1);
}

/* schema.org author: a name, a Person (or anything but an Organization)
 * with a name, or a list of them. */
static void ld_authors(json_object *v, struct html_meta *m, int depth)
{
    if (!v || depth > 4)
        return;
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        if (!strstr(s, "://"))
            add_candidate(m, BY_LD, s);
    } else if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v) && i < 16; i++)
            ld_authors(json_object_array_get_idx(v, i), m, depth + 1);
    } else if (json_object_is_type(v, json_type_object)) {
        json_object *name, *type;
        if (json_object_object_get_ex(v, "@type", &type) &&
            json_object_is_type(type, json_type_string) &&
            strcmp(json_object_get_string(type), "Organization") == 0)
            return;
        if (json_object_object_get_ex(v, "name", &name))
            ld_authors(name, m, depth + 1);
    }
}

static int ld_is_article(json_object *o)
{
    json_object *type;
    if (!json_object_object_get_ex(o, "@type", &type))
        return 0;
    static const char *const kinds[] = {"Article", "NewsArticle", "BlogPosting", "Report",
                                        "ReportageNewsArticle", "AnalysisNewsArticle",
                                        "OpinionNewsArticle", "TechArticle",
                                        "ScholarlyArticle", "LiveBlogPosting", "SocialMediaPosting",
                                        "WebPage", NULL};
    int n = json_object_is_type(type, json_type_array) ? (int)json_object_array_length(type) : 1;
    for (int i = 0; i < n; i++) {
        json_object *t = json_object_is_type(type, json_type_array)
                             ? json_object_array_get_idx(type, (size_t)i)
                             : type;
        const char *s = json_object_get_string(t);
        for (const char *const *k = kinds; s && *k; k++) {
            if (strcmp(s, *k) == 0)
                return strcmp(s, "WebPage") == 0 ? 1 : 2;
        }
    }
    return 0;
}

static void ld_walk(json_object *v, struct html_meta *m, int depth)
{
    if (!v || depth > 8)
        return;
    if (json_object_is_type(v, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(v) && i < 64; i++)
            ld_walk(json_object_array_get_idx(v, i), m, depth + 1);
        return;
    }
    if (!json_object_is_type(v, json_type_object))
        return;
    json_object *f;
    if (json_object_object_get_ex(v, "@graph", &f))
        ld_walk(f, m, depth + 1);
    int kind = ld_is_article(v);
    if (kind == 2) {
        if (json_object_object_get_ex(v, "headline", &f) &&
            json_object_is_type(f, json_type_string))
            set_once(&m->ld_headline, json_object_get_string(f));
        if (json_object_object_get_ex(v, "author", &f))
            ld_authors(f, m, 0);
        json_object *name;
        if (json_object_object_get_ex(v, "publisher", &f) &&
            json_object_is_type(f, json_type_object) &&
            json_object_object_get_ex(f, "name", &name) &&
            json_object_is_type(name, json_type_string))
            set_once(&m->publisher, json_object_get_string(name));
        if (json_object_object_get_ex(v, "datePublished", &f) &&
            json_object_is_type(f, json_type_string))
            set_date(m, json_object_get_string(f), 0);
        if (json_object_object_get_ex(v, "description", &f) &&
            json_object_is_type(f, json_type_string))
            set_once(&m->description, json_object_get_string(f));
        if (json_object_object_get_ex(v, "inLanguage", &f) &&
            json_object_is_type(f, json_type_string))
            set_once(&m->language, json_object_get_string(f));
    } else if (kind == 1) {
        if (json_object_object_get_ex(v, "datePublished", &f) &&
            json_object_is_type(f, json_type_string))
            set_date(m, json_object_get_string(f), 1);
    }
}


/* Words that name an organisation, a desk or a job, never a person. */
static const char *const not_name_words[] = {
    "news", "press", "presse", "media", "bureau", "desk", "staff", "team", "editorial",
    "editors", "editor", "newsroom", "reporter", "writer", "correspondent", "contributor",
    "columnist", "journalist", "agency", "group", "network", "online", "magazine", "daily",
    "international", "digital", "inc", "ltd", "llc", "admin", "administrator", "redaction",
    "rédaction", "redação", "redacción", "redazione", "redaktion", "guest", "anonymous",
    "reuters", "bloomberg", "afp", "dpa", "pti", "ians", "ani", "upi", "efe", "ansa",
    "xinhua", "tass", "kyodo", "cnn", "bbc", "sport", "sports", "the", "industry", "tech",
    "technology", "business", "politics", "opinion", "health", "science", "culture",
    "entertainment", "lifestyle", "travel", "finance", "economy", "markets", "weather",
    "center", "centre", "resources", "information", "section", "department", "service",
    "services", "community", "channel", "radio", "tv", "podcast",
    /* a desk's name or a link after the name: "Letters To The Editor",
     * "Jane Doe Alle Artikel", "Jane Doe Stand: 1.2.2022" */
    "to", "of", "for", "letters", "alle", "artikel", "beiträge", "articles", "posts", "stand",
    /* German organisations: "Bayerische Landesanstalt für Wald" */
    "anstalt", "landesanstalt", "verband", "verein", "stiftung", "institut", "ministerium",
    "behörde", "feuerwehr", "abteilung", "verlag", "zeitung", "magazin", "illustrierte", NULL,
};

/* The words of buttons and links: a name made only of these (and small
 * words such as "in", "up", "now") is a label, never an author ("Sign In",
 * "Log In", "Subscribe Now", "My Account"). */
static const char *const ui_words[] = {
    "sign", "log", "login", "logout", "signin", "signup", "subscribe", "register", "account",
    "menu", "search", "home", "share", "follow", "contact", "newsletter", "profile", "comments",
    "comment", "read", "more", "print", "email", "e-mail", "close", "skip", "view", "click",
    "download", "join", "donate", "about", "privacy", "cookies", "settings", "help", "upgrade",
    "premium", "my", "your", "in", "out", "up", "now", "here", "us", "to", "free", "today",
    "anmelden", "abmelden", "abonnieren", "registrieren", "connexion", "inscription",
    "iniciar", "sesión", "suscríbete", "accedi", "entrar",
    /* a content system's default account: "Super User", "Admin User" */
    "super", "user", "admin", "administrator", "webmaster",
    /* the headings of a page's furniture, when an <h1> is one */
    "sections", "navigation", "quicklink", "quicklinks", NULL,
};

/* Words that end an organisation's name: "European Space Agency" is
 * no person, however it starts. */
static const char *const org_end_words[] = {
    "agency", "inc", "ltd", "llc", "gmbh", "group", "network", "association", "institute",
    "university", "foundation", "society", "council", "company", "corporation", "corp",
    "ministry", "office", "organization", "organisation", NULL,
};

static int ends_with_org_word(const char *part)
{
    size_t len = strlen(part);
    while (len && strchr(" .,", part[len - 1]))
        len--;
    size_t start = len;
    while (start && part[start - 1] != ' ')
        start--;
    return len > start && html_word_in(part + start, len - start, org_end_words);
}

/* Is every word of name one of ui_words? */
static int is_ui_label(const char *name)
{
    const char *p = name;
    while (*p) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (n && !html_word_in(p, n, ui_words))
            return 0;
        p += n;
    }
    return 1;
}


/* Letters and digits only, lower-cased (ASCII), the rest as is: "‘We
 * had…’" and "'We had...'" compare equal. */
static char *loose(const char *s)
{
    char *out = aloud_xmalloc(strlen(s) + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) {
            /* Typographic quotes, dashes and ellipses (U+2010..U+206F). */
            if (p[0] == 0xE2 && p[1] == 0x80 && p[2]) {
                p += 2;
                continue;
            }
            *o++ = (char)*p;
        } else if (isalnum(*p)) {
            *o++ = (char)tolower(*p);
        }
    }
    *o = '\0';
    return out;
}

/* Equal but for case, spaces and punctuation. */
static int same_loose(const char *a, const char *b)
{
    char *x = loose(a), *y = loose(b);
    int same = strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* The site's own name, the publisher's, or the domain's main label (an
 * author "LinkNaija" on linknaija.com is the site, not a writer). */
static int names_the_site(const char *name, const struct html_meta *m)
{
    const char *sites[] = {m->site_name, m->publisher};
    for (size_t i = 0; i < 2; i++)
        if (sites[i] && (same_loose(name, sites[i]) ||
                         (strlen(name) >= 4 && strcasestr(sites[i], name))))
            return 1;
    const char *host = m->url ? strstr(m->url, "://") : NULL;
    if (host) {
        host += 3;
        if (!strncasecmp(host, "www.", 4))
            host += 4;
        size_t n = strcspn(host, ".:/");
        char label[64];
        if (n >= 4 && n < sizeof label) {
            memcpy(label, host, n);
            label[n] = '\0';
            /* "Practical Horseman" on practicalhorsemanmag.com */
            char *l = loose(name);
            int site = same_loose(name, label) || (strlen(l) >= 6 && strstr(label, l));
            free(l);
            if (site)
                return 1;
        }
    }
    return 0;
}

/* Is part a person's name: two to five words, each capitalised (but for
 * particles such as "de" or "van"), no digits, addresses or domains, no
 * word of an organisation or a job, not the site itself? ALL-CAPS names
 * are given their capitals back. */
static int person_name(char *part, const struct html_meta *m, int whole)
{
    aloud_text_squeeze(part);
    size_t len = strlen(part);
    while (len && strchr(".,;:", part[len - 1]))
        part[--len] = '\0';
    if (!len || u8len(part) > 50 || ends_with_org_word(part) ||
        strpbrk(part, "0123456789@*|/\\()[]{}") ||
        strstr(part, "://"))
        return 0;
    for (const char *dot = strchr(part, '.'); dot; dot = strchr(dot + 1, '.'))
        if (isalpha((unsigned char)dot[1]))
            return 0; /* "Cleveland.com" */
    static const char *const particles[] = {"de", "da", "do", "dos", "das", "del", "della", "di",
                                            "du", "van", "von", "der", "den", "la", "le", "bin",
                                            "al", "y", "e", "ter", NULL};
    /* The name is the words up to the first that cannot be part of one:
     * "Tom Gillespie News reporter" is "Tom Gillespie". */
    int words = 0, lower = 0, any_lower = 0;
    for (const char *q = part; *q; q++)
        any_lower |= islower((unsigned char)*q);
    size_t name_end = 0;
    char *copy = aloud_xstrdup(part), *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char bare[64];
        snprintf(bare, sizeof bare, "%s", w);
        size_t bl = strlen(bare);
        while (bl && strchr(".,'", bare[bl - 1]))
            bare[--bl] = '\0';
        unsigned char c = (unsigned char)w[0];
        /* An initialism in a name written in capitals and small letters
         * is a company or a desk ("AP Auto Writer", "IGN Staff"). */
        int initialism = any_lower && bl >= 2;
        for (size_t k = 0; k < bl && initialism; k++)
            initialism = isupper((unsigned char)bare[k]);
        if (html_word_in(bare, bl, not_name_words) || initialism ||
            (islower(c) && !html_word_in(bare, bl, particles)))
            break;
        words++;
        name_end = (size_t)(w - copy) + strlen(w);
        for (const char *q = w; *q; q++)
            lower |= islower((unsigned char)*q);
    }
    free(copy);
    if (whole && part[name_end])
        return 0; /* cut short: only whole parts count here */
    part[name_end] = '\0';
    if (words < 2 || words > 5 || names_the_site(part, m) || is_ui_label(part))
        return 0;
    if (!lower) {
        /* "TOM KRISHER" -> "Tom Krisher" (ASCII letters only). */
        int start = 1;
        for (char *q = part; *q; q++) {
            if (isalpha((unsigned char)*q) && (unsigned char)*q < 0x80) {
                *q = start ? (char)toupper((unsigned char)*q) : (char)tolower((unsigned char)*q);
                start = 0;
            } else {
                start = *q == ' ' || *q == '-' || *q == '\'';
            }
        }
    }
    return 1;
}

/* Cuts a byline where a date written in words starts, even glued to the
 * name before it ("Carrie ArnoldNovember 15, 2019", "Jeff Foust Monday,
 * November 18"): an English month name followed by a day, or a weekday
 * followed by a comma or a day. "June Carter" and "April Smith" stay. */
static void cut_at_date_words(char *p)
{
    static const char *const months[] = {"January", "February", "March", "April", "May",
                                         "June", "July", "August", "September", "October",
                                         "November", "December", "Jan", "Feb", "Mar", "Apr",
                                         "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                                         NULL};
    static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                       "Saturday", "Sunday", NULL};
    char *first = NULL;
    for (int kind = 0; kind < 2; kind++) {
        for (const char *const *w = kind ? days : months; *w; w++) {
            size_t n = strlen(*w);
            for (char *at = strstr(p, *w); at; at = strstr(at + 1, *w)) {
                const char *after = at + n;
                if (*after == '.')
                    after++;
                int dated = (after[0] == ' ' && isdigit((unsigned char)after[1])) ||
                            (kind && (after[0] == ',' || !after[0]));
                if (dated && (!first || at < first))
                    first = at;
            }
        }
    }
    if (first)
        *first = '\0';
}

/* Splits a byline into its names: "By Jane Doe and John Roe, Health
 * Editors | Updated 5 May" -> "Jane Doe", "John Roe". A leading "By",
 * "Par", "Von"... or a one-word label ("Text:") goes; the line is cut at
 * "|", a dash or the first digit (a date, a time), and split at commas,
 * "&", "and" (and its neighbours in other languages) and at a full stop
 * after a whole word ("Jane Doe. The Times"). */
static void split_byline(const char *text, const struct html_meta *m, int whole,
                         void (*take)(void *, const char *), void *ctx)
{
    char *s = aloud_text_squeeze(aloud_xstrdup(text));
    char *p = s;
    static const char *const prefixes[] = {"by ", "von ", "par ", "por ", "di ", "door ",
                                           "av ", "af ", "written by ", "posted by ", NULL};
    for (const char *const *pre = prefixes; *pre; pre++) {
        if (strncasecmp(p, *pre, strlen(*pre)) == 0) {
            p += strlen(*pre);
            break;
        }
    }
    /* A label: one word ("Text: Jane Doe", "Текст: ..."), or two joined
     * ("Text und Interview: Jane Doe", "Texte et photos:"). */
    char *colon = strchr(p, ':');
    if (colon && colon - p <= 16 && !memchr(p, ' ', (size_t)(colon - p))) {
        p = colon + 1;
    } else if (colon && colon - p <= 30) {
        static const char *const ands[] = {"und", "and", "et", "y", "e", "&", NULL};
        char *sp1 = memchr(p, ' ', (size_t)(colon - p));
        char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(colon - sp1 - 1)) : NULL;
        if (sp2 && !memchr(sp2 + 1, ' ', (size_t)(colon - sp2 - 1)) &&
            html_word_in(sp1 + 1, (size_t)(sp2 - sp1 - 1), ands))
            p = colon + 1;
    }
    cut_at_date_words(p);
    size_t cut = strcspn(p, ":|@0123456789"); /* a label after, a date, a time, a handle */
    p[cut] = '\0';
    for (char *d = strstr(p, " - "); d; d = NULL)
        *d = '\0';
    char *dash = strstr(p, "\xe2\x80\x93");
    if (!dash)
        dash = strstr(p, "\xe2\x80\x94");
    if (dash)
        *dash = '\0';
    /* Separators to one: ',' */
    struct aloud_buf b = {0};
    static const char *const joins[] = {" and ", " und ", " et ", " y ", " e ", " & ", NULL};
    for (const char *q = p; *q;) {
        const char *const *j;
        for (j = joins; *j; j++)
            if (!strncasecmp(q, *j, strlen(*j)))
                break;
        if (*j) {
            aloud_buf_putc(&b, ',');
            q += strlen(*j);
        } else if (*q == '&' || *q == ';') {
            aloud_buf_putc(&b, ',');
            q++;
        } else if (*q == '.' && q[1] == ' ' && q - p >= 2 && isalpha((unsigned char)q[-1]) &&
                   isalpha((unsigned char)q[-2])) {
            aloud_buf_putc(&b, ',');
            q += 2;
        } else {
            aloud_buf_putc(&b, *q++);
        }
    }
    char *all = aloud_buf_steal(&b);
    char *save = NULL;
    for (char *part = strtok_r(all ? all : (char *)"", ",", &save); part;
         part = strtok_r(NULL, ",", &save))
        if (person_name(part, m, whole))
            take(ctx, part);
    free(all);
    free(s);
}

static void take_author(void *ctx, const char *name)
{
    struct aloud_article *a = ctx;
    /* "Troy Smith" after "Troy L. Smith": the same person, kept once. */
    for (size_t i = 0; i < a->n_authors; i++) {
        const char *o = a->authors[i];
        size_t on = strlen(o), nn = strlen(name);
        const char *longer = on > nn ? o : name, *shorter = on > nn ? name : o;
        const char *space = strchr(shorter, ' ');
        if (space && !strncasecmp(longer, shorter, (size_t)(space - shorter) + 1) &&
            strlen(longer) >= strlen(space) &&
            !strcasecmp(longer + strlen(longer) - strlen(space), space))
            return;
    }
    aloud_article_add_author(a, name);
}

/* The authors from the most trusted source that names a person; the
 * visible byline instead when it names all of them and more (metadata
 * that lists only the first of three writers), each of its names a whole
 * part of it (nothing cut off after the name). */
static void choose_authors(const struct html_meta *m, struct aloud_article *a)
{
    for (int src = 0; src < AUTHOR_SOURCES && !a->n_authors; src++) {
        const struct aloud_buf *b = &m->authors[src];
        for (size_t at = 0; at < b->len; at += strlen(b->data + at) + 1)
            split_byline(b->data + at, m, 0, take_author, a);
        if (src == BY_LINE || !a->n_authors)
            continue;
        struct aloud_article *line = aloud_article_new();
        const struct aloud_buf *l = &m->authors[BY_LINE];
        for (size_t at = 0; at < l->len; at += strlen(l->data + at) + 1)
            split_byline(l->data + at, m, 1, take_author, line);
        size_t found = 0;
        for (size_t i = 0; i < a->n_authors; i++)
            for (size_t k = 0; k < line->n_authors; k++)
                found += strcasecmp(a->authors[i], line->authors[k]) == 0;
        if (found == a->n_authors && line->n_authors > a->n_authors) {
            for (size_t i = 0; i < a->n_authors; i++)
                free(a->authors[i]);
            a->n_authors = 0;
            for (size_t k = 0; k < line->n_authors; k++)
                aloud_article_add_author(a, line->authors[k]);
        }
        aloud_article_free(line);
    }
}

static void read_meta_tag(xmlNode *n, struct html_meta *m)
{
    char *key = attr(n, "property");
    if (!key)
        key = attr(n, "name");
    if (!key)
        key = attr(n, "itemprop");
    char *content = attr(n, "content");
    char *equiv = attr(n, "http-equiv");
    if (key && content) {
        if (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title"))
            set_once(&m->og_title, content);
        else if (!strcasecmp(key, "og:site_name"))
            set_once(&m->site_name, content);
        else if (!strcasecmp(key, "article:published_time") ||
                 !strcasecmp(key, "article:published") || !strcasecmp(key, "datePublished") ||
                 !strcasecmp(key, "og:article:published_time"))
            set_date(m, content, 0);
        else if (!strcasecmp(key, "date") || !strcasecmp(key, "dc.date") ||
                 !strcasecmp(key, "dc.date.issued") || !strcasecmp(key, "dcterms.date") ||
                 !strcasecmp(key, "pubdate") || !strcasecmp(key, "publish-date") ||
                 !strcasecmp(key, "parsely-pub-date") || !strcasecmp(key, "sailthru.date") ||
                 !strcasecmp(key, "og:published_time") || !strcasecmp(key, "pub_date"))
            set_date(m, content, 1);
        else if (!strcasecmp(key, "description") || !strcasecmp(key, "og:description"))
            set_once(&m->description, content);
        else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
                 !strcasecmp(key, "dc.creator") || !strcasecmp(key, "parsely-author") ||
                 !strcasecmp(key, "sailthru.author") || !strcasecmp(key, "og:article:author"))
            add_candidate(m, BY_META, content);
        else if (!strcasecmp(key, "og:url"))
            set_once(&m->url, content);
        else if (!strcasecmp(key, "og:locale") && !m->language) {
            char *loc = aloud_xstrdup(content);
            for (char *p = loc; *p; p++)
                if (*p == '_')
                    *p = '-';
            set_once(&m->language, loc);
            free(loc);
        }
    }
    if (equiv && content && !strcasecmp(equiv, "content-language"))
        set_once(&m->language, content);
    xmlFree(key);
    xmlFree(content);
    xmlFree(equiv);
}

static int is_byline_node(const xmlNode *n)
{
    static const char *const words[] = {"byline", "author", "writer", "autor", "auteur",
                                        "contributor", NULL};
    if (attr_is(n, "rel", "author") || attr_is(n, "itemprop", "author"))
        return 1;
    return html_class_id_has(n, words);
}

/* An <h1> that is the site's logo: a link to the home page ("/"), in one
 * or holding one, or marked logo, site-title, site-name or brand. */
static int is_home_link(const xmlNode *a)
{
    const char *href = is_el(a, "a") ? attr_ref(a, "href") : NULL;
    if (!href)
        return 0;
    const char *host = strstr(href, "://");
    const char *path = host ? strchr(host + 3, '/') : href;
    return !path || !strcmp(path, "/") || !strcmp(path, "./");
}

static int is_logo(const xmlNode *h1)
{
    static const char *const words[] = {"logo", "site-title", "site-name", "sitename",
                                        "site_title", "brand", NULL};
    const xmlNode *a = h1;
    for (int up = 0; a && a->type == XML_ELEMENT_NODE && up < 3; a = a->parent, up++)
        if (html_class_id_has(a, words) || is_home_link(a))
            return 1;
    for (const xmlNode *c = h1->children; c; c = c->next)
        if (is_home_link(c))
            return 1;
    return 0;
}

/* Did the publisher mark this <h1> as the headline (schema.org)? */
static int marked_headline(const xmlNode *h1)
{
    const char *prop = attr_ref(h1, "itemprop");
    return prop && strcasestr(prop, "headline");
}

/* A date written on the page, for pages whose metadata gives none: the
 * first element whose class or id names a date ("date", "published"...)
 * and whose text holds one after at most a label ("Published on 18
 * November 2019"), else the first element that holds only a date
 * ("<em>November 15, 2019</em>"). Read by date.c, so in figures only ISO
 * 8601 and in words only English. */
/* Elements worth reading for a visible date (not scripts, not the head). */
static int date_scan(const xmlNode *n)
{
    static const char *const never[] = {"script", "style", "noscript", "template", "title",
                                        "option", "textarea", NULL};
    return !name_in(n, never);
}

static void visible_date(xmlNode *n, struct html_meta *m)
{
    static const char *const words[] = {"date", "time", "publish", "posted", "datum",
                                        "fecha", "dateline", NULL};
    int named = html_class_id_has(n, words);
    if (!named) {
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->type != XML_TEXT_NODE)
                return;
        if (!n->children || (m->date && m->date_rank <= 4))
            return;
    }
    char *t = html_text(n);
    size_t len = u8len(t);
    if (!named && len >= 8 && len <= 40)
        set_date(m, t, 4);
    else if (named && len >= 8 && len <= 80)
        for (const char *p = t; *p && (!m->date || m->date_rank > 3); p++)
            if (p == t || (p[-1] == ' ' && *p != ' '))
                set_date(m, p, 3);
    free(t);
}

void html_meta_read(xmlNode *root, struct html_meta *m)
{
    char *lang = attr(root, "lang");
    if (!lang)
        lang = attr(root, "xml:lang");
    set_once(&m->language, lang);
    xmlFree(lang);
    int byline_done = 0, in_body = 0;
    for (xmlNode *n = root; n; n = next_node(n, root, 0)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        in_body |= is_el(n, "body");
        if (is_el(n, "title") && !m->title_tag) {
            char *t = html_text(n);
            set_once(&m->title_tag, t);
            free(t);
        } else if (is_el(n, "meta")) {
            read_meta_tag(n, m);
        } else if (is_el(n, "link")) {
            if (attr_is(n, "rel", "canonical")) {
                char *href = attr(n, "href");
                set_once(&m->url, href);
                xmlFree(href);
            }
        } else if (is_el(n, "script")) {
            if (attr_is(n, "type", "application/ld+json")) {
                char *json = html_text(n);
                json_object *v = json_tokener_parse(json);
                ld_walk(v, m, 0);
                json_object_put(v);
                free(json);
            }
        } else if (is_el(n, "h1") && !m->h1_marked && !is_logo(n)) {
            char *t = html_text(n);
            if (*t && (!m->h1 || marked_headline(n))) {
                free(m->h1);
                m->h1 = aloud_xstrdup(t);
                m->h1_marked = marked_headline(n);
            } else if (*t && m->n_h1 <= HTML_LATER_H1) {
                m->later_h1[m->n_h1 - 1] = aloud_xstrdup(t);
            }
            m->n_h1 += *t != 0;
            free(t);
        } else if (is_el(n, "time")) {
            char *dt = attr(n, "datetime");
            int published = xmlHasProp(n, BAD_CAST "pubdate") ||
                            attr_is(n, "itemprop", "datePublished") || !m->date;
            /* A machine-readable date, as HTML wants it: ISO 8601. */
            const char *v = dt ? dt + strspn(dt, " \t\r\n") : NULL;
            if (v && published && strspn(v, "0123456789") == 4 && v[4] == '-') {
                set_date(m, dt, xmlHasProp(n, BAD_CAST "pubdate") ||
                                        attr_is(n, "itemprop", "datePublished")
                                    ? 0
                                    : 2);
                char *t = html_text(n);
                set_once(&m->time_text, t);
                free(t);
            }
            xmlFree(dt);
        } else if (!byline_done && is_byline_node(n) && !is_el(n, "meta") &&
                   !is_el(n, "link")) {
            char *t = html_text(n);
            if (*t && u8len(t) < 100) {
                add_candidate(m, BY_LINE, t);
                byline_done = 1;
            }
            free(t);
        }
        if ((!m->date || m->date_rank > 3) && in_body && date_scan(n))
            visible_date(n, m);
    }
}

/* Splits "Headline | Site" style titles and keeps the headline. */
static char *clean_title_tag(const char *title, const char *site)
{
    static const char *const seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                                       " \xc2\xb7 ", " \xc2\xbb ", " / ", NULL};
    char *best = aloud_xstrdup(title);
    for (const char *const *sep = seps; *sep; sep++) {
        if (!strstr(title, *sep))
            continue;
        /* The longest part is the headline; site names are short. */
        char *copy = aloud_xstrdup(title);
        char *part = copy, *longest = NULL;
        size_t longest_len = 0;
        while (part) {
            char *next = strstr(part, *sep);
            if (next) {
                *next = '\0';
                next += strlen(*sep);
            }
            size_t len = u8len(part);
            if (len > longest_len && !(site && strcasecmp(part, site) == 0)) {
                longest = part;
                longest_len = len;
            }
            part = next;
        }
        if (longest && longest_len >= 10) {
            free(best);
            best = aloud_xstrdup(longest);
        }
        free(copy);
        break;
    }
    return aloud_text_squeeze(best);
}

static int contains_ci(const char *hay, const char *needle)
{
    if (!hay || !needle || !*needle)
        return 0;
    char *h = loose(hay), *n = loose(needle);
    int found = *n && strstr(h, n) != NULL;
    free(h);
    free(n);
    return found;
}

/* Does an <h1> greet the reader ("Willkommen!", "Welcome to our
 * site")? A home page's greeting is no headline. */
static int is_greeting(const char *h1)
{
    static const char *const greetings[] = {"willkommen",  "herzlich willkommen",
                                            "welcome",     "bienvenue",
                                            "bienvenido",  "bienvenida",
                                            "bienvenidos", "benvenuti",
                                            "benvenuto",   "bem-vindo",
                                            "bem-vindos",  "welkom",
                                            "witamy",      "hallo",
                                            "hello",       NULL};
    if (u8len(h1) > 40)
        return 0;
    for (const char *const *g = greetings; *g; g++) {
        size_t n = strlen(*g);
        if (!strncasecmp(h1, *g, n) && !isalpha((unsigned char)h1[n]))
            return 1;
    }
    return 0;
}

/* Does another source of the title hold the <h1> text h1? */
static int h1_agrees(const struct html_meta *m, const char *h1)
{
    return contains_ci(m->title_tag, h1) || contains_ci(m->og_title, h1) ||
           contains_ci(m->ld_headline, h1);
}

/* The title: the visible headline when another source agrees with it
 * (or the publisher marked it itemprop=headline), the first <h1> that
 * does when the first does not (a menu's "Menu" above the headline),
 * else the metadata's headline with the site's name cut; never empty
 * when the page has a <title> or og:title. An <h1> that no other source
 * agrees with is trusted when only <title> gives another (a small site's
 * <title> is often its name), unless it greets ("Willkommen!") or is the
 * words of the page's furniture ("Menu", "Quicklinks"). */
static void choose_title(const struct html_meta *m, struct aloud_article *a)
{
    const char *title = NULL;
    char *cleaned = m->title_tag ? clean_title_tag(m->title_tag, m->site_name) : NULL;
    const char *agreeing = NULL;
    /* A later <h1> must hold the whole headline another source gives, not
     * only a part of its title (a section's name, "Neuigkeiten"). */
    for (size_t i = 0; i < HTML_LATER_H1 && m->later_h1[i] && !m->h1_marked && !agreeing; i++)
        if (u8len(m->later_h1[i]) >= 4 && !names_the_site(m->later_h1[i], m) &&
            (contains_ci(m->later_h1[i], cleaned) || contains_ci(m->later_h1[i], m->og_title) ||
             contains_ci(m->later_h1[i], m->ld_headline)))
            agreeing = m->later_h1[i];
    if (m->h1 && u8len(m->h1) >= 4 && !names_the_site(m->h1, m) && !is_greeting(m->h1) &&
        (m->h1_marked || h1_agrees(m, m->h1) ||
         (!agreeing && !m->og_title && !m->ld_headline && !is_ui_label(m->h1))))
        title = m->h1;
    else if (agreeing)
        title = agreeing;
    else if (m->ld_headline)
        title = m->ld_headline; /* its site suffix, if any, is cut below */
    else if (m->og_title)
        title = m->og_title;
    else if (cleaned && *cleaned)
        title = cleaned;
    else
        title = m->h1;
    if (title && (title == m->og_title || title == m->ld_headline)) {
        char *c = clean_title_tag(title, m->site_name);
        aloud_article_set(&a->title, c);
        free(c);
    } else {
        aloud_article_set(&a->title, title);
    }
    if ((!a->title || !*a->title) && (m->og_title || m->title_tag))
        aloud_article_set(&a->title, m->og_title && *m->og_title ? m->og_title : m->title_tag);
    free(cleaned);
}

void html_meta_free(struct html_meta *m)
{
    free(m->title_tag);
    free(m->og_title);
    free(m->ld_headline);
    free(m->h1);
    for (size_t i = 0; i < HTML_LATER_H1; i++)
        free(m->later_h1[i]);
    free(m->site_name);
    free(m->publisher);
    for (int i = 0; i < AUTHOR_SOURCES; i++)
        aloud_buf_free(&m->authors[i]);
    free(m->date);
    free(m->description);
    free(m->language);
    free(m->url);
    free(m->time_text);
}

void html_meta_apply(const struct html_meta *m, struct aloud_article *a)
{
    choose_title(m, a);
    choose_authors(m, a);
    aloud_article_set(&a->date, m->date);
    aloud_article_set(&a->description, m->description);
    aloud_article_set(&a->language, m->language);
    aloud_article_set(&a->url, m->url);
}
