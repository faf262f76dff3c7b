/* The date reader (date.h): a small hand-written parser rather than
 * strptime(3), because strptime depends on the locale, accepts a date at
 * the start of any text without saying where it stopped reading, and
 * knows nothing of ISO 8601 zones or fractions of seconds. */
#include "aloud/date.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "aloud/util.h"

static const char *const month_names[] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};
static const char *const day_names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};

/* Zone names seen in dates on the web, with their offsets in minutes.
 * Ambiguous ones (IST: India, Ireland or Israel) are not read. */
static const struct {
    const char *name;
    int minutes;
} zone_names[] = {
    {"UTC", 0},    {"GMT", 0},    {"UT", 0},     {"Z", 0},      {"EST", -300}, {"EDT", -240},
    {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
    {"BST", 60},   {"CET", 60},   {"CEST", 120}, {"EET", 120},  {"EEST", 180},
};

struct cursor {
    const char *p;
};

static void skip_blanks(struct cursor *c)
{
    while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')
        c->p++;
}

/* Reads 1..max digits (at least min) into *v. */
static int digits(struct cursor *c, int min, int max, int *v)
{
    int n = 0, value = 0;
    while (n < max && isdigit((unsigned char)c->p[n]))
        value = value * 10 + (c->p[n++] - '0');
    if (n < min || isdigit((unsigned char)c->p[n]))
        return 0;
    c->p += n;
    *v = value;
    return 1;
}

/* The length of the ASCII word at p. */
static size_t word_len(const char *p)
{
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    return n;
}

/* A name from names (the whole word, or its first three letters with an
 * optional full stop, "Sept" too): its index, or -1. */
static int name_at(struct cursor *c, const char *const *names, int count)
{
    size_t n = word_len(c->p);
    for (int i = 0; i < count && n >= 3; i++) {
        size_t full = strlen(names[i]);
        int whole = n == full && strncasecmp(c->p, names[i], n) == 0;
        int abbr = (n == 3 || (n == 4 && !strncasecmp(c->p, "sept", 4))) &&
                   strncasecmp(c->p, names[i], n) == 0;
        if (whole || abbr) {
            c->p += n;
            if (abbr && *c->p == '.')
                c->p++;
            return i;
        }
    }
    return -1;
}

static int accept(struct cursor *c, char ch)
{
    if (*c->p != ch)
        return 0;
    c->p++;
    return 1;
}

/* The day: "2026-02-27", "2026/02/27", "27 February 2026", "February 27,
 * 2026", "Feb 27 2026". */
static int read_day(struct cursor *c, struct aloud_date *d, int *iso)
{
    struct cursor s = *c;
    *iso = 0;
    if (digits(&s, 4, 4, &d->year)) {
        char sep = *s.p;
        if ((sep != '-' && sep != '/') || !accept(&s, sep) || !digits(&s, 2, 2, &d->month) ||
            !accept(&s, sep) || !digits(&s, 2, 2, &d->day))
            return 0;
        *iso = sep == '-';
    } else if (digits(&s, 1, 2, &d->day)) {
        skip_blanks(&s);
        if ((d->month = name_at(&s, month_names, 12) + 1) == 0)
            return 0;
        accept(&s, ',');
        skip_blanks(&s);
        if (!digits(&s, 4, 4, &d->year))
            return 0;
    } else if ((d->month = name_at(&s, month_names, 12) + 1) > 0) {
        skip_blanks(&s);
        if (!digits(&s, 1, 2, &d->day))
            return 0;
        if (s.p[0] && strchr("snrt", tolower((unsigned char)s.p[0])) &&
            isalpha((unsigned char)s.p[1]) && !isalpha((unsigned char)s.p[2]))
            s.p += 2; /* "November 19th" */
        accept(&s, ',');
        skip_blanks(&s);
        if (!digits(&s, 4, 4, &d->year))
            return 0;
    } else {
        return 0;
    }
    *c = s;
    return 1;
}

/* "09:00", "9:00:15.250", "9:00 PM", "9 p.m." is not read. */
static int read_time(struct cursor *c, struct aloud_date *d)
{
    struct cursor s = *c;
    d->second = 0;
    if (!digits(&s, 1, 2, &d->hour) || !accept(&s, ':') || !digits(&s, 2, 2, &d->minute))
        return 0;
    if (accept(&s, ':')) {
        if (!digits(&s, 2, 2, &d->second))
            return 0;
        if (*s.p == '.' || *s.p == ',') {
            if (!isdigit((unsigned char)s.p[1]))
                return 0;
            for (s.p++; isdigit((unsigned char)*s.p); s.p++)
                ;
        }
    }
    struct cursor m = s;
    skip_blanks(&m);
    char a = (char)tolower((unsigned char)m.p[0]);
    if (a == 'a' || a == 'p') {
        /* "PM", "pm", "p.m." */
        const char *q = m.p + 1;
        if (*q == '.')
            q++;
        if (tolower((unsigned char)*q) == 'm' && !isalpha((unsigned char)q[1])) {
            q++;
            if (*q == '.')
                q++;
            if (d->hour < 1 || d->hour > 12)
                return 0;
            d->hour = d->hour % 12 + (a == 'p' ? 12 : 0);
            s.p = q;
        }
    }
    if (d->hour > 23 || d->minute > 59 || d->second > 60)
        return 0;
    d->has_time = 1;
    *c = s;
    return 1;
}

/* "+01:00", "+0100", "+01", "-04:30" into minutes east of UTC. */
static int read_offset(struct cursor *c, int *minutes)
{
    struct cursor s = *c;
    int sign = *s.p == '-' ? -1 : 1;
    if (*s.p != '+' && *s.p != '-')
        return 0;
    s.p++;
    int h = 0, m = 0;
    if (!digits(&s, 2, 4, &h))
        return 0;
    size_t n = (size_t)(s.p - c->p) - 1;
    if (n == 4) {
        m = h % 100;
        h /= 100;
    } else if (n == 2 && accept(&s, ':') && !digits(&s, 2, 2, &m)) {
        return 0;
    } else if (n == 3) {
        return 0;
    }
    if (h > 14 || m > 59)
        return 0;
    *minutes = sign * (h * 60 + m);
    *c = s;
    return 1;
}

/* "Z", "+01:00", " UTC", " GMT+0100", " EST", then an optional "(...)". */
static void read_zone(struct cursor *c, struct aloud_date *d)
{
    struct cursor s = *c;
    if (read_offset(&s, &d->zone_minutes)) {
        d->has_zone = 1;
        *c = s;
        return;
    }
    skip_blanks(&s);
    if (read_offset(&s, &d->zone_minutes)) {
        d->has_zone = 1;
        *c = s;
        return;
    }
    size_t n = word_len(s.p);
    for (size_t i = 0; n && i < sizeof zone_names / sizeof zone_names[0]; i++) {
        if (strlen(zone_names[i].name) == n && !strncasecmp(s.p, zone_names[i].name, n)) {
            s.p += n;
            d->has_zone = 1;
            d->zone_minutes = zone_names[i].minutes;
            if (zone_names[i].minutes == 0)
                read_offset(&s, &d->zone_minutes); /* "GMT+0100" */
            *c = s;
            break;
        }
    }
    /* JavaScript's Date: "... GMT+0000 (Coordinated Universal Time)" */
    s = *c;
    skip_blanks(&s);
    if (*s.p == '(') {
        const char *close = strchr(s.p, ')');
        if (close)
            c->p = close + 1;
    }
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

int aloud_date_parse(const char *text, struct aloud_date *d, const char **end)
{
    memset(d, 0, sizeof *d);
    if (!text)
        return -EINVAL;
    struct cursor c = {text};
    skip_blanks(&c);
    if (name_at(&c, day_names, 7) >= 0) {
        accept(&c, ',');
        skip_blanks(&c);
    }
    int iso;
    if (!read_day(&c, d, &iso))
        goto bad;
    if (d->year < 1000 || d->month < 1 || d->month > 12 || d->day < 1 ||
        d->day > days_in_month(d->year, d->month))
        goto bad;
    /* The time: after "T" in ISO 8601, else after blanks, a comma or "at". */
    struct cursor t = c;
    if (iso && (*t.p == 'T' || *t.p == 't')) {
        t.p++;
    } else {
        accept(&t, ',');
        skip_blanks(&t);
        if (!strncasecmp(t.p, "at ", 3)) {
            t.p += 3;
            skip_blanks(&t);
        }
    }
    if (read_time(&t, d)) {
        c = t;
        read_zone(&c, d);
    } else if (iso && (*c.p == 'T' || *c.p == 't')) {
        goto bad;
    }
    if (end) {
        *end = c.p;
        return 0;
    }
    skip_blanks(&c);
    if (*c.p)
        goto bad;
    return 0;
bad:
    memset(d, 0, sizeof *d);
    return -EINVAL;
}

char *aloud_date_format(const struct aloud_date *d)
{
    if (!d->has_time)
        return aloud_xasprintf("%04d-%02d-%02d", d->year, d->month, d->day);
    char zone[24] = "";
    if (d->has_zone && d->zone_minutes == 0) {
        strcpy(zone, "Z");
    } else if (d->has_zone) {
        int m = d->zone_minutes < 0 ? -d->zone_minutes : d->zone_minutes;
        snprintf(zone, sizeof zone, "%c%02d:%02d", d->zone_minutes < 0 ? '-' : '+', m / 60, m % 60);
    }
    return aloud_xasprintf("%04d-%02d-%02dT%02d:%02d:%02d%s", d->year, d->month, d->day, d->hour,
                           d->minute, d->second, zone);
}

int64_t aloud_date_unix(const struct aloud_date *d)
{
    /* Days since 1970-01-01 of the proleptic Gregorian calendar (Howard
     * Hinnant's days_from_civil), so no time zone or locale is involved. */
    int y = d->year - (d->month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (d->month + (d->month > 2 ? -3 : 9)) + 2) / 5 + d->day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    int64_t t = days * 86400;
    if (d->has_time)
        t += d->hour * 3600 + d->minute * 60 + d->second;
    if (d->has_zone)
        t -= (int64_t)d->zone_minutes * 60;
    return t;
}

int aloud_date_time(const char *text, int64_t *out)
{
    struct aloud_date d;
    if (aloud_date_parse(text, &d, NULL) != 0)
        return -EINVAL;
    *out = aloud_date_unix(&d);
    return 0;
}
