/* Tests of how the HTML stage finds the article on pages shaped the ways
 * issue 14 names (docs/extraction.md, "Finding the article"), each on a
 * small page of its own: a body split into sibling boxes, a comment thread
 * longer than the post, a blog's archive beside a short post, a short page
 * that is still an article, an index page that is not; and metadata that
 * must not be trusted as it stands (a "Sign In" byline, a desk, a logo for
 * a headline, a date only the page's text gives). */
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

static int body_has(const struct aloud_article *a, const char *needle)
{
    for (size_t i = 0; i < a->n_blocks; i++) {
        if (strstr(a->blocks[i].text, needle))
            return 1;
    }
    return 0;
}

static const char *const prose[] = {
    "The river rose by two metres overnight, and by morning the lower town was under water, "
    "its streets turned into canals that the fire brigade crossed in rubber boats.",
    "Residents had been warned on Sunday, but many stayed, trusting the new dyke that was "
    "finished last spring, at a cost the council still argues about, to hold the water back.",
    "By noon the mayor had opened the school gym as a shelter, and volunteers were handing out "
    "blankets, tea and sandwiches to families who had left with little more than their coats.",
    "Engineers say the dyke held, and that the water came in through the old drains, which "
    "nobody had closed; the council will ask how that happened at its next meeting.",
};

/* The body split in two boxes by an inline sign-up box: both halves are
 * read, the box between them and the footer after them are not. */
static void test_sibling_merging(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='wrap'><h1>Flood</h1>"
                     "<div class='text-block'><p>%s</p><p>%s</p></div>"
                     "<div class='inline-box'><a href='/a'>Get our morning briefing</a> "
                     "<a href='/b'>every day</a></div>"
                     "<h2>The shelter</h2>"
                     "<div class='text-block'><p>%s</p><p>%s</p></div>"
                     "<ul class='links'><li><a href='/1'>Home</a></li><li><a href='/2'>"
                     "Weather</a></li><li><a href='/3'>Sport pages</a></li></ul>"
                     "<div class='legal'>Our town paper, printed on recycled paper since "
                     "1952, every weekday except holidays.</div>"
                     "</div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "The shelter"));
        CHECK(body_has(a, "Engineers say the dyke held"));
        CHECK(!body_has(a, "morning briefing"));
        CHECK(!body_has(a, "recycled paper"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A card that leads to another story (picture, kicker, title and a
 * summary of 200 characters, all in one link) between two parts of the
 * text, each part at its own depth, is left out, and the text before it is
 * still read. */
static void test_card_between_parts(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><div class='part'><p>%s</p><p>%s</p></div>"
                     "<div class='item'><div class='card'><a href='/other'><img src='x.jpg'>"
                     "<span>Sponsored</span><h3>What the baker does when the oven breaks down"
                     "</h3><p>Every baker knows the morning when nothing works, the dough rises "
                     "too fast and the oven will not heat; here is how three of them saved the "
                     "day's bread and their customers' breakfasts, with the tricks each of them "
                     "learnt from the old master.</p></a></div></div><div class='item'><div "
                     "class='content'><div class='part'><p>%s</p><p>%s</p><p>The council will "
                     "meet again on Thursday, and the mayor has promised that the drains will "
                     "be checked, one by one, before the autumn rains begin.</p></div></div>"
                     "</div></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "Residents had been warned"));
        CHECK(body_has(a, "drains will be checked"));
        CHECK(!body_has(a, "Every baker knows"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A page builder's sections (section > row > column > module), each row
 * of two columns and a section of two rows, one section a list of the
 * text's own without links: every section is read, however deep its
 * boxes, and the footer after them is not. */
static void test_builder_sections(void)
{
    static const char *const open = "<div class='pb-section'><div class='pb-row'><div "
                                    "class='pb-col'><div class='pb-module'>";
    static const char *const next_col = "</div></div><div class='pb-col'><div class='pb-module'>";
    static const char *const next_row = "</div></div></div><div class='pb-row'><div "
                                        "class='pb-col'><div class='pb-module'>";
    static const char *const close = "</div></div></div></div>";
    struct aloud_buf page = {0};
    aloud_buf_printf(
        &page,
        "<html><body><div class='site'>%s<p>%s</p><p>%s</p>%s<p>%s</p>%s<p>%s</p><p>The "
        "clean-up will take weeks.</p>%s",
        open, prose[0], prose[1], next_col, prose[2], next_row, prose[3], close);
    aloud_buf_printf(&page,
                     "%s<h3>What the licences mean</h3><ul><li>Attribution: name the "
                     "author of the work wherever it is shown.</li><li>Share alike: "
                     "pass the work on under the same licence, no other.</li><li>No "
                     "derivatives: the work is passed on unchanged, as a whole, never "
                     "cut or edited.</li><li>Non commercial: nobody may sell the work "
                     "or use it in an advertisement.</li></ul>%s",
                     open, close);
    aloud_buf_printf(&page,
                     "%s<p>The licences were first published in December 2002, and "
                     "have been translated into more than sixty languages; millions of works, "
                     "from photographs to whole encyclopaedias, now carry one.</p>%s",
                     open, close);
    aloud_buf_puts(&page, "<div class='pb-section'><div class='pb-row'><p><a href='/imprint'>"
                          "Imprint</a> <a href='/privacy'>Privacy</a> <a href='/contact'>"
                          "Contact</a> Designed by a theme shop</p></div></div>"
                          "</div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "Engineers say"));
        CHECK(body_has(a, "Share alike"));
        CHECK(body_has(a, "first published in December"));
        CHECK(!body_has(a, "Designed by"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* The page's furniture inside the article's box, after it: a heading
 * that opens more of the site's pages, or asks for a subscription, ends
 * the article near its end; the same words early on are a subheading. */
static void test_tail_heading(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><h2>More water than in 1954"
                     "</h2><p>%s</p><p>%s</p><p>%s</p><h3>Weitere Reportagen aus der "
                     "Region</h3><p>Klicke dich durch die Geschichten unserer Leser.</p>"
                     "</div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "More water than"));
        CHECK(body_has(a, "Engineers say"));
        CHECK(!body_has(a, "Weitere Reportagen"));
        CHECK(!body_has(a, "Klicke dich"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A "see also" line in capitals with accented letters is a "see also"
 * line: capitals are folded beyond ASCII (Latin-1, Latin Extended-A); so
 * is one without a colon after its opening words. */
static void test_capital_see_also(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>VEA TAMBIÉN: Otra noticia "
                     "del día</p><p>%s</p><p>Lesen Sie auch die folgenden Beiträge:</p><p>"
                     "%s</p><p>Siehe auch Der Deich von 1954</p><p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Residents had been warned"));
        CHECK(!body_has(a, "Otra noticia"));
        CHECK(!body_has(a, "Lesen Sie auch"));
        CHECK(!body_has(a, "Siehe auch"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A caption that ends on its picture's credit, a "print" link in Polish,
 * a label with a remark in brackets and a labelled byline at the end are
 * not the article. */
static void test_caption_and_labels(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>The old mill by the river, "
                     "flooded to its first floor. Foto &copy; Anna Berg</p><p>%s</p><p>%s</p>"
                     "<p>drukuj</p><p>Keine Kommentare (Kommentare erscheinen erst nach "
                     "Freigabe)</p><p>Verfasst von: Redaktion | 31. Dezember 2008</p></div></body>"
                     "</html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "By noon the mayor"));
        CHECK(!body_has(a, "old mill"));
        CHECK(!body_has(a, "drukuj"));
        CHECK(!body_has(a, "Keine Kommentare"));
        CHECK(!body_has(a, "Verfasst von"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* Captions whose credit is a copyright sign with no label before it, or
 * sources joined by a slash in brackets, are not the article; a party's
 * name in brackets at the end of a sentence is. */
static void test_caption_credits(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>The cabinet at its retreat in "
                     "January&copy; Bundesregierung/Steffen Kugler</p><p>%s</p><p>A stoat in "
                     "its winter coat. (mlharing / iStock.com)</p><p>The emergency fund was "
                     "doubled with the votes of the opposition (CDU/CSU).</p><p>%s</p><p>The "
                     "volunteers at the gym. (Quelle: Hume/Unsplash)</p></div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Residents had been warned"));
        CHECK(body_has(a, "(CDU/CSU)"));
        CHECK(!body_has(a, "cabinet at its retreat"));
        CHECK(!body_has(a, "A stoat"));
        CHECK(!body_has(a, "volunteers at the gym"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* An article does not end on a heading or a label: the heading of a
 * list of links that was cut, and a short line without a sentence, go;
 * a heading with its text and a short sentence at the end stay. */
static void test_orphan_ends(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><h2>The shelter</h2><p>%s</p>"
                     "<p>%s</p><p>Stay safe.</p><h3>Participating blogs:</h3><p>Further "
                     "link</p></div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The shelter"));
        CHECK(body_has(a, "Stay safe."));
        CHECK(!body_has(a, "Participating blogs"));
        CHECK(!body_has(a, "Further link"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A caption that says who stands where in the picture is not the
 * article, in a paragraph or a <figcaption>; brackets that say something
 * else are. */
static void test_picture_places(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>Maria Tillessen (l.) and Ana "
                     "Berg with the mayor at the gym</p><p>%s</p><figure><img src='a.jpg'>"
                     "<figcaption>The new dyke (left) and the old one (right)</figcaption>"
                     "</figure><p>%s</p><p>The council (all 31 members) met at six.</p></div>"
                     "</body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "By noon the mayor"));
        CHECK(body_has(a, "all 31 members"));
        CHECK(!body_has(a, "Tillessen"));
        CHECK(!body_has(a, "The new dyke"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A caption of a few words that is no sentence names a product in a
 * shop's widget or a picture's source; a caption that is a sentence, or
 * a longer description, stays. */
static void test_name_captions(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><figure><img src='a.jpg'>"
                     "<figcaption>Forest Dry Food</figcaption></figure><p>%s</p><figure>"
                     "<img src='b.jpg'><figcaption>WITTERS</figcaption></figure><p>%s</p>"
                     "<figure><img src='c.jpg'><figcaption>Boats on Main Street at "
                     "dawn</figcaption></figure><figure><img src='d.jpg'><figcaption>It "
                     "held.</figcaption></figure><p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Engineers say"));
        CHECK(body_has(a, "Boats on Main Street"));
        CHECK(body_has(a, "It held."));
        CHECK(!body_has(a, "Forest Dry Food"));
        CHECK(!body_has(a, "WITTERS"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* Text the page marks as not for search engines' index is not the
 * article, even when the marks open and close in different elements;
 * "googleoff: anchor" concerns links only. */
static void test_googleoff(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><!--googleoff: index--><div "
                     "class='img'><div class='cap'>The water of the brooks is best boiled."
                     "</div></div><!--googleon: index--><p>%s</p><div><!--googleoff: all-->"
                     "<p>Most read this week: the fair, the fire, the flood.</p></div><p>%s"
                     "<!--googleon: all--></p><p><!--googleoff: anchor-->%s<!--googleon: "
                     "anchor--></p></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Residents had been warned"));
        CHECK(body_has(a, "Engineers say"));
        CHECK(!body_has(a, "brooks"));
        CHECK(!body_has(a, "Most read"));
        CHECK(!body_has(a, "By noon the mayor"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* The lead above the article's box, or in the header that goes with the
 * headline, is the page's description written out: it is read first. A
 * teaser of the same words after the article is not. */
static void test_lead_above_box(void)
{
    struct aloud_buf page = {0};
    const char *lead = "The river rose by two metres in one night and flooded the lower town.";
    aloud_buf_printf(&page,
                     "<html><head><title>Flood</title><meta name='description' content='%s'>"
                     "</head><body><div class='top'><h1>Flood in the lower town</h1><div "
                     "class='intro'>%s</div></div><div class='story'><p>%s</p><p>%s</p><p>%s"
                     "</p></div></body></html>",
                     lead, lead, prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(a->n_blocks == 4);
        CHECK(a->n_blocks && strstr(a->blocks[0].text, "two metres in one night"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
    aloud_buf_printf(&page,
                     "<html><head><title>Flood</title><meta property='og:description' "
                     "content='%s...'></head><body><article><header><h1>Flood in the lower "
                     "town</h1><p>%s</p></header><p>%s</p><p>%s</p></article><div class='more'>"
                     "<p>%s</p></div></body></html>",
                     "The river rose by two metres in one night", lead, prose[1], prose[2],
                     "The river rose by two metres: read the story of last year's flood.");
    a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "two metres in one night"));
        CHECK(!body_has(a, "last year's flood"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
    /* A paragraph of the class "lead" above the box is the lead too. */
    aloud_buf_printf(
        &page,
        "<html><body><div class='hero'><h1>Flood in the lower town</h1><p "
        "class='text-muted lead'>%s Here is what we know so far, and what we do not.</p></div><div "
        "class='story'><p>%s</p><p>%s</p><p>%s</p></div></body></html>",
        lead, prose[1], prose[2], prose[3]);
    a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(a->n_blocks && strstr(a->blocks[0].text, "what we know so far"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
    /* The same words as the headline's deck, a heading, are no lead. */
    aloud_buf_printf(&page,
                     "<html><head><meta name='description' content='%s'></head><body><div>"
                     "<h1>Flood in the lower town</h1><h2>%s</h2></div><div class='story'><p>%s"
                     "</p><p>%s</p><p>%s</p></div></body></html>",
                     lead, lead, prose[1], prose[2], prose[3]);
    a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(!body_has(a, "two metres in one night"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A notice of advertising or affiliate links written as prose inside
 * the article's box is the publisher's, not the article. */
static void test_disclosures(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>*Werbung. Dieser Beitrag enthält "
                     "Werbung für eine Firma.</p><p>%s</p><p>%s</p><p>We recommend the best "
                     "boats through an independent review. We may receive compensation if you "
                     "visit partners we recommend.</p><p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Residents had been warned"));
        CHECK(!body_has(a, "Werbung"));
        CHECK(!body_has(a, "We recommend"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A short line where the publisher points to its own channels is not
 * the article; a sentence about someone else's channel is. */
static void test_own_channels(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>The mayor's office posted "
                     "the map on its YouTube channel.</p><p>%s</p><p>%s</p><p>¡Mira lo que "
                     "tiene nuestro canal de YouTube!</p></div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "its YouTube channel"));
        CHECK(!body_has(a, "nuestro canal"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A contact's line (an e-mail address and a telephone number after its
 * label) is not the article; a sentence with a year and an address is. */
static void test_contact_line(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>%s</p><p>Readers wrote to "
                     "floods@example.org about the telephone lines cut in 1954.</p><p>%s</p>"
                     "<p>Felix Losada E-Mail: press@example.org Telefon: +49 40 300 30 1141</p>"
                     "<p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Readers wrote"));
        CHECK(!body_has(a, "Felix Losada"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A heading followed at once by one of a higher rank heads nothing (the
 * box whose links were cut); a heading followed by a subheading does. */
static void test_empty_section(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><h4>More ways to enjoy the "
                     "river</h4><h3>The shelter</h3><p>%s</p><h2>The dyke</h2><h3>What the "
                     "engineers say</h3><p>%s</p><p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The shelter"));
        CHECK(body_has(a, "The dyke"));
        CHECK(body_has(a, "What the engineers say"));
        CHECK(!body_has(a, "More ways"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A line that is only a date is not the article when its day is an
 * ordinal ("Jun 18th 2018"); a sentence with one is. */
static void test_ordinal_date(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>Jun 18th 2018</p><p>%s</p><p>On the "
                     "18th the river crested.</p><p>%s</p><p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "On the 18th"));
        CHECK(!body_has(a, "Jun 18th 2018"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A label after a date and time written in figures ("24.01.2022 11:38
 * Kategorie: News") is the page's furniture; a sentence that opens with a
 * date is the article. */
static void test_dated_label(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>24.01.2022 11:38 Kategorie: News</p>"
                     "<p>%s</p><p>%s</p><p>24.01.2022: the river crested at noon.</p><p>%s</p>"
                     "</div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "the river crested at noon"));
        CHECK(!body_has(a, "Kategorie"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A link that reads on, in square brackets at the end of a paragraph
 * ("[czytaj więcej]", "[mehr]"), is cut; other brackets stay. */
static void test_bracketed_more(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>%s</p><p>The council met "
                     "on Monday. <a href='/more'>[czytaj więcej]</a></p><p>The dyke held "
                     "[see map]</p><p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The council met on Monday."));
        CHECK(!body_has(a, "więcej"));
        CHECK(body_has(a, "[see map]"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A download button's words ("Dieses Skript als PDF herunterladen") are
 * not the article; a sentence about a download is. */
static void test_download_line(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>Dieses "
                     "Skript als PDF herunterladen</p><p>%s</p><p>The council let residents "
                     "download the flood map.</p><p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "download the flood map"));
        CHECK(!body_has(a, "herunterladen"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A picture's credit without brackets, sources joined by a slash with a
 * web address after it ("Judy Eddy/WENN.com"), is not the article; a
 * short line that names a web address is. */
static void test_slash_credit(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>Judy Eddy/WENN.com</p>"
                     "<p>%s</p><p>Flood maps at river.org and on paper</p><p>%s</p></div>"
                     "</body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Flood maps at river.org"));
        CHECK(!body_has(a, "WENN.com"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* Short lines with no sentence above the paragraph that reads as the
 * page's description are the header's furniture (a section, a date,
 * contributors' names); below it they are the article's. */
static void test_above_lead(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><head><meta name='description' content='%s'></head><body>"
                     "<div class='story'><p>Analyses</p><p>Anna Berg, Piotr Nowak</p>"
                     "<p>%s</p><p>%s</p><p>The new dyke</p><p>%s</p></div></body></html>",
                     prose[0], prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "The new dyke"));
        CHECK(!body_has(a, "Analyses"));
        CHECK(!body_has(a, "Piotr Nowak"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A short post under a thread of comments that is longer than it, with no
 * class or id that names comments: the post is read, the thread never. */
static void test_comment_thread(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='main'><div class='entry'><p>%s</p><p>%s</p>"
                     "</div><ol class='list'>",
                     prose[0], prose[1]);
    for (int i = 0; i < 6; i++)
        aloud_buf_printf(&page,
                         "<li><div class='meta'><span class='fn'>Reader %c</span> "
                         "<time datetime='2024-03-0%d'>March %d</time></div>"
                         "<p>I live by the river too, and this is the third time in ten "
                         "years, and every time they say, again and again, that it will "
                         "never happen again, and every time it does, comment %d.</p>"
                         "<a href='?replytocom=%d'>Reply</a></li>",
                         'A' + i, i + 1, i + 1, i, i);
    aloud_buf_puts(&page, "</ol></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(!body_has(a, "third time in ten years"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A blog's archive (each item a headline link and a short teaser) beside a
 * short post: the post is read, not the archive. */
static void test_archive_beside_short_post(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='site'><div class='post'><p>%s</p></div>"
                     "<div class='older'>",
                     prose[2]);
    for (int i = 0; i < 6; i++)
        aloud_buf_printf(&page,
                         "<div class='item'><h2><a href='/post-%d'>An older post about "
                         "the garden, part %d</a></h2><p>We planted beans, peas, "
                         "carrots, onions, and, after a long debate, tomatoes, again, "
                         "in the corner by the wall, part %d.</p></div>",
                         i, i, i);
    aloud_buf_puts(&page, "</div></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "By noon the mayor"));
        CHECK(!body_has(a, "We planted beans"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A short about page is read and is an article; an index page of teasers
 * is read whole and is not. */
static void test_short_page_and_index(void)
{
    const char *about = "<html><body><div><h1>About us</h1><p>We are a small bakery in the "
                        "old town, baking bread, rolls and cakes by hand since 1988, with flour "
                        "from the mill down the river and butter from the farm up the hill. "
                        "Our shop opens at six every morning but Sunday, and on Saturdays we "
                        "bake the plaited loaves the whole town queues for.</p><p>Come and see "
                        "us, taste the bread, and ask us anything about how it is made: we "
                        "like nothing better than to talk about flour, water, salt and time.</p>"
                        "</div></body></html>";
    struct aloud_article *a = extract(about);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "small bakery"));
        CHECK(!a->not_article);
        aloud_article_free(a);
    }
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><body><div class='list'>");
    for (int i = 0; i < 8; i++)
        aloud_buf_printf(&page,
                         "<div class='item'><h2><a href='/n/%d'>News item number %d of "
                         "the week</a></h2><p>A short teaser of the item.</p></div>",
                         i, i);
    aloud_buf_puts(&page, "</div></body></html>");
    char *err = NULL;
    a = NULL;
    int rc = aloud_html_extract(page.data, page.len, "index.html", &a, &err);
    /* Either read and marked, or refused as mostly links. */
    CHECK((rc == 0 && a && a->not_article) || (rc < 0 && err && strstr(err, "not an article")));
    aloud_article_free(a);
    free(err);
    aloud_buf_free(&page);
}

/* Bylines that are labels, desks or organisations are no authors; a logo
 * in an <h1> is no headline; a date written on the page is the date when
 * the metadata has none. */
static void test_metadata_sanity(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><head><title>Flood in the lower town - Town Paper</title>"
                     "<meta name='author' content='Sign In'></head><body>"
                     "<h1 class='site-title'><a href='/'>Town Paper</a></h1>"
                     "<div class='story'><span class='published'>Published on 18 "
                     "November 2019</span><p>%s</p><p>%s</p><p>%s</p></div>"
                     "</body></html>",
                     prose[0], prose[1], prose[2]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->title, "Flood in the lower town");
        CHECK(a->n_authors == 0);
        CHECK_STR(a->date, "2019-11-18");
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
    const char *desk = "<html><head><title>Chips</title><meta name='author' content='Tech "
                       "Industry'></head><body><p>The chip maker said on Monday that it would "
                       "build a second plant, with a thousand jobs, near the port.</p></body>"
                       "</html>";
    a = extract(desk);
    CHECK(a != NULL);
    if (a) {
        CHECK(a->n_authors == 0);
        CHECK_STR(a->title, "Chips");
        aloud_article_free(a);
    }
    const char *empty_h1 = "<html><head><title>A title | Site</title><meta property='og:title' "
                           "content='The real headline'></head><body><h1> </h1><p>Some text "
                           "here, long enough to be read as a paragraph of the page.</p></body>"
                           "</html>";
    a = extract(empty_h1);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->title, "The real headline");
        aloud_article_free(a);
    }
}

/* A long page in sections, each with its own heading above its body in
 * a wrapper of its own (a live page's entries, a report's chapters): the
 * longest section's body wins, and the other sections are read too; the
 * list of other stories after them is not. */
static void test_headed_sections(void)
{
    static const char *const open = "<section class='update'><header><h3>%s</h3></header>"
                                    "<div class='update-copy'>";
    static const char *const close = "</div></section>";
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><body><div class='page'><h1>Flood</h1><div class='updates'>");
    aloud_buf_printf(&page, open, "The water rises");
    aloud_buf_printf(&page, "<p>%s</p>%s", prose[0], close);
    aloud_buf_printf(&page, open, "The shelter");
    for (int i = 0; i < 3; i++)
        aloud_buf_printf(&page, "<p>%s</p><p>%s</p>", prose[1], prose[2]);
    aloud_buf_puts(&page, close);
    aloud_buf_printf(&page, open, "The drains");
    aloud_buf_printf(&page, "<p>%s</p>%s", prose[3], close);
    aloud_buf_puts(&page, "</div><ul class='more'><li><a href='/1'>Storm warning for the coast "
                          "tonight</a></li><li><a href='/2'>Dyke costs: the council "
                          "argues on</a></li></ul></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "By noon the mayor"));
        CHECK(body_has(a, "Engineers say"));
        CHECK(!body_has(a, "Storm warning"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A menu whose last item is left unclosed: the parser nests the rest of
 * the page, <main> and the article in it, into the <nav>. The article is
 * read (a menu never holds the page's main landmark), and a hidden
 * dialog with a <main> of its own (a league table) is still cut. */
static void test_unclosed_menu(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><header><nav class='menu'><ul><li><a href='/'>Home</a>"
                     "<div class='sub'><a href='/teams'>Teams</a></div></li><li><a "
                     "href='/news'>News</a><div class='sub'><a href='/archive'>Archive</a>"
                     "</header><main><article><h1>Flood</h1><p>%s</p><p>%s</p></article>"
                     "</main><div class='dialog' aria-hidden='true'><main><p>Table: first "
                     "place, the home side with forty points, ahead of the visitors by "
                     "two.</p></main></div></body></html>",
                     prose[0], prose[1]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "Residents had been warned"));
        CHECK(!body_has(a, "forty points"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A lead the page marks as the article's description (schema.org's
 * itemprop=description) above the article's box, apart from it (a
 * picture's box between them), in other words than the meta description:
 * it is read first. */
static void test_described_lead(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><head><meta name='description' content='Press release: the "
                     "lower town under water after a night of rain, and what comes next.'>"
                     "</head><body><div class='wrap'><h1>Flood</h1><div class='intro' "
                     "itemprop='description'><p>Within a single night the river rose by "
                     "two metres; the lower town woke to streets turned into canals.</p>"
                     "</div><aside class='picture'>The market square from the church "
                     "tower</aside><div class='story'><p>%s</p><p>%s</p><p>%s</p></div></div>"
                     "</body></html>",
                     prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(a->n_blocks > 0 && strstr(a->blocks[0].text, "Within a single night"));
        CHECK(body_has(a, "Engineers say"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A post built with Elementor, whose every part (its text too) sits in an
 * "elementor-widget": the text is read, and a sidebar's widget (a list
 * of recent posts) is still cut. */
static void test_builder_widgets(void)
{
    static const char *const open = "<div class='elementor-element elementor-widget "
                                    "elementor-widget-text-editor'><div "
                                    "class='elementor-widget-container'><div "
                                    "class='elementor-text-editor'><p>";
    static const char *const close = "</p></div></div></div>";
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><body><div class='site'><h1>Flood</h1><div class='elementor'>");
    for (int i = 0; i < 4; i++)
        aloud_buf_printf(&page, "%s%s%s", open, prose[i], close);
    aloud_buf_puts(&page, "</div><div class='widget widget_recent_entries'><h3>Recent "
                          "posts</h3><p>The old harbour and its cranes, a walk along the "
                          "quays on a Sunday morning, with pictures.</p></div></div>"
                          "</body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "Engineers say"));
        CHECK(!body_has(a, "old harbour"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* Short lines with no sentence above the headline (a kicker, a section's
 * name, "Blog") are the header's furniture, as those above the lead
 * are; a short line under the headline stays. */
static void test_above_headline(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><head><title>The town under water</title></head><body><div "
                     "class='story'><p class='kicker'>Weather and climate</p><h1>The town "
                     "under water</h1><p>Three days on the dyke</p><p>%s</p><p>%s</p>"
                     "<p>%s</p></div></body></html>",
                     prose[0], prose[1], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(!body_has(a, "Weather and climate"));
        CHECK(body_has(a, "Three days on the dyke"));
        CHECK(body_has(a, "The river rose"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* The authors of one page, as one string joined with "; " (owned). */
static char *authors_of(const char *author_meta, const char *byline)
{
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><head><title>Flood</title>");
    if (author_meta)
        aloud_buf_printf(&page, "<meta name='author' content='%s'>", author_meta);
    aloud_buf_puts(&page, "</head><body><div class='story'>");
    if (byline)
        aloud_buf_printf(&page, "<div class='byline'>%s</div>", byline);
    aloud_buf_printf(&page, "<p>%s</p><p>%s</p></div></body></html>", prose[0], prose[1]);
    struct aloud_article *a = extract(page.data);
    aloud_buf_free(&page);
    struct aloud_buf names = {0};
    aloud_buf_puts(&names, "");
    for (size_t i = 0; a && i < a->n_authors; i++)
        aloud_buf_printf(&names, "%s%s", i ? "; " : "", a->authors[i]);
    aloud_article_free(a);
    return aloud_buf_steal(&names);
}

/* Authors that are a content system's account, a desk, an organisation,
 * or a name with a label or a link's words around it. */
static void test_author_labels(void)
{
    static const struct {
        const char *meta, *byline, *want;
    } cases[] = {
        {"Super User", NULL, ""},
        {"Letters To The Editor", NULL, ""},
        {"Bayerische Landesanstalt für Wald und Forstwirtschaft", NULL, ""},
        {"Feuerwehr Oldenburg; Abteilung Wasserrettung", NULL, ""},
        {NULL, "Text und Interview: Jane Doe", "Jane Doe"},
        {NULL, "Jane Doe <a href='/search?author=jane'>Alle Artikel</a>", "Jane Doe"},
        {NULL, "Jane Doe <span>Stand: 05. Februar 2020</span>", "Jane Doe"},
        {NULL, "Jane Doe: Updated at noon", "Jane Doe"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = authors_of(cases[i].meta, cases[i].byline);
        CHECK_STR(got, cases[i].want);
        free(got);
    }
}

/* The title of a page with only a <title> beside its <h1>s (owned). */
static char *title_of(const char *head_title, const char *h1s)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><head><title>%s</title></head><body>%s<div class='story'>"
                     "<p>%s</p><p>%s</p></div></body></html>",
                     head_title, h1s, prose[0], prose[1]);
    struct aloud_article *a = extract(page.data);
    aloud_buf_free(&page);
    char *title = aloud_xstrdup(a && a->title ? a->title : "");
    aloud_article_free(a);
    return title;
}

/* Section names and greetings are no titles: a menu's <h1> above the
 * headline's, a home page's "Willkommen!", the heading of a box of
 * links; a lone <h1> that only <title> does not name is still the
 * headline (a small site's <title> is often its name). */
static void test_title_labels(void)
{
    static const struct {
        const char *title, *h1s, *want;
    } cases[] = {
        {"Flood in the lower town - Town Paper",
         "<h1 class='toggle'>Menu</h1><h1 class='entry-title'>Flood in the lower town</h1>",
         "Flood in the lower town"},
        {"Flood in the lower town - Town Paper", "<h1>Quicklinks</h1>", "Flood in the lower town"},
        {"Town Lawyers", "<h1>Willkommen!</h1>", "Town Lawyers"},
        {"Town Lawyers", "<h1>Welcome to our office</h1>", "Town Lawyers"},
        {"Town Paper", "<h1>Flood in the lower town</h1>", "Flood in the lower town"},
        {"Town Paper - News - Flood in the lower town", "<h1>Storm on the coast</h1><h1>News</h1>",
         "Storm on the coast"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = title_of(cases[i].title, cases[i].h1s);
        CHECK_STR(got, cases[i].want);
        free(got);
    }
}

/* A short post beside its blog's archive written as a list whose items
 * open on the older post's title and go on with its excerpt (the title a
 * quarter of the item): the archive is a list of teasers, and only the
 * post is read. */
static void test_archive_excerpts(void)
{
    static const char *const items[][2] = {
        {"A long walk through the hills of the north, in the rain",
         "We walked for three days through the hills, and it rained every one of them, yet we "
         "would go again tomorrow."},
        {"Bread baking for beginners, with a simple sourdough",
         "The first loaf was flat, the second was better, and by the fifth we had something "
         "worth sharing with the neighbours."},
        {"Our garden in September, tomatoes and all",
         "The tomatoes came late this year, but when they came, they came all at once, and we "
         "made sauce for a week."},
        {"Camping by the sea with two small children",
         "Sand in everything, a tent that leaked, and the best week of the summer, as the "
         "children keep telling us."},
    };
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><head><title>Short post - My Blog</title></head><body><div "
                          "id='main'><div class='post'><h1>Short post</h1><div "
                          "class='post-body'><p>We went to the lake on Sunday and the water "
                          "was colder than we thought, but the children swam anyway.</p><p>"
                          "Next week we try the river.</p></div></div><div id='archive'><h2>"
                          "Archive</h2><ul>");
    for (size_t i = 0; i < sizeof items / sizeof *items; i++)
        aloud_buf_printf(&page, "<li><a href='/2019/%zu'>%s</a> — %s</li>", i, items[i][0],
                         items[i][1]);
    aloud_buf_puts(&page, "</ul></div></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "We went to the lake"));
        CHECK(body_has(a, "Next week we try"));
        CHECK(!body_has(a, "Bread baking"));
        CHECK(!body_has(a, "Sand in everything"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A short page written whole in its <header> (a notice, a holding page)
 * is read, not "no article text found"; a header above other text still
 * leaves the body. */
static void test_page_in_header(void)
{
    const char *notice = "<html><head><title>Notice</title></head><body><header><h1>Notice"
                         "</h1><p>We are closed from the 24th of December to the 2nd of "
                         "January. Orders placed in that time will be sent on the 3rd.</p>"
                         "</header></body></html>";
    struct aloud_article *a = extract(notice);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "We are closed"));
        aloud_article_free(a);
    }
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><head><title>Flood</title></head><body><article><header><h1>"
                     "Flood</h1><p class='kicker'>Weather desk, Monday morning</p></header>"
                     "<p>%s</p><p>%s</p></article></body></html>",
                     prose[0], prose[1]);
    a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(!body_has(a, "Weather desk"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* The body split in two boxes by a small <aside> set into it (a pull
 * quote): both halves are read, the aside and the footer are not. */
static void test_aside_between_parts(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='wrap'><h1>Flood</h1><div class='text-block'>"
                     "<p>%s</p><p>%s</p></div><aside class='pullquote'><p>We trusted the "
                     "dyke, and the dyke held; it was the drains.</p></aside><div "
                     "class='text-block'><p>%s</p><p>%s</p></div><footer>Town paper since "
                     "1952, all rights reserved, printed on recycled paper every weekday."
                     "</footer></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "Engineers say the dyke held"));
        CHECK(!body_has(a, "recycled paper"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A short page wrapped whole in one <form> (ASP.NET's) is read, not "no
 * article text found"; a sign-up form beside an article still goes. */
static void test_page_in_form(void)
{
    const char *aspnet = "<html><head><title>Opening hours</title></head><body><form "
                         "method='post' action='./page.aspx' id='form1'><div><input "
                         "type='hidden' name='__VIEWSTATE' value='abc'></div><div "
                         "id='content'><h1>Opening hours</h1><p>Our shop is open Monday to "
                         "Friday from nine to six, and on Saturdays until one. Closed on "
                         "public holidays.</p></div></form></body></html>";
    struct aloud_article *a = extract(aspnet);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "Our shop is open"));
        aloud_article_free(a);
    }
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='story'><p>%s</p><p>%s</p><p>%s</p></div><form "
                     "action='/join'><p>Get the town's news every morning in your inbox, "
                     "free.</p><input name='email'></form></body></html>",
                     prose[0], prose[1], prose[2]);
    a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(!body_has(a, "every morning in your inbox"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* A flyout hidden from screen readers (aria-hidden) and left unclosed:
 * the parser nests the page's <main> and its article into it. The
 * article is read; a dialog's own <main> in the flyout (a league table),
 * hidden too, is not. */
static void test_unclosed_flyout(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><head><title>Flood</title></head><body><div class='flyout' "
                     "aria-hidden='true'><div class='flyout-inner'><a href='/t'>Table</a>"
                     "<div class='dialog' aria-hidden='true'><main><p>League table: the home "
                     "side first with forty points, ahead of the visitors by two points.</p>"
                     "</main></div><main><article><h1>Flood</h1><p>%s</p><p>%s</p></article>"
                     "</main></body></html>",
                     prose[0], prose[1]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(!body_has(a, "forty points"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* The body split in two boxes of the same kind by a box of other stories
 * with their summaries (over 200 characters, which would end the
 * stretch): the text goes on past it, so both halves are read, and the
 * box is not. */
static void test_box_of_stories_between(void)
{
    struct aloud_buf page = {0};
    aloud_buf_printf(&page,
                     "<html><body><div class='wrap'><h1>Flood</h1><div class='text-block'>"
                     "<p>%s</p><p>%s</p></div><div class='inline-box'><h4>Also on this</h4>"
                     "<div><a href='/a'>Storm warning for the coast tonight, say "
                     "forecasters</a><p>The weather service expects gusts of up to 120 km/h "
                     "along the coast after dark.</p></div><div><a href='/b'>Dyke costs: the "
                     "council argues on about the bill</a><p>Three parties want an inquiry "
                     "into how the money was spent last spring.</p></div></div><div "
                     "class='text-block'><p>%s</p><p>%s</p></div><footer>Town paper since "
                     "1952, all rights reserved, printed on recycled paper every weekday."
                     "</footer></div></body></html>",
                     prose[0], prose[1], prose[2], prose[3]);
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "The river rose"));
        CHECK(body_has(a, "Engineers say the dyke held"));
        CHECK(!body_has(a, "Storm warning"));
        CHECK(!body_has(a, "recycled paper"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

/* Readers' comments whose authors are in <b> and whose times are plain
 * lines of text ("March 3, 2020 at 10:14 am"), each with a reply link:
 * still a thread, cut, though it is longer than the post. */
static void test_plain_comment_thread(void)
{
    static const char *const texts[] = {
        "What a lovely day that must have been! We were at the same lake last year in August and "
        "it was just as cold, but the children did not care at all, and neither did we.",
        "The river is much warmer in my experience, especially near the old mill where the water "
        "is shallow. Take sandwiches, there is nothing to buy out there, not even water.",
        "We tried the river last summer and the current was stronger than it looked, so please "
        "keep an eye on the little ones near the bend. Otherwise a wonderful place.",
        "Cold water is good for you, my grandmother swam in that lake every morning until she "
        "was ninety, and she never caught a cold in her life, or so she told us.",
    };
    struct aloud_buf page = {0};
    aloud_buf_puts(&page, "<html><head><title>Lake - My Blog</title></head><body><div "
                          "class='main'><div class='post'><h1>Lake</h1><p>We went to the lake "
                          "on Sunday and the water was colder than we thought, but the "
                          "children swam anyway.</p><p>Next week we try the river, if the "
                          "weather holds and the car starts.</p></div><div "
                          "class='responses'><h3>4 Responses</h3>");
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        aloud_buf_printf(&page,
                         "<div class='c'><div class='c-head'><b>Reader %zu</b> <span>March "
                         "%zu, 2020 at 10:14 am</span></div><p>%s</p><a href='#respond' "
                         "class='c-reply'>Reply</a></div>",
                         i, i + 2, texts[i]);
    aloud_buf_puts(&page, "</div></div></body></html>");
    struct aloud_article *a = extract(page.data);
    CHECK(a != NULL);
    if (a) {
        CHECK(body_has(a, "We went to the lake"));
        CHECK(!body_has(a, "grandmother swam"));
        CHECK(!body_has(a, "lovely day"));
        aloud_article_free(a);
    }
    aloud_buf_free(&page);
}

int main(void)
{
    test_sibling_merging();
    test_card_between_parts();
    test_aside_between_parts();
    test_box_of_stories_between();
    test_builder_sections();
    test_headed_sections();
    test_builder_widgets();
    test_tail_heading();
    test_capital_see_also();
    test_caption_and_labels();
    test_caption_credits();
    test_orphan_ends();
    test_picture_places();
    test_name_captions();
    test_googleoff();
    test_lead_above_box();
    test_disclosures();
    test_own_channels();
    test_contact_line();
    test_empty_section();
    test_ordinal_date();
    test_dated_label();
    test_bracketed_more();
    test_download_line();
    test_slash_credit();
    test_above_lead();
    test_above_headline();
    test_described_lead();
    test_comment_thread();
    test_plain_comment_thread();
    test_archive_beside_short_post();
    test_archive_excerpts();
    test_short_page_and_index();
    test_page_in_header();
    test_page_in_form();
    test_unclosed_menu();
    test_unclosed_flyout();
    test_metadata_sanity();
    test_author_labels();
    test_title_labels();
    return check_done();
}
