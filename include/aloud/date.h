/* Dates: the one reader of dates as articles write them (front matter,
 * meta tags, JSON-LD, feeds), their ISO 8601 form, and their Unix time.
 * Reads ISO 8601 ("2026-02-27", "2026-02-27T09:00:00.250+01:00",
 * "2026-02-27 09:00 UTC") and dates written in English words ("27 February
 * 2026", "Feb 27, 2026, 9:00 PM EST", "Fri, 27 Feb 2026 09:00:00 +0000",
 * "Fri Feb 27 2026 09:00:00 GMT+0000 (UTC)"); never a day-month order
 * written in figures ("27/02/2026"), which is ambiguous. */
#ifndef ALOUD_DATE_H
#define ALOUD_DATE_H

#include <stdint.h>

struct aloud_date {
    int year, month, day;     /* a valid calendar day, year 1000..9999 */
    int has_time;             /* hour, minute, second are set */
    int hour, minute, second; /* 0..23, 0..59, 0..60 */
    int has_zone;             /* the offset from UTC is known */
    int zone_minutes;         /* east of UTC: +60 for "+01:00" */
};

/* Reads a date from text into *d. With end NULL the whole text (blanks
 * around it aside) must be the date; otherwise the date at the start of
 * text is read and *end points after it. Returns 0 or -EINVAL (text NULL,
 * no date there, or a day that does not exist). */
int aloud_date_parse(const char *text, struct aloud_date *d, const char **end);

/* The ISO 8601 form of d: "2026-02-27", or "2026-02-27T09:00:00" with "Z"
 * or "+01:00" when the zone is known. Caller frees. */
char *aloud_date_format(const struct aloud_date *d);

/* Unix time of d; a day without a time is its midnight, a time without a
 * zone is taken as UTC. */
int64_t aloud_date_unix(const struct aloud_date *d);

/* Unix time of a date written as aloud_date_parse reads it (the whole
 * text). Returns 0 or -EINVAL. */
int aloud_date_time(const char *text, int64_t *out);

#endif
