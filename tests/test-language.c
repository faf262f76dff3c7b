/* Tests of the language module: the guess for texts long enough to tell,
 * no guess for short ones, an article's guess from its blocks, and which
 * tags name the same language. */
#include <errno.h>
#include <string.h>

#include "aloud/language.h"
#include "check.h"

static void check_guess(const char *text, const char *want)
{
    char tag[ALOUD_LANGUAGE_TAG_MAX];
    int rc = aloud_language_guess(text, strlen(text), tag);
    CHECK(rc == 0);
    CHECK_STR(rc == 0 ? tag : NULL, want);
}

static void test_guess(void)
{
    check_guess("The council voted on Tuesday to keep the library open, after a campaign by "
                "readers, teachers and parents that lasted most of the year.",
                "en");
    check_guess("Весной мы наконец перенесли архив редакции на новый сервер. Старый работал "
                "без перерыва одиннадцать лет.",
                "ru");
    check_guess("Der Gemeinderat hat am Dienstag beschlossen, die Bibliothek offen zu halten, "
                "nach einer Kampagne von Lesern, Lehrern und Eltern.",
                "de");
    check_guess("Le conseil municipal a voté mardi le maintien de la bibliothèque, après une "
                "campagne menée par les lecteurs et les parents.",
                "fr");
    /* Under ALOUD_LANGUAGE_MIN_BYTES: no guess. */
    char tag[ALOUD_LANGUAGE_TAG_MAX] = "x";
    CHECK(aloud_language_guess("Guten Tag, wie geht es Ihnen?", 29, tag) == -ENODATA);
    CHECK(tag[0] == '\0');
    CHECK(aloud_language_guess(NULL, 0, tag) == -ENODATA);
}

static void test_article(void)
{
    /* Short paragraphs, but headings and list items enough to tell. */
    struct aloud_article *a = aloud_article_new();
    aloud_article_add_block(a, ALOUD_BLOCK_HEADING, "Die wichtigsten Ergebnisse der Umfrage");
    aloud_article_add_block(a, ALOUD_BLOCK_PARAGRAPH, "Kurz gesagt:");
    aloud_article_add_block(a, ALOUD_BLOCK_LIST_ITEM,
                            "Die meisten Befragten fahren mit dem Fahrrad zur Arbeit");
    aloud_article_add_block(a, ALOUD_BLOCK_LIST_ITEM,
                            "Fast alle wünschen sich mehr sichere Radwege in der Stadt");
    aloud_article_add_block(a, ALOUD_BLOCK_CODE, "for (int i = 0; i < n; i++) sum += x[i];");
    aloud_language_guess_article(a);
    CHECK_STR(a->language, "de");
    aloud_article_free(a);

    /* A declared language is kept; too little text leaves none. */
    a = aloud_article_new();
    aloud_article_set(&a->language, "pt-BR");
    aloud_article_add_block(a, ALOUD_BLOCK_PARAGRAPH, "Whatever the text says.");
    aloud_language_guess_article(a);
    CHECK_STR(a->language, "pt-BR");
    aloud_article_free(a);
    a = aloud_article_new();
    aloud_article_add_block(a, ALOUD_BLOCK_PARAGRAPH, "Too short.");
    aloud_language_guess_article(a);
    CHECK(a->language == NULL);
    aloud_article_free(a);
}

static void test_same(void)
{
    CHECK(aloud_language_same("en", "en"));
    CHECK(aloud_language_same("EN-us", "en-US"));
    CHECK(aloud_language_same("en", "en-GB"));
    CHECK(aloud_language_same("de-CH", "de"));
    CHECK(!aloud_language_same("en-US", "en-GB"));
    CHECK(!aloud_language_same("en", "eng"));
    CHECK(!aloud_language_same("de", "fr"));
    CHECK(!aloud_language_same(NULL, "en"));
    CHECK(!aloud_language_same("", ""));
}

static void test_direction(void)
{
    CHECK(aloud_language_primary_is("en-GB", "en"));
    CHECK(!aloud_language_primary_is("eng", "en"));
    CHECK(!aloud_language_primary_is(NULL, "en"));
    CHECK(aloud_language_is_rtl("ar"));
    CHECK(aloud_language_is_rtl("he-IL"));
    CHECK(aloud_language_is_rtl("az-Arab"));    /* by its script */
    CHECK(!aloud_language_is_rtl("ar-Latn"));   /* a script says otherwise */
    CHECK(!aloud_language_is_rtl("arn"));       /* Mapudungun, not Arabic */
    CHECK(!aloud_language_is_rtl("en"));
    CHECK(!aloud_language_is_rtl(NULL));
}

int main(void)
{
    test_guess();
    test_article();
    test_same();
    test_direction();
    return check_done();
}
