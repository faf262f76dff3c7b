/* Script stage: an article in, what will actually be said out. A list of
 * segments, each a piece of speakable text with the silence that follows
 * it. The introduction (title, byline, date in words) comes first; quotes
 * are announced, lists numbered, numbers and other written forms said in
 * words, typography made speakable and the voice's lexicon applied. A pure
 * function of the article, the voice and its language's rules. */
#ifndef ALOUD_SCRIPT_H
#define ALOUD_SCRIPT_H

#include <stddef.h>

#include "aloud/article.h"
#include "aloud/voice.h"

enum aloud_segment_kind {
    ALOUD_SEG_TITLE,
    ALOUD_SEG_BYLINE,
    ALOUD_SEG_DATE,
    ALOUD_SEG_HEADING,
    ALOUD_SEG_PARAGRAPH,
    ALOUD_SEG_LIST_ITEM,
    ALOUD_SEG_QUOTE,
    ALOUD_SEG_CAPTION,
    ALOUD_SEG_IMAGE,
    ALOUD_SEG_TABLE_ROW,
    ALOUD_SEG_ANNOUNCEMENT, /* "Quote.", "End quote.", "Table: ..." */
    ALOUD_SEG_NOTE,         /* a footnote or endnote, after "Note 1." */
    ALOUD_SEG_CODE,         /* a code listing */
};

struct aloud_segment {
    enum aloud_segment_kind kind;
    char *text;        /* speakable text (lexicon applied), owned */
    char *display;     /* the text as written, for transcripts and chapter
                          titles (no lexicon, no announcements), owned */
    int pause_ms;      /* silence after this segment */
    int level;         /* heading level, 0 otherwise */
    int chapter;       /* 1 when a chapter starts here (title, headings) */
    char *lang;        /* BCP 47 language of what is said, owned; NULL: the
                          article's (its voice's) */
    int joined;        /* 1 when it goes on the paragraph the previous
                          segment began (a change of language inside it):
                          no pause between them, one paragraph on pages */
};

struct aloud_script {
    struct aloud_segment *segments;
    size_t n;
    size_t cap;
};

/* Builds the script. voices->primary supplies the pauses and the
 * announcements; every segment carries its language (the block's or
 * stretch's own, else the article's, else the voice's), whose voice in
 * voices gives the lexicon and whose normalisation rules
 * (aloud/normalise.h) say its written forms in words. Returns 0 and *out
 * (free with aloud_script_free), or -errno and *err; an article with no
 * body is an error, and so is a mistake in the rules (FILE:LINE: key:
 * ...). Borrowed: article, voices. */
int aloud_script_build(const struct aloud_article *article, const struct aloud_voice_set *voices,
                       struct aloud_script **out, char **err);

const char *aloud_segment_kind_name(enum aloud_segment_kind kind);

/* One segment a line: "TEXT  [pause NNN ms]". Caller frees. */
char *aloud_script_to_text(const struct aloud_script *s);
/* JSON array of {kind, text, pause_ms, ...}. Caller frees. */
char *aloud_script_to_json(const struct aloud_script *s);

/* The date (ISO 8601) in words: "27 February 2026" (dmy) or
 * "February 27, 2026" (mdy) with the voice's month names. NULL when the
 * date cannot be read. Caller frees. */
char *aloud_date_in_words(const char *iso, const struct aloud_announce *ann);

/* The speakable form of written text (docs/script.md): typographic quotes
 * plain, dashes a comma, ellipses "...", bare URLs their site's name,
 * characters eSpeak NG would spell out removed; white space squeezed. No
 * lexicon. Returns a new string the caller frees. */
char *aloud_script_speakable(const char *text);

void aloud_script_free(struct aloud_script *s);

#endif
