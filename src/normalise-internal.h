/* What the normaliser's source files share: the rules as loaded from
 * voices/normalise/LANG.ini (src/normalise-data.c), the token stream a
 * paragraph is cut into (src/normalise.c) and the matchers of each class
 * of written form, one family a file:
 *
 *   normalise-number.c   ICU spellout, plural rules, numbers, ordinals,
 *                        fractions, decades, years
 *   normalise-amount.c   money, measures, percentages, ranges, scores
 *   normalise-date.c     dates and times
 *   normalise-words.c    abbreviations, roman numerals, symbols
 *   normalise-fraction.c fractions
 *   normalise-initials.c capitals said as letters
 *   normalise-web.c      URLs, e-mail addresses, hashtags, handles,
 *                        telephone numbers
 *
 * A matcher looks at the token at i and its neighbours; when it recognises
 * its class it writes the spoken words to the context's output and returns
 * how many tokens it consumed, else it returns 0 and the driver undoes
 * anything it wrote. */
#ifndef ALOUD_NORMALISE_INTERNAL_H
#define ALOUD_NORMALISE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <unicode/unum.h>
#include <unicode/unumberformatter.h>
#include <unicode/upluralrules.h>

#include "aloud/normalise.h"
#include "aloud/util.h"

/* --- Rules ---------------------------------------------------------------- */

/* Options of an entry ("| before-name attached f"). */
enum {
    NM_BEFORE_NAME = 1 << 0,   /* only before a capitalised word */
    NM_AFTER_NAME = 1 << 1,    /* only after a capitalised word */
    NM_BEFORE_NUMBER = 1 << 2, /* only before a number */
    NM_AFTER_NUMBER = 1 << 3,  /* only after a number */
    NM_ATTACHED = 1 << 4,      /* a unit only when written against its number */
    NM_MONEY = 1 << 5,         /* a scale only in an amount of money */
    NM_BETWEEN_WORDS = 1 << 6, /* a symbol only between two words */
    NM_BETWEEN_NUMBERS = 1 << 7,
    NM_SPACED = 1 << 8,       /* a unit only when a space parts it from its number */
    NM_WORD_END = 1 << 9,     /* an abbreviation at the end of a word ("Hauptstr.") */
    NM_AFTER_PLACE = 1 << 10, /* after "Name," ("Boston, Mass.") */
    NM_DIMENSION = 1 << 11,   /* a symbol between measures ("3 x 4 m") */
};

/* One written form and what is said for it. */
struct nm_entry {
    char *key;    /* the written form ("km", "St", "£") */
    char *say;    /* said for one ("kilometre"), owned */
    char *say_pl; /* said for more than one, or NULL: as say */
    char gender;  /* 'm', 'f', 'n' or 0 */
    unsigned flags;
    int value; /* month or day number, currency index, denominator */
    int layer; /* the file it came from: 0 the base language */
};

struct nm_list {
    struct nm_entry *v;
    size_t n;
    int exact; /* keys match in their case only ("c" cent, "C" Celsius) */
    /* An index by the key's first byte (ASCII letters folded): entries
     * order[bucket[b]] to order[bucket[b + 1] - 1], in file order. */
    size_t *order;
    size_t bucket[257];
};

/* The bucket of keys that can match text starting with byte b. */
static inline unsigned char nm_bucket_of(unsigned char b)
{
    return b >= 'A' && b <= 'Z' ? (unsigned char)(b | 0x20) : b;
}

/* For each entry e of list l whose key may match text starting with
 * byte b. */
#define NM_FOR_BUCKET(l, b, e)                                                                     \
    for (size_t nm_x_ = (l)->order ? (l)->bucket[nm_bucket_of(b)] : 0,                             \
                nm_end_ = (l)->order ? (l)->bucket[nm_bucket_of(b) + 1] : 0;                       \
         nm_x_ < nm_end_ && ((e) = &(l)->v[(l)->order[nm_x_]], 1); nm_x_++)

/* Builds the index of every list (once the rules are loaded). */
void nm_index_lists(struct aloud_normaliser *n);

struct nm_currency {
    char *code;             /* "GBP" */
    char *minor_pattern;    /* this currency's money_minor pattern, or NULL */
    char *name, *name_pl;   /* "pound", "pounds" */
    char *minor, *minor_pl; /* "penny", "pence", or NULL */
    char gender, minor_gender;
};

/* ICU rule sets by their role. */
enum nm_role {
    RS_CARDINAL,   /* a count before a noun, or alone */
    RS_CARDINAL_M, /* the same before a masculine, feminine, neuter noun */
    RS_CARDINAL_F,
    RS_CARDINAL_N,
    RS_NUMBERING, /* a number said alone ("eins", "uno") */
    RS_ORDINAL,
    RS_ORDINAL_M,
    RS_ORDINAL_F,
    RS_ORDINAL_N, /* a third form: neuter, or Spanish "primer" before a noun */
    RS_YEAR,
    RS_DAY,        /* the day of a date */
    RS_HOUR,       /* the hour of a time */
    RS_MIXED,      /* the whole number of "1½" */
    RS_MINUTE,     /* the minutes of a time */
    RS_HOUR_ALONE, /* an hour with no hour word after "at": Spanish "a la una" */
    RS_CARDINAL_DAT,   /* German dative, masculine and neuter: "mit einem Kilometer" */
    RS_CARDINAL_DAT_F, /* and feminine: "mit einer Stimme" */
    RS_COUNT
};

/* Words and word patterns ({placeholders}) said by the grammar. */
enum nm_word {
    W_POINT, /* decimal point: "point", "Komma" */
    W_MINUS,
    W_RANGE, /* "to", "bis" */
    W_PER,   /* "per", "pro" */
    W_AND,   /* "one and a half" */
    W_PERCENT,
    W_HASHTAG,
    W_AT,
    W_DOT,
    W_SLASH,
    W_DASH,
    W_UNDERSCORE,
    W_PLUS,
    W_ZERO, /* a zero read as a digit: "oh", "null" */
    W_AM,
    W_PM,
    W_WWW,        /* how "www" is said */
    W_SCORE,      /* "{a} {b}": a score */
    W_SCORE_ZERO, /* "nil" */
    W_RATIO,      /* "{a} to {b}": "3:1" */
    W_DATE_DMY,   /* "the {day} of {month} {year}" */
    W_DATE_DM,
    W_DATE_MDY,
    W_DATE_MD,
    W_DATE_MY,
    W_DAY_ONE,     /* the first of the month, when not the rule set's */
    W_DATE_OF,     /* written between day and month: "of", "de" */
    W_TIME,        /* "{hour} {minute}" */
    W_TIME_OCLOCK, /* "{hour} o'clock" */
    W_TIME_OH,     /* "{hour} oh {minute}" (minutes 1 to 9) */
    W_TIME_HOURS,  /* "{hour} hundred": a 24-hour time on the hour */
    W_HOUR_WORD,   /* "heure | heures", "Uhr" */
    W_CLOCK_HOURS, /* "hours" after "0900hrs" */
    W_GOLF_UNDER,  /* "{n} under": "-12" in golf */
    W_GOLF_OVER,   /* "{n} over": "+3" in golf */
    W_JUNCTION,    /* "junction": "J25" near a motorway */
    W_MONEY,       /* "{amount} {unit}" */
    W_MONEY_MINOR, /* "{amount} {unit} and {minor} {minor_unit}" */
    W_SCALED,      /* "{amount} {scale} {unit}" */
    W_REGNAL,      /* "the {ordinal}" */
    W_REGNAL_F,
    W_REGNAL_ONE,
    W_MIXED,        /* "{whole} and {fraction}" */
    W_NOON,         /* 12 p.m.: "midday", "midi" */
    W_MIDNIGHT,     /* 12 a.m., 0 h: "midnight", "minuit" */
    W_FRACTION_ONE, /* "a {den}": "a third" */
    W_HALF,         /* "half" in "half a mile" */
    W_DATE_D,       /* a day alone, in a list or range of days: "the {day}" */
    W_HUNDRED,      /* "0800": "oh eight hundred" in telephone numbers */
    W_ZERO_WHOLE,   /* the zero before a decimal point: "nought" (British) */
    W_HALF_NOUN,    /* "½ hora": "media hora" ("medio | media": masculine | feminine) */
    W_AND_I,        /* Spanish "y" before an i sound: "e" */
    W_APPOSITION,   /* German "am Freitag, dem dreizehnten": "dem" */
    W_REGNAL_GEN,   /* German "Karls III.": "des {Ordinal_n}" */
    W_RATING,       /* "{a} out of {b}": "scored 9/10" */
    W_HALF_AFTER,   /* "2½ tazas": "dos tazas y media" ("y medio | y media") */
    W_REGNAL_DAT,   /* German "unter Wilhelm II.": "dem {Ordinal_n}" (| feminine) */
    W_WICKETS,      /* a cricket score: "287-6": "{a} for {b}" */
    W_COUNT
};

/* The word lists of [contexts] that decide a reading (docs/normalisation.md). */
enum nm_context {
    CX_YEAR_BEFORE,
    CX_ROMAN_CARDINAL_BEFORE,
    CX_REGNAL_NAMES,
    CX_REGNAL_FEMININE,
    CX_SCORE_BEFORE,
    CX_SCORE_AFTER,
    CX_PHONE_BEFORE,
    CX_COUNT_AFTER,
    CX_CARDINAL_BEFORE,
    CX_FUNCTION_WORDS,
    CX_HASHTAG_BEFORE,
    CX_DECADE_BEFORE,
    CX_ROMAN_ORDINAL_M,
    CX_ROMAN_ORDINAL_F,
    CX_SPELL_LABELS,
    CX_WORD_LABELS,
    CX_LETTER_WORDS,
    CX_TIME_BEFORE,
    CX_WORD_ONSETS,        /* consonants that can start a word: "str" */
    CX_WORD_CODAS,         /* consonants that can end a word: "nd" */
    CX_INITIALISM_WORDS,   /* capitals said as a word: "NASA" */
    CX_INITIALISM_LETTERS, /* capitals spelt though they make a word: "WHO" */
    CX_SERVICE_NUMBERS,    /* short numbers dialled: "101", "116 123" */
    CX_COUNT_BEFORE,       /* "population of 67m": millions */
    CX_MEASURE_AFTER,      /* "2.3m above": metres */
    CX_DETERMINERS,        /* "a £5m deal": the amount describes a noun */
    CX_NAME_PARTICLES,     /* "Av. de América": words inside a name */
    CX_RANGE_AND_BEFORE,   /* "between 10-15": the range said with "and" */
    CX_TIME_ZONES,         /* "2100 GMT": a time before these */
    CX_RATING_BEFORE,      /* "scored 9/10": a mark */
    CX_RATING_AFTER,       /* "4/5 stars": a rating */
    CX_NOUNS_MASCULINE,    /* "días": masculine though it ends like a feminine noun */
    CX_NOUNS_FEMININE,     /* "mujeres": feminine though no ending says so */
    CX_TIME_AFTER,         /* "the 8.15 from Paddington": a time before these */
    CX_EVENT_AFTER,        /* "the 400m hurdles": a race, its distance in the plural */
    CX_DATIVE_BEFORE,      /* German "mit 1 Stimme": "einer", the dative */
    CX_WEEKDAY_BEFORE,     /* "on Sat", "until 9am Sun": a day's short name after these */
    CX_SERVICE_AFTER,      /* "a 999 call", "the 111 service": a service number before these */
    CX_SUM_AFTER,          /* "£5,000 damages": money a sum of, not described by the amount */
    CX_WICKETS_NEAR,       /* "287-6 at stumps": a cricket score near these */
    CX_VERSION_BEFORE,     /* "version 2.6.29": dotted numbers after these are no date */
    CX_HOURS_AFTER,        /* "0900hrs": a four-digit time before these */
    CX_SERVICE_BEFORE,     /* "called 911": a service number after these */
    CX_MODEL_DIGITS,       /* "737": a model's number said digit by digit... */
    CX_ZIP_BEFORE,         /* "CA 94107": a US state's code before a ZIP code */
    CX_GOLF_NEAR,          /* "-12" near these is a golfer's score: "twelve under" */
    CX_JUNCTION_NEAR,      /* "J25" near these is a motorway's junction */
    CX_FILE_EXTENSIONS,    /* "report.pdf": a file's name, "dot P D F" */
    CX_FAR_YEAR_BEFORE,    /* "by 2100": a year after 2099 after these */
    CX_RESOLUTIONS,        /* "1080p": a video resolution, "ten eighty p" */
    CX_MODEL_NEAR,         /* ... next to these: "Boeing 737", "the 787 Dreamliner" */
    CX_COUNT
};

/* Settings that are not words. */
struct nm_settings {
    char decimal[8];            /* decimal separator: "." or "," */
    char group[8];              /* thousands separator: "," or "." */
    int group_space;            /* a plain space may group thousands */
    int decimals_agree;         /* "9,81 segundos": "ochenta y un", with the noun */
    int short_digits;           /* a lone three-digit number dialled: "uno uno dos" */
    int mdy;                    /* 27/02 is read month first */
    int decimals_as_number;     /* "3,14": "trois virgule quatorze" */
    int clock12;                /* 18:00 is said "six p.m." */
    int phone_numbers;          /* telephone groups read as numbers (French, Spanish) */
    char count_gender;          /* the gender of a counted noun not known ('m', 'n') */
    char shorten[64];           /* "einhundert:hundert,...": spelt numbers' starts rewritten */
    char phone_shapes[64];      /* "3-3-4, 3-3-3": digit groups that make a telephone number */
    int elision;                /* "de euros" -> "d'euros" */
    int ordinal_dot;            /* "3." can be an ordinal (German) */
    int regnal_ordinal_max;     /* above it, a regnal number is a cardinal */
    char decade_suffix[8];      /* "1990s": "s"; "1990er": "er" */
    int decade_plural_en;       /* the words are made plural the English way */
    char fraction_other[24];    /* how denominators not listed are said */
    int nouns_capitalised;      /* a capital does not start a sentence (German) */
    int attributive;            /* "a £5m deal": "a five million pound deal" */
    int measure_hundreds;       /* "1500m": "fifteen hundred metres" */
    int split_years;            /* "2150": "twenty-one fifty" */
    int model_pairs;            /* "A380", "F-150": "A three eighty", "F one fifty" */
    int plural_s;               /* a lower-case word in -s after a number is a
                                   plural noun (English) */
    char feminine_endings[256]; /* "a,as": a noun so ending is feminine */
    char word_list[128];        /* the language's word list: words run together split */
};

/* One opened ICU spellout format, by rule set name. */
struct nm_format {
    char *ruleset;
    UNumberFormat *fmt;
};

struct aloud_normaliser {
    char *lang;
    int has_rules; /* 0: text goes out unchanged */
    struct nm_settings set;
    char *ruleset[RS_COUNT]; /* rule set names by role */
    char *word[W_COUNT];     /* owned, or NULL */
    char *word_pl[W_COUNT];  /* the plural of "a | b" words, or NULL */
    struct nm_list months;   /* value 1..12; say is the full name */
    struct nm_list days;     /* value 1..7 */
    struct nm_list units;
    struct nm_list scales;
    struct nm_list abbrevs;
    struct nm_list symbols;
    struct nm_list fractions;        /* value: the denominator */
    struct nm_list ordinal_suffixes; /* gender in entry */
    struct nm_list ordinal_after;    /* German: word before -> rule set */
    struct nm_list ampm;             /* value 0 am, 1 pm */
    struct nm_list cur_symbols;      /* value: currency index */
    struct nm_list minor_symbols;
    struct nm_currency *cur;
    size_t n_cur;
    /* word lists that decide a reading, by enum nm_context */
    struct nm_list ctx[CX_COUNT];
    struct nm_list hour_words; /* "Uhr", "h", "heures" written after a time */
    /* ICU */
    struct nm_format *formats; /* opened for the rule sets in use only */
    size_t n_formats;
    char *ruleset_names;       /* ";%spellout-...;...;": the language's rule sets */
    int role_format[RS_COUNT]; /* index into formats, or -1 */
    UPluralRules *plural;
    UNumberFormatter *plural_fmt[4]; /* 0..3 visible fraction digits */
    char icu_locale[64];
};

/* Loads one rule file into n (later files override earlier ones, entry by
 * entry). Returns 0 or -errno with *err "FILE:LINE: key: message". */
int nm_load_file(struct aloud_normaliser *n, const char *path, int layer, char **err);
/* Opens the ICU formatters the loaded rules name (normalise-rules.c). */
int nm_open_icu(struct aloud_normaliser *n, char **err);
/* The formatter for a rule set, opened on first use; -1 when ICU has no
 * such rule set for the language. */
int nm_format_index(struct aloud_normaliser *n, const char *ruleset);
/* Does ICU have the spellout rule set for the language? */
int nm_ruleset_exists(struct aloud_normaliser *n, const char *ruleset);
void nm_entry_free(struct nm_entry *e);
void nm_free_rules(struct aloud_normaliser *n);

/* --- Tokens --------------------------------------------------------------- */

enum nm_tok_kind { TK_WORD, TK_NUM, TK_SYM };

struct nm_tok {
    const char *s; /* into the text */
    size_t len;
    unsigned char kind;
    unsigned char space; /* white space before: 0 none, 1 plain, 2 no-break or thin */
    unsigned char cap;   /* a word that starts with a capital */
    unsigned char upper; /* a word all in capitals */
    uint32_t cp;         /* a symbol's code point */
};

struct nm_ctx {
    const struct aloud_normaliser *n;
    const char *text;
    const char *text_end;
    struct nm_tok *t;
    size_t nt;
    struct aloud_buf *out;
    size_t mark; /* where the current matcher's output starts */
};

/* Token tests; i may be out of range (then false). */
int nm_is_word(const struct nm_ctx *c, size_t i);
int nm_is_num(const struct nm_ctx *c, size_t i);
int nm_is_sym(const struct nm_ctx *c, size_t i, uint32_t cp);
int nm_is_text(const struct nm_ctx *c, size_t i, const char *s);  /* exact */
int nm_is_itext(const struct nm_ctx *c, size_t i, const char *s); /* any case */
int nm_glued(const struct nm_ctx *c, size_t i);                   /* no space before token i */
/* A dash that can join a range: - – — (and the minus sign). */
int nm_is_dash(const struct nm_ctx *c, size_t i);
/* Does the sentence start at token i (after . ! ? or at the start)? */
int nm_sentence_start(const struct nm_ctx *c, size_t i);
/* A capitalised word that is not merely the first of a sentence. */
int nm_is_name(const struct nm_ctx *c, size_t i);

/* Matches key (a written form, spaces in it match any white space or
 * none) against the text from token i; it must end at a token's end.
 * Keys all in lower case match any case. Returns the tokens it covers,
 * or 0. */
size_t nm_key_match(const struct nm_ctx *c, size_t i, const char *key);
size_t nm_key_match_case(const struct nm_ctx *c, size_t i, const char *key, int exact);
/* The longest entry of list that matches at i and whose flags allow it
 * (checked by the caller); *ntok gets its tokens. */
const struct nm_entry *nm_list_match(const struct nm_ctx *c, size_t i, const struct nm_list *l,
                                     size_t *ntok);
/* Does an entry of the list (one or more tokens) end just before token
 * i, or up to reach - 1 tokens earlier? */
int nm_list_before(const struct nm_ctx *c, size_t i, const struct nm_list *l, size_t reach);
/* Is token i (one word) in the list, any case? */
int nm_in_list(const struct nm_ctx *c, size_t i, const struct nm_list *l);
/* The entry whose context options (before-name, after-number...) fit the
 * tokens around [i, i + ntok). */
int nm_entry_fits(const struct nm_ctx *c, size_t i, size_t ntok, const struct nm_entry *e);

/* --- Output --------------------------------------------------------------- */

void nm_put(struct nm_ctx *c, const char *s);
void nm_put_n(struct nm_ctx *c, const char *s, size_t len);
/* Says the words s: a space first unless they are the first the matcher
 * writes or the output ends with one; French elision ("d'euros"). */
void nm_say(struct nm_ctx *c, const char *s);
/* Each of the ASCII letters s[0, len) alone, in capitals: "B B C". */
void nm_say_letters(struct nm_ctx *c, const char *s, size_t len);
void nm_say_n(struct nm_ctx *c, const char *s, size_t len);
/* Token i as written (without the space before it). */
void nm_put_tok(struct nm_ctx *c, size_t i);
/* The white space before token i, as written. */
void nm_put_space(struct nm_ctx *c, size_t i);
/* A word of the rules; the plural of "a | b" when plural. */
const char *nm_word(const struct aloud_normaliser *n, enum nm_word w);
void nm_say_word(struct nm_ctx *c, enum nm_word w, int plural);
/* Writes a pattern ("the {day} of {month}") with its placeholders from
 * names/values (n_vars of them); unknown placeholders say nothing. */
void nm_put_pattern(struct nm_ctx *c, const char *pattern, const char *const *names,
                    const char *const *values, size_t n_vars);

/* --- Numbers (normalise-number.c) ------------------------------------------ */

/* A number as written: digits without separators. */
struct nm_num {
    char whole[48]; /* integer digits, "" for ".5" */
    char frac[24];  /* fraction digits, "" for none */
    int negative;
    int grouped; /* written with thousands separators */
    size_t end;   /* the token after the number */
    size_t start; /* its first token */
};

/* Reads a number at token i (digits, thousands groups, a decimal part).
 * A minus sign is the caller's. Returns 1 and *num, or 0. */
int nm_parse_number(const struct nm_ctx *c, size_t i, struct nm_num *num);
/* The number spelt out with the rule set of role (a cardinal, with its
 * fraction read after the decimal word). Appends to the output. */
void nm_put_number(struct nm_ctx *c, const struct nm_num *num, enum nm_role role);
/* Spells the integer in digits (a string of ASCII digits) with role. */
void nm_put_int(struct nm_ctx *c, const char *digits, enum nm_role role);
/* role in the case the words before token start ask for (German dative). */
enum nm_role nm_case_role(const struct nm_ctx *c, size_t start, enum nm_role role);
void nm_put_int_value(struct nm_ctx *c, long v, enum nm_role role);
/* Each digit alone ("oh two oh"). */
void nm_put_digits(struct nm_ctx *c, const char *digits, size_t len, int zero_as_oh);
/* A year: "nineteen ninety-four", "two thousand and five". */
void nm_put_year(struct nm_ctx *c, long year);
/* Is the count plural (ICU plural rules: "one" is singular)? */
int nm_plural(const struct aloud_normaliser *n, const struct nm_num *num);
/* The cardinal role for a noun's gender ('m', 'f', 'n', 0). */
enum nm_role nm_cardinal_for(char gender);
/* The cardinal for counting the noun at i (its gender guessed by the
 * rules' feminine endings), or RS_NUMBERING when i is no noun. */
enum nm_role nm_role_for_noun(const struct nm_ctx *c, size_t i);
enum nm_role nm_ordinal_for(char gender);
/* Spells digits with the rule set named rs (NULL: role) into a new string. */
char *nm_spell(const struct aloud_normaliser *n, enum nm_role role, const char *digits);
char *nm_spell_ruleset(const struct aloud_normaliser *n, const char *ruleset, const char *digits);
long nm_num_value(const struct nm_num *num); /* the whole part, or -1 if huge */

size_t nm_match_decade(struct nm_ctx *c, size_t i);   /* 1990s, '90s, 1990er */
size_t nm_match_ordinal(struct nm_ctx *c, size_t i);  /* 1st, 2e, 1.º, "am 3." */
size_t nm_match_model(struct nm_ctx *c, size_t i);    /* "A380", "Boeing 737" */
size_t nm_match_number(struct nm_ctx *c, size_t i);   /* plain, fractions, years */
size_t nm_match_fraction(struct nm_ctx *c, size_t i); /* 3/4, ½, 1½ */
size_t nm_match_amount(struct nm_ctx *c, size_t i);   /* money, measures, percentages, ranges */
size_t nm_match_date(struct nm_ctx *c, size_t i);
size_t nm_match_time(struct nm_ctx *c, size_t i);
size_t nm_match_roman(struct nm_ctx *c, size_t i);
size_t nm_match_abbrev(struct nm_ctx *c, size_t i);
size_t nm_match_initialism(struct nm_ctx *c, size_t i); /* DVLA, GCSEs */
/* Can a word of the language start with the letters at s (the consonants
 * before the first vowel: one, or one of [contexts] word_onsets)? */
int nm_starts_like_word(const struct nm_ctx *c, const char *s, size_t len);
/* The words of a run of lower-case letters run together ("nationalrail":
 * "national rail"), by the rules' word_list, with the accents the list
 * writes ("impots": "impôts"); spelt_end, if given, says whether two
 * letters may end it spelt ("uk"). Returns a string the caller frees, or
 * NULL when the run is said as written. */
char *nm_split_words(const struct nm_ctx *c, const char *s, size_t len,
                     int (*spelt_end)(const char *, size_t));
/* Capitals said as a word by the initialism rules ("COP", "NASA"). */
int nm_capitals_are_word(const struct nm_ctx *c, const char *s, size_t len);
size_t nm_match_symbol(struct nm_ctx *c, size_t i);
size_t nm_match_web(struct nm_ctx *c, size_t i);
size_t nm_match_phone(struct nm_ctx *c, size_t i);

/* A lower-case word in -s that is a plural noun, where the language says
 * so ("1500 students", "May 5 people"). */
int nm_plural_noun(const struct nm_ctx *c, size_t i);
/* Is the number at i a year by its context (normalise-number.c)? */
int nm_year_context(const struct nm_ctx *c, size_t i, long value);
/* The ordinal read of a day or number with the rule set German articles
 * ask for (normalise-date.c uses it for "am 3. März"). */
enum nm_role nm_day_role(const struct nm_ctx *c, size_t i);
const char *nm_ruleset_after(const struct nm_ctx *c, size_t i);

/* --- UTF-8 ---------------------------------------------------------------- */

/* Decodes one code point at s (len bytes left); *n gets its length.
 * Invalid bytes decode as U+FFFD of length 1. */
uint32_t nm_utf8_decode(const char *s, size_t len, size_t *n);
/* Compares a and b (lengths given) ignoring case (ICU case folding). */
int nm_utf8_casecmp(const char *a, size_t alen, const char *b, size_t blen);

#endif
