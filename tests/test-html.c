/* Tests of the HTML stage through its library call: what a listener would
 * get from small pages (blocks and kinds, metadata, clutter, charsets). */
#include <stdlib.h>
#include <string.h>

#include "aloud/html.h"
#include "aloud/util.h"
#include "check.h"

static struct aloud_article *extract(const char *html)
{
    struct aloud_article *a = NULL;
    char *err = NULL;
    if (aloud_html_extract(html, strlen(html), "test.html", &a, &err) != 0) {
        fprintf(stderr, "extract failed: %s\n", err);
        free(err);
        return NULL;
    }
    return a;
}

static const char *text_of_kind(const struct aloud_article *a, enum aloud_block_kind kind, int n)
{
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (a->blocks[i].kind == kind && n-- == 0)
            return a->blocks[i].text;
    }
    return NULL;
}

static int body_has(const struct aloud_article *a, const char *needle)
{
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (strstr(a->blocks[i].text, needle))
            return 1;
    }
    return 0;
}


static struct aloud_article *extract_file(const char *name)
{
    char *path = aloud_xasprintf("%s/html/%s", TEST_DATA, name);
    char *data = NULL, *err = NULL;
    size_t len = 0;
    struct aloud_article *a = NULL;
    if (aloud_file_read(path, 1 << 24, &data, &len, &err) != 0 ||
        aloud_html_extract(data, len, name, &a, &err) != 0) {
        fprintf(stderr, "%s: %s\n", path, err);
        a = NULL;
    }
    free(err);
    free(data);
    free(path);
    return a;
}

/* The one block whose text contains needle, or NULL (none, or several). */
static const struct aloud_block *block_with(const struct aloud_article *a, const char *needle)
{
    const struct aloud_block *found = NULL;
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (strstr(a->blocks[i].text, needle)) {
            if (found)
                return NULL;
            found = &a->blocks[i];
        }
    }
    return found;
}

static const struct aloud_block *note_labelled(const struct aloud_article *a, const char *label)
{
    for (size_t i = 0; i < a->n_blocks; i++)
        if (a->blocks[i].kind == ALOUD_BLOCK_NOTE && a->blocks[i].label &&
            !strcmp(a->blocks[i].label, label))
            return &a->blocks[i];
    return NULL;
}

/* Does b cite exactly the labels given (in order), NULL-terminated? */
static int cites_are(const struct aloud_block *b, const char *const *labels)
{
    size_t n = 0;
    for (; labels[n]; n++)
        if (!b || n >= b->n_cites || strcmp(b->cites[n], labels[n]))
            return 0;
    return b && b->n_cites == n;
}

/* Are the notes all at the end, n of them? */
static int notes_last(const struct aloud_article *a, size_t n)
{
    size_t first = a->n_blocks;
    for (size_t i = 0; i < a->n_blocks && first == a->n_blocks; i++)
        if (a->blocks[i].kind == ALOUD_BLOCK_NOTE)
            first = i;
    for (size_t i = first; i < a->n_blocks; i++)
        if (a->blocks[i].kind != ALOUD_BLOCK_NOTE)
            return 0;
    return a->n_blocks - first == n;
}

/* The text of b's span in lang (the first), or NULL; caller frees. */
static char *span_text(const struct aloud_block *b, const char *lang)
{
    for (size_t i = 0; b && i < b->n_spans; i++)
        if (!strcmp(b->spans[i].lang, lang))
            return aloud_xstrndup(b->text + b->spans[i].start, b->spans[i].len);
    return NULL;
}

#define CHECK_SPAN(b, lang, want)                                                              \
    do {                                                                                       \
        char *s_ = span_text(b, lang);                                                         \
        CHECK_STR(s_, want);                                                                   \
        free(s_);                                                                              \
    } while (0)

/* Cells of a row as "text|text*" (* marks a header); caller frees. */
static char *cells_of(const struct aloud_block *b)
{
    struct aloud_buf out = {0};
    aloud_buf_puts(&out, "");
    for (size_t i = 0; b && i < b->n_cells; i++) {
        if (i)
            aloud_buf_putc(&out, '|');
        aloud_buf_puts(&out, b->cells[i].text);
        if (b->cells[i].header)
            aloud_buf_putc(&out, '*');
    }
    return aloud_buf_steal(&out);
}

#define CHECK_CELLS(b, want)                                                                   \
    do {                                                                                       \
        char *c_ = cells_of(b);                                                                \
        CHECK_STR(c_, want);                                                                   \
        free(c_);                                                                              \
    } while (0)

static int nowhere(const struct aloud_article *a, const char *needle)
{
    char *text = aloud_article_to_text(a);
    int absent = strstr(text, needle) == NULL;
    if (!absent)
        fprintf(stderr, "  '%s' is read\n", needle);
    free(text);
    return absent;
}

static void test_blocks_and_metadata(void)
{
    struct aloud_article *a = extract(
        "<html lang='en-US'><head><title>Rivers rise after storm | The Daily Example</title>"
        "<meta name='author' content='Dana Reyes'>"
        "<meta property='article:published_time' content='2026-04-02T07:00:00Z'>"
        "<meta property='article:modified_time' content='2026-04-03T07:00:00Z'></head>"
        "<body><nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        "<article><h1>Rivers rise after storm</h1><p class='byline'>By Dana Reyes</p>"
        "<p>Rivers across the region rose by two metres overnight, flooding roads, fields and "
        "the lower floors of several homes.</p>"
        "<h2>What to do</h2><ol><li>Stay away from the water.</li><li>Call the helpline.</li></ol>"
        "<blockquote><p>We have never seen it this high.</p></blockquote>"
        "<p>Officials said the water would fall slowly over the coming days &amp; warned "
        "drivers to stay at home.</p>"
        "<div class='share-buttons'><a href='#'>Share on Facebook</a></div>"
        "</article><footer class='site-footer'>Copyright The Daily Example</footer>"
        "</body></html>");
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK_STR(a->title, "Rivers rise after storm");
    CHECK(a->n_authors == 1);
    CHECK_STR(a->n_authors ? a->authors[0] : NULL, "Dana Reyes");
    CHECK_STR(a->date, "2026-04-02T07:00:00Z");
    CHECK_STR(a->language, "en-US");
    CHECK_STR(text_of_kind(a, ALOUD_BLOCK_HEADING, 0), "What to do");
    CHECK_STR(text_of_kind(a, ALOUD_BLOCK_LIST_ITEM, 1), "Call the helpline.");
    CHECK_STR(text_of_kind(a, ALOUD_BLOCK_QUOTE, 0), "We have never seen it this high.");
    CHECK(body_has(a, "days & warned"));
    CHECK(!body_has(a, "Share on"));
    CHECK(!body_has(a, "Copyright"));
    CHECK(!body_has(a, "Home"));
    CHECK(!body_has(a, "By Dana Reyes"));
    CHECK(!body_has(a, "Rivers rise after storm")); /* the headline is the intro's */
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (a->blocks[i].kind == ALOUD_BLOCK_LIST_ITEM)
            CHECK(a->blocks[i].number >= 1 && a->blocks[i].number <= 2);
    }
    aloud_article_free(a);
}

static void test_windows_1252_undeclared(void)
{
    struct aloud_article *a = extract(
        "<html><body><article><p>\x93Quoted\x94 text with an \x96 en dash, in a page that "
        "never says its character set, long enough to be read.</p></article></body></html>");
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "\xE2\x80\x9CQuoted\xE2\x80\x9D text with an \xE2\x80\x93 en dash"));
        aloud_article_free(a);
    }
}

static void test_nothing_to_read(void)
{
    struct aloud_article *a = NULL;
    char *err = NULL;
    const char *page = "<html><body><script>var x = 1;</script></body></html>";
    CHECK(aloud_html_extract(page, strlen(page), "empty.html", &a, &err) < 0);
    CHECK(a == NULL);
    CHECK(err && strstr(err, "empty.html"));
    free(err);
}

/* A short post followed by a box of other posts, each an <article> with a
 * longer excerpt: the listener hears the post, not the others. */
static void test_list_of_posts(void)
{
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><body><div class='columns'><article class='post'><h1>Self-love</h1>"
                          "<p>Loving yourself, the text says, is where every other love begins, "
                          "and it takes practice, patience and a little humour to learn it well "
                          "enough to share it with others, day after day, year after year.</p>"
                          "<p>Nobody else can do it for you: the needs you leave unmet are yours "
                          "to meet, and only someone who loves themselves can find a love that "
                          "is true.</p>"
                          "</article><article class='post'><h3>You may also like</h3>");
    for (int i = 0; i < 5; i++)
        aloud_buf_puts(&page, "<article class='post'><p>Another post, with its own long excerpt, "
                              "full of commas, clauses, asides, and more commas, runs on and on, "
                              "longer than the post itself, about hope, faith, family, gratitude, "
                              "courage, work, rest, and everything else one could want to read "
                              "about <a href='/other'>on another page</a>.</p></article>");
    aloud_buf_puts(&page, "</article></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Loving yourself"));
        CHECK(!body_has(a, "Another post"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A ticker of other headlines, each a link and the start of its text cut
 * with an ellipsis, beside the article: only the article is read. */
static void test_teaser_list(void)
{
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><body><div class='main'><div class='ticker'><b>Breaking</b><ul>");
    for (int i = 0; i < 6; i++)
        aloud_buf_puts(&page, "<li><a href='/elsewhere'>Other headline of the day</a> "
                              "<span>CITY: Something else happened somewhere else today, and "
                              "officials said that more would follow soon, as it...</span></li>");
    aloud_buf_puts(&page, "</ul></div><div class='story'><p>The council voted on Tuesday to keep "
                          "the library open, after a campaign by readers, teachers and parents "
                          "that lasted most of the year.</p><p>The vote was close, and the "
                          "library's hours will be shorter, but its doors stay open to "
                          "everyone.</p></div></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The council voted"));
        CHECK(!body_has(a, "Something else happened"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A short article in a box the publisher marked as the article's body
 * (schema.org articleBody) inside a page whose footer has more prose: the
 * marked body is what is read. */
static void test_marked_article_body(void)
{
    const char *page =
        "<html><body><div class='row'><h1>Short news</h1><div itemprop='articleBody'>A man "
        "was arrested on Wednesday after a stabbing at a hospital in Berlin, the police said, "
        "and another man who tried to stop the attacker was badly hurt.</div></div>"
        "<div class='bottom-text'>Our customer service centre can be contacted with any "
        "questions or requests by telephone or e-mail. The centre answers on weekdays between "
        "seven and two, and handles distribution requests on Fridays. For international "
        "customers the centre is open longer, with a toll-free number.</div></body></html>";
    struct aloud_article *a = extract(page);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "A man was arrested"));
        CHECK(!body_has(a, "customer service"));
        aloud_article_free(a);
    }
}


/* --- Footnotes and endnotes ------------------------------------------------ */

/* Pandoc: a section of endnotes, markers <a><sup>1</sup></a>, one note
 * cited twice, back links "↩︎". */
static void test_notes_pandoc(void)
{
    struct aloud_article *a = extract_file("pandoc-footnotes.html");
    CHECK(a != NULL);
    if (!a)
        return;
    const struct aloud_block *n1 = note_labelled(a, "1"), *n2 = note_labelled(a, "2");
    CHECK_STR(n1 ? n1->text : NULL,
              "Spraints last about a week in dry weather and a day or two in rain.");
    CHECK_STR(n2 ? n2->text : NULL, "Eels and bullheads first, then trout.");
    CHECK(notes_last(a, 2));
    /* The citing paragraphs name their notes, and the markers are not read. */
    const struct aloud_block *p = block_with(a, "found signs at nine sites in ten.");
    CHECK(cites_are(p, (const char *const[]){"1", NULL}));
    CHECK(cites_are(block_with(a, "the otters followed the fish."),
                    (const char *const[]){"2", NULL}));
    CHECK(cites_are(block_with(a, "however old the spraint."), (const char *const[]){"1", NULL}));
    CHECK(nowhere(a, "\xe2\x86\xa9"));
    aloud_article_free(a);
}

/* Kramdown (Jekyll): <sup role="doc-noteref"><a>, named notes ([^count])
 * numbered 1 and 2, a div of notes that the pruning would take for
 * boilerplate ("footnote" is a word of page furniture). */
static void test_notes_kramdown_hugo_github(void)
{
    struct aloud_article *a = extract_file("jekyll-kramdown.html");
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(note_labelled(a, "1") ? note_labelled(a, "1")->text : NULL,
                  "With a short script, splitting on white space and punctuation.");
        CHECK_STR(note_labelled(a, "2") ? note_labelled(a, "2")->text : NULL,
                  "Four of them, all from the winter of 1917.");
        CHECK(cites_are(block_with(a, "count its words."), (const char *const[]){"1", NULL}));
        CHECK(notes_last(a, 2));
        aloud_article_free(a);
    }
    a = extract_file("hugo-goldmark.html");
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(note_labelled(a, "2") ? note_labelled(a, "2")->text : NULL,
                  "But check yours: some retry forever.");
        CHECK(cites_are(block_with(a, "brings it down again."), (const char *const[]){"1", NULL}));
        CHECK(notes_last(a, 2));
        CHECK(nowhere(a, "\xe2\x86\xa9"));
        aloud_article_free(a);
    }
    /* cmark-gfm's HTML (GitHub): data-footnote-ref markers, a section with
     * data-footnotes, back links with "Back to reference" labels. */
    a = extract_file("github-cmark.html");
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(note_labelled(a, "2") ? note_labelled(a, "2")->text : NULL,
                  "Configurable with compaction.max_bandwidth.");
        CHECK(cites_are(block_with(a, "a tenth of the disk's bandwidth."),
                        (const char *const[]){"2", NULL}));
        CHECK(notes_last(a, 2));
        aloud_article_free(a);
    }
}

/* WordPress' Easy Footnotes plugin: the marker links to an empty anchor
 * inside the note; the notes' heading goes with them to the end. EPUB-style
 * asides with symbols for labels, one writing its own label. */
static void test_notes_wordpress_epub(void)
{
    struct aloud_article *a = extract_file("wordpress-plugins.html");
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(note_labelled(a, "1") ? note_labelled(a, "1")->text : NULL,
                  "Two houses were empty and one was a shop.");
        CHECK(cites_are(block_with(a, "two hundred and six people."),
                        (const char *const[]){"1", NULL}));
        CHECK(notes_last(a, 2));
        CHECK(block_with(a, "Notes") == NULL);
        CHECK(nowhere(a, "My grandmother")); /* comments are still cut */
        aloud_article_free(a);
    }
    a = extract_file("epub-asides.html");
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(note_labelled(a, "*") ? note_labelled(a, "*")->text : NULL,
                  "The harbour master's books give 412 boats in 1862, the best year recorded.");
        CHECK_STR(note_labelled(a, "\xe2\x80\xa0") ? note_labelled(a, "\xe2\x80\xa0")->text : NULL,
                  "Open on Saturdays from Easter to October.");
        CHECK(cites_are(block_with(a, "four hundred boats worked out of it, and"),
                        (const char *const[]){"*", NULL}));
        CHECK(notes_last(a, 2));
        aloud_article_free(a);
    }
}

/* Wikipedia's references: "[1]" markers, "^" back links, the notes in a
 * list of references under their heading. */
static void test_notes_wikipedia(void)
{
    struct aloud_article *a = extract_file("wiki-languages.html");
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK_STR(note_labelled(a, "1") ? note_labelled(a, "1")->text : NULL,
              "\"Philharmonikerball\". Wiener Philharmoniker. Retrieved 2 January 2024.");
    CHECK(cites_are(block_with(a, "Viennese Ballsaison."), (const char *const[]){"1", NULL}));
    CHECK(notes_last(a, 3));
    CHECK(nowhere(a, "[1]"));
    CHECK(nowhere(a, "^"));
    CHECK(block_with(a, "References") == NULL);
    /* A note in a language of its own keeps its span. */
    CHECK_SPAN(note_labelled(a, "2"), "de", "Der Wiener Ball");
    aloud_article_free(a);
}

/* A link in <sup> to a place earlier in the page, or to a heading, is not a
 * note; a note list is not cut as boilerplate even without markers. */
static void test_not_notes(void)
{
    struct aloud_article *a = extract(
        "<html lang='en'><body><article><h2 id='s1'>Background</h2>"
        "<p>The river rose by two metres overnight, flooding roads, fields and the lower floors "
        "of several homes along its banks.<sup><a href='#s1'>1</a></sup></p>"
        "<p>As explained in <a href='#s2'>2</a> below, the water will fall slowly over the "
        "coming days, and drivers are asked to stay at home.</p>"
        "<h2 id='s2'>Outlook</h2><p>Rain is forecast again for the weekend, though less of "
        "it, and the river should stay within its banks this time.</p>"
        "<ol class='footnotes'><li>An uncited note still heard.</li></ol>"
        "</article></body></html>");
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK(block_with(a, "Background") && block_with(a, "Background")->kind == ALOUD_BLOCK_HEADING);
    CHECK(block_with(a, "As explained in 2 below") != NULL);
    const struct aloud_block *n = note_labelled(a, "1");
    CHECK_STR(n ? n->text : NULL, "An uncited note still heard.");
    CHECK(notes_last(a, 1));
    aloud_article_free(a);
}

/* --- Tables ------------------------------------------------------------- */

static void test_data_tables(void)
{
    struct aloud_article *a = extract_file("jekyll-kramdown.html");
    CHECK(a != NULL);
    if (a) {
        const struct aloud_block *head = block_with(a, "Decade, Letters, Words");
        CHECK(head && head->kind == ALOUD_BLOCK_TABLE_ROW && head->table_start);
        CHECK_CELLS(head, "Decade*|Letters*|Words*");
        CHECK_CELLS(block_with(a, "1880s"), "1880s|96|40,310");
        /* An empty cell stays a cell, and adds nothing to the text. */
        const struct aloud_block *gap = block_with(a, "1890s, ?");
        CHECK_STR(gap ? gap->text : NULL, "1890s, ?");
        CHECK_CELLS(gap, "1890s||?");
        CHECK(gap && gap->table_end);
        aloud_article_free(a);
    }
    /* WordPress' table block: the figure's caption is the table's. */
    a = extract_file("wordpress-plugins.html");
    CHECK(a != NULL);
    if (a) {
        const struct aloud_block *head = block_with(a, "Occupation, Men, Women");
        CHECK_STR(head ? head->caption : NULL,
                  "Occupations given on the returns, Alder Road, 1921");
        CHECK(block_with(a, "Occupations given") == NULL); /* not also a caption block */
        CHECK_CELLS(block_with(a, "Domestic service"), "Domestic service|0|14");
        /* role="presentation": read as text. */
        const struct aloud_block *p = block_with(a, "The return for number 14");
        CHECK(p && p->kind == ALOUD_BLOCK_PARAGRAPH && !p->n_cells);
        aloud_article_free(a);
    }
    /* Wikipedia: <caption>, a citation inside a cell. */
    a = extract_file("wiki-languages.html");
    CHECK(a != NULL);
    if (a) {
        const struct aloud_block *head = block_with(a, "Year, Tickets");
        CHECK_STR(head ? head->caption : NULL, "Tickets sold");
        const struct aloud_block *row = block_with(a, "2020, 3,550");
        CHECK_CELLS(row, "2020|3,550");
        CHECK(cites_are(row, (const char *const[]){"3", NULL}));
        char *text = aloud_article_to_text(a);
        CHECK(strstr(text, "\nTickets sold\nYear, Tickets\n") != NULL);
        free(text);
        aloud_article_free(a);
    }
}

/* Tables for layout: no header cells, one column, cells of paragraphs,
 * role="presentation", tables in tables; a header given by scope only is
 * still a data table. */
static void test_layout_tables(void)
{
    struct aloud_article *a = extract_file("layout-tables.html");
    CHECK(a != NULL);
    if (!a)
        return;
    size_t rows = 0;
    for (size_t i = 0; i < a->n_blocks; i++)
        rows += a->blocks[i].kind == ALOUD_BLOCK_TABLE_ROW;
    CHECK(rows == 3);
    CHECK_CELLS(block_with(a, "Roof appeal"), "Roof appeal|\xc2\xa3" "1,240");
    CHECK(block_with(a, "Saturday vigil 6pm") != NULL); /* a row as a line */
    CHECK(block_with(a, "New voices are welcome") &&
          block_with(a, "New voices are welcome")->kind == ALOUD_BLOCK_PARAGRAPH);
    CHECK(block_with(a, "Parish office 01632 960 412") != NULL);
    CHECK(block_with(a, "inner a inner b") != NULL);
    aloud_article_free(a);
}

/* --- Code ----------------------------------------------------------------- */

static void test_code(void)
{
    struct aloud_article *a = extract_file("code-blocks.html");
    CHECK(a != NULL);
    if (a) {
        const struct aloud_block *py = block_with(a, "with open(path) as f:");
        CHECK(py && py->kind == ALOUD_BLOCK_CODE);
        CHECK_STR(py ? py->text : NULL,
                  "with open(path) as f: for line in f: handle(line.rstrip(\"\\n\"))");
        const struct aloud_block *js = block_with(a, "readline.createInterface");
        CHECK(js && js->kind == ALOUD_BLOCK_CODE);
        /* Rouge's line numbers are not code. */
        const struct aloud_block *rb = block_with(a, "each_line do |line|");
        CHECK(rb && rb->kind == ALOUD_BLOCK_CODE);
        CHECK_STR(rb ? rb->text : NULL, "File.open(path).each_line do |line| handle(line.chomp) end");
        const struct aloud_block *poem = block_with(a, "the night is longer");
        CHECK(poem && poem->kind == ALOUD_BLOCK_PREFORMATTED);
        aloud_article_free(a);
    }
    a = extract_file("hugo-goldmark.html");
    CHECK(a != NULL);
    if (a) {
        const struct aloud_block *go = block_with(a, "wait := base << attempt");
        CHECK(go && go->kind == ALOUD_BLOCK_CODE && !strncmp(go->text, "wait", 4));
        CHECK(block_with(a, "1 2 3") == NULL);
        aloud_article_free(a);
    }
    a = extract_file("pandoc-footnotes.html");
    CHECK(a != NULL);
    if (a) {
        const struct aloud_block *c = block_with(a, "spraints >= 1");
        CHECK(c && c->kind == ALOUD_BLOCK_CODE);
        aloud_article_free(a);
    }
}

/* --- Languages ------------------------------------------------------------ */

static void test_languages(void)
{
    struct aloud_article *a = extract_file("wiki-languages.html");
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK_STR(a->language, "en");
    const struct aloud_block *p = block_with(a, "The Vienna Philharmonic Ball (");
    CHECK(p && !p->lang);
    CHECK_SPAN(p, "de", "Ball der Wiener Philharmoniker");
    CHECK(p && p->n_spans == 2);
    /* <i lang>, <q lang>, and white space squeezed inside a span
     * ("Musica&nbsp;  nobilitat"). */
    const struct aloud_block *q = block_with(a, "Alles Walzer!");
    CHECK_SPAN(q, "fr", "F\xc3\xa4" "cherpolonaise");
    CHECK_SPAN(q, "de", "Alles Walzer!");
    CHECK_SPAN(q, "la", "Musica nobilitat");
    /* A quotation in German, a paragraph in French (xml:lang too). */
    const struct aloud_block *quote = block_with(a, "Ein Ball ist ein Fest");
    CHECK_STR(quote ? quote->lang : NULL, "de");
    CHECK(quote && !quote->n_spans);
    CHECK_STR(block_with(a, "Le bal est") ? block_with(a, "Le bal est")->lang : NULL, "fr");
    CHECK(block_with(a, "Attendance") && !block_with(a, "Attendance")->lang);
    aloud_article_free(a);

    /* A span with spaces inside and around; nested languages; a whole
     * paragraph in a span is the paragraph's language. */
    a = extract("<html lang='en-GB'><body><article><p>He said <span lang='de'>  guten\n"
                "  Tag </span>and left, a tale retold many times over by the people of the "
                "village.</p><p>Then <i lang='fr'>il a dit <b lang='en'>hello</b> encore</i>."
                " That was all anyone heard from him that long winter in the hills.</p>"
                "<p><span lang='es'>Todo el p\xc3\xa1rrafo est\xc3\xa1 en espa\xc3\xb1ol, de "
                "principio a fin, sin excepci\xc3\xb3n alguna.</span></p>"
                "<p lang='en'>Same language: no language of its own.</p>"
                "<p lang='en-US'>Another variety of it: its own.</p>"
                "</article></body></html>");
    CHECK(a != NULL);
    if (!a)
        return;
    p = block_with(a, "He said guten Tag and left");
    CHECK_SPAN(p, "de", "guten Tag");
    p = block_with(a, "Then il a dit hello encore.");
    CHECK(p && p->n_spans == 2);
    CHECK_SPAN(p, "fr", "il a dit");
    if (p && p->n_spans == 2)
        CHECK_STR(p->text + p->spans[1].start, "encore. That was all anyone heard from him that "
                                               "long winter in the hills.");
    p = block_with(a, "Todo el");
    CHECK_STR(p ? p->lang : NULL, "es");
    CHECK(p && !p->n_spans);
    CHECK(block_with(a, "Same language") && !block_with(a, "Same language")->lang);
    CHECK_STR(block_with(a, "Another variety") ? block_with(a, "Another variety")->lang : NULL,
              "en-US");
    aloud_article_free(a);
}

/* A page that declares no language gets its text's; blocks in that
 * language need none of their own. */
static void test_guessed_language(void)
{
    struct aloud_article *a = extract(
        "<html><body><article><p lang='fr'>Le conseil municipal a vot\xc3\xa9 mardi soir le "
        "maintien de la biblioth\xc3\xa8que, apr\xc3\xa8s une campagne men\xc3\xa9" "e par les "
        "lecteurs, les enseignants et les parents pendant presque toute l'ann\xc3\xa9" "e.</p>"
        "<p>Le vote a \xc3\xa9t\xc3\xa9 serr\xc3\xa9, et les horaires seront r\xc3\xa9" "duits, "
        "mais les portes restent ouvertes \xc3\xa0 tous les habitants de la commune.</p>"
        "</article></body></html>");
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->language, "fr");
        CHECK(a->n_blocks == 2 && !a->blocks[0].lang);
        aloud_article_free(a);
    }
}

/* --- What a browser never shows ------------------------------------------- */

static void test_hidden_markup(void)
{
    struct aloud_article *a = extract_file("hidden-markup.html");
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK(nowhere(a, "CDATA"));
    CHECK(nowhere(a, "ignored cdata"));
    CHECK(nowhere(a, "x-cms"));
    CHECK(nowhere(a, "3>"));
    CHECK(nowhere(a, "cms:counter"));
    CHECK(nowhere(a, "stylesheet"));
    CHECK(nowhere(a, "hidden icon title"));
    CHECK(nowhere(a, "keeps its text"));
    CHECK(block_with(a, "the year before. Licences last twelve months, and most") != NULL);
    CHECK(block_with(a, "forty-one times and the committee refused six.") != NULL);
    CHECK(block_with(a, "every month. It lists each licence with its hours, its conditions") != NULL);
    CHECK(block_with(a, "An empty comment leaves the rest of the sentence, as browsers do. "
                        "Nothing more is hidden.") != NULL);
    aloud_article_free(a);
}

int main(void)
{
    test_notes_pandoc();
    test_notes_kramdown_hugo_github();
    test_notes_wordpress_epub();
    test_notes_wikipedia();
    test_not_notes();
    test_data_tables();
    test_layout_tables();
    test_code();
    test_languages();
    test_guessed_language();
    test_hidden_markup();
    test_list_of_posts();
    test_teaser_list();
    test_marked_article_body();
    test_blocks_and_metadata();
    test_windows_1252_undeclared();
    test_nothing_to_read();
    return check_done();
}
