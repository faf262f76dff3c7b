/* Tests of the date reader: the forms front matter, meta tags, JSON-LD and
 * feeds write, their ISO 8601 form and Unix time, and what is refused. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aloud/date.h"
#include "check.h"

/* text read whole, and its ISO form (NULL: refused). */
static void check_form(const char *text, const char *iso)
{
    struct aloud_date d;
    int rc = aloud_date_parse(text, &d, NULL);
    if (!iso) {
        CHECK(rc == -EINVAL);
        if (rc != -EINVAL)
            fprintf(stderr, "  '%s' was read\n", text);
        return;
    }
    CHECK(rc == 0);
    char *got = rc == 0 ? aloud_date_format(&d) : NULL;
    if (!got || strcmp(got, iso) != 0)
        fprintf(stderr, "  '%s'\n", text);
    CHECK_STR(got, iso);
    free(got);
}

static void test_forms(void)
{
    check_form("2026-03-14", "2026-03-14");
    check_form("  2026-03-14\n", "2026-03-14");
    check_form("2026-03-14T08:05", "2026-03-14T08:05:00");
    check_form("2026-03-14 08:05:00 +01:00", "2026-03-14T08:05:00+01:00");
    check_form("2026-03-14T08:05:00.123456Z", "2026-03-14T08:05:00Z");
    check_form("2019-11-19T10:00:00+0000", "2019-11-19T10:00:00Z");
    check_form("2019-11-19T10:00:00-0500", "2019-11-19T10:00:00-05:00");
    check_form("2019-11-19T10:00+05", "2019-11-19T10:00:00+05:00");
    check_form("2019-11-19 9:05:00 -0500", "2019-11-19T09:05:00-05:00");
    check_form("2019-11-19 10:00:00 UTC", "2019-11-19T10:00:00Z");
    check_form("2019/11/19", "2019-11-19");
    check_form("19 November 2019", "2019-11-19");
    check_form("9 May 2019", "2019-05-09");
    check_form("19 Nov 2019 10:00 GMT", "2019-11-19T10:00:00Z");
    check_form("November 19, 2019", "2019-11-19");
    check_form("Nov. 19, 2019", "2019-11-19");
    check_form("Sept 3, 2019", "2019-09-03");
    check_form("November 19th, 2019", "2019-11-19");
    check_form("November 19, 2019, 04:05 PM EST", "2019-11-19T16:05:00-05:00");
    check_form("November 19, 2019 at 12:30 am", "2019-11-19T00:30:00");
    check_form("Mon, 18 Nov 2019 10:00:00 -0500", "2019-11-18T10:00:00-05:00");
    check_form("Tue Nov 19 2019 10:00:00 GMT+0100 (Central European Standard Time)",
               "2019-11-19T10:00:00+01:00");
    check_form("2024-02-29", "2024-02-29");

    check_form("next Tuesday", NULL);
    check_form("27/02/2026", NULL); /* day and month in figures: ambiguous */
    check_form("2026-13-01", NULL);
    check_form("2026-02-30", NULL);
    check_form("2023-02-29", NULL);
    check_form("2026-02-27 tomorrow", NULL);
    check_form("2026-02-27T", NULL);
    check_form("2026-02-27T25:00", NULL);
    check_form("2026-2-7", NULL);
    check_form("0999-01-01", NULL);
    check_form("1574208000", NULL); /* a Unix time is not a date */
    check_form("Smarch 3, 2019", NULL);
    check_form("13:00 PM, May 3, 2019", NULL);
    check_form("", NULL);
    check_form(NULL, NULL);
}

static void test_prefix(void)
{
    struct aloud_date d;
    const char *end = NULL;
    const char *text = "2019-11-19T10:00:00 IST, updated later";
    CHECK(aloud_date_parse(text, &d, NULL) == -EINVAL);
    CHECK(aloud_date_parse(text, &d, &end) == 0);
    CHECK(d.year == 2019 && d.month == 11 && d.day == 19 && d.has_time && !d.has_zone);
    CHECK(end && strcmp(end, " IST, updated later") == 0);
}

static void test_unix_time(void)
{
    int64_t t = 0;
    CHECK(aloud_date_time("1970-01-01", &t) == 0 && t == 0);
    CHECK(aloud_date_time("2026-02-27", &t) == 0 && t == 1772150400);
    CHECK(aloud_date_time("2026-02-27T09:00:00Z", &t) == 0 && t == 1772182800);
    CHECK(aloud_date_time("2026-02-27T10:00:00+01:00", &t) == 0 && t == 1772182800);
    CHECK(aloud_date_time("2026-02-27T04:30-04:30", &t) == 0 && t == 1772182800);
    CHECK(aloud_date_time("2026-02-27T09:00:00.250Z", &t) == 0 && t == 1772182800);
    CHECK(aloud_date_time("Fri, 27 Feb 2026 09:00:00 +0000", &t) == 0 && t == 1772182800);
    CHECK(aloud_date_time("2000-03-01", &t) == 0 && t == 951868800);
    CHECK(aloud_date_time("1969-12-31T23:59:59Z", &t) == 0 && t == -1);
    CHECK(aloud_date_time("27/02/2026", &t) == -EINVAL);
    CHECK(aloud_date_time("2026-13-01", &t) == -EINVAL);
    CHECK(aloud_date_time("2026-02-27 tomorrow", &t) == -EINVAL);
    CHECK(aloud_date_time("", &t) == -EINVAL);
    CHECK(aloud_date_time(NULL, &t) == -EINVAL);
}

int main(void)
{
    test_forms();
    test_prefix();
    test_unix_time();
    return check_done();
}
