/* Voice profiles: INI files in voices/ (read with inih) that say how an
 * article is spoken: which eSpeak NG voice, its rate and pitch, the pauses
 * between blocks, the announcements around quotes and images, and the
 * pronunciation lexicon. The script stage reads the pauses, announcements
 * and lexicon; the synth stage reads the speech settings. */
#ifndef ALOUD_VOICE_H
#define ALOUD_VOICE_H

#include <stddef.h>

/* Silence in milliseconds, by place in the script. */
struct aloud_pauses {
    int after_title;      /* after the introduction (title, byline, date) */
    int intro_line;       /* between lines of the introduction */
    int before_heading;
    int after_heading;
    int paragraph;        /* after a paragraph */
    int list_item;        /* between items of a list */
    int list_end;         /* after the last item of a list */
    int quote;            /* before and after a quotation */
    int caption;          /* after a caption or image */
    int end;              /* at the end of the episode */
    int announcement;     /* after "Quote." and other announcements */
};

/* Words spoken around structure; an empty string means "say nothing". */
struct aloud_announce {
    char *byline;      /* "By" */
    char *quote_start; /* "Quote." */
    char *quote_end;   /* "End quote." */
    char *image;       /* "Image:" (followed by the alt text) */
    char *list_intro;  /* said before a list, e.g. "List of 3 items." ("%d") */
    char *months[12];  /* month names for dates in words */
    char *date_order;  /* "dmy" or "mdy" */
    char *date_format; /* optional pattern with {day} {month} {year}, which
                          wins over date_order ("{day}. {month} {year}"),
                          or NULL */
    char *and_word;    /* joins the last two authors: "By A, B and C" */
    int read_images;   /* 1: images are read as "Image: alt" */
    int read_captions; /* 1: figure captions are read */
    /* Tables: said before a table with a caption ("{caption}" replaced),
     * before one without ("{rows}", "{columns}"), and after it. */
    char *table_caption;
    char *table_size;
    char *table_end;
    /* Notes: where they are read (ALOUD_NOTES_*), the heading they are
     * gathered under at the end, and what is said before each ("{label}"). */
    int notes;
    char *notes_heading;
    char *note;
    /* Code: said before and after a listing; read_code 0 says code_skipped
     * instead of the listing. */
    char *code_start;
    char *code_end;
    char *code_skipped;
    int read_code;
};

/* Where footnotes and endnotes are read. */
#define ALOUD_NOTES_END 0   /* gathered at the end under notes_heading */
#define ALOUD_NOTES_AFTER 1 /* after the paragraph that cites them */

/* One lexicon entry: a whole word (matched case-sensitively, or case-
 * insensitively when the key is all lower case) and its replacement, which
 * may be plain text or an eSpeak NG phoneme string written [[...]]. */
struct aloud_lexeme {
    char *word;
    char *say;
};

struct aloud_lexicon {
    struct aloud_lexeme *entries;
    size_t n;
};

struct aloud_voice {
    char *id;           /* profile file name without .ini, e.g. "en-gb" */
    char *name;         /* human name, e.g. "English (British)" */
    char *path;         /* the profile's file, owned */
    char *language;     /* BCP 47 language the profile is for, e.g. "en-GB" */
    char *espeak_voice; /* installed eSpeak NG voice name, or NULL */
    char *espeak_file;  /* eSpeak NG voice file in voices/ (absolute), or NULL */
    int rate;           /* words per minute */
    int pitch;          /* 0..100 */
    int range;          /* pitch range 0..100 */
    int word_gap;       /* extra pause between words, units of 10 ms */
    int volume;         /* eSpeak NG volume 0..200 */
    struct aloud_pauses pauses;
    struct aloud_announce announce;
    struct aloud_lexicon lexicon;
    char *default_for;  /* languages (comma-separated tags) this profile is
                           the first choice for, e.g. "en", or NULL */
};

/* The profile used when nothing else is asked for or matches. */
#define ALOUD_VOICE_DEFAULT_ID "en-gb"

/* Built-in defaults (British English), used when no profile exists and as
 * the base every profile overrides. Caller frees. */
struct aloud_voice *aloud_voice_default(void);

/* Loads the profile at path (and the lexicon it names, relative to the
 * profile's directory). Returns 0 or a negative errno with *err naming the
 * file, line and key. */
int aloud_voice_load(const char *path, struct aloud_voice **out, char **err);

/* Finds a profile in voices_dir: by id ("en-gb"), or, when name is a
 * language tag, the best profile for it ("en-GB" -> en-gb, "fr-CA" -> fr).
 * Unknown names are an error listing the profiles that exist. */
int aloud_voice_find(const char *voices_dir, const char *name, struct aloud_voice **out,
                     char **err);

/* Lists profile ids in voices_dir, sorted; *ids is a NULL-terminated array
 * the caller frees with aloud_strv_free. Returns the count or -errno. */
int aloud_voice_list(const char *voices_dir, char ***ids, char **err);
void aloud_strv_free(char **v);

/* Loads a lexicon file (INI: [words] WORD = replacement) into lex,
 * appending to what is there. */
int aloud_lexicon_load(const char *path, struct aloud_lexicon *lex, char **err);
/* Frees lex's entries and empties it. */
void aloud_lexicon_clear(struct aloud_lexicon *lex);
/* Applies the lexicon to text: whole words only, the longest key wins at
 * each place. lex may be NULL. Returns a new string the caller frees. */
char *aloud_lexicon_apply(const struct aloud_lexicon *lex, const char *text);

/* Picks the profile for an article: requested (the command's --voice) wins,
 * then article_voice (front matter), then the article's language; with
 * none of these, or a language no profile covers, the default profile
 * (en-gb) is used. A requested or article voice that does not exist is an
 * error listing the profiles. */
int aloud_voice_select(const char *voices_dir, const char *requested, const char *article_voice,
                       const char *language, struct aloud_voice **out, char **err);

void aloud_voice_free(struct aloud_voice *v);

/* A voice that speaks lang with eSpeak NG's own voice for it (espeak =
 * lang), with base's speech settings, pauses and announcements and no
 * lexicon: for text in a language no profile covers. Caller frees. */
struct aloud_voice *aloud_voice_for_language(const struct aloud_voice *base, const char *lang);

/* The voices one article is spoken with: the profile chosen for it, and
 * one for each other language its text is marked in. A set made on the
 * stack with only .primary is a set of one. */
struct aloud_voice_choice {
    char *lang;                 /* BCP 47, owned */
    struct aloud_voice *voice;  /* owned */
};
struct aloud_voice_set {
    struct aloud_voice *primary; /* owned (borrowed in a set of one) */
    struct aloud_voice_choice *others;
    size_t n_others;
};
/* Adds voice (taken) for lang. */
void aloud_voice_set_add(struct aloud_voice_set *set, const char *lang, struct aloud_voice *voice);
/* The voice for text in lang: the one added for lang, or for its first
 * subtag ("de" for "de-AT"); the primary for NULL, for the primary's own
 * language and for languages the set has no voice for. */
const struct aloud_voice *aloud_voice_set_for(const struct aloud_voice_set *set,
                                              const char *lang);
/* Frees every voice in the set and zeroes it. */
void aloud_voice_set_clear(struct aloud_voice_set *set);


#endif
