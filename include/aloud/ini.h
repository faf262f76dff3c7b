/* INI settings files (voice profiles, lexicons, podcast.ini) read through
 * inih, with every error reported as "FILE:LINE: message". Debian's inih
 * does not tell a handler its line, so files are fed to inih through our
 * own line reader, which counts them. */
#ifndef ALOUD_INI_H
#define ALOUD_INI_H

#include <stddef.h>

#include "aloud/util.h"

struct aloud_ini;

/* Called for each key; returns 1 to go on, or 0 after aloud_ini_fail. */
typedef int (*aloud_ini_handler)(struct aloud_ini *ini, void *user, const char *section,
                                 const char *key, const char *value);

/* Records the first error of a parse, at the line being read. */
void aloud_ini_fail(struct aloud_ini *ini, const char *fmt, ...) ALOUD_PRINTF(2, 3);

/* The line inih is on (1-based). */
int aloud_ini_line(const struct aloud_ini *ini);

/* Parses the file at path (at most max_bytes, UTF-8) with handler. Returns
 * 0, or -errno with *err "PATH:LINE: message" (caller frees). */
int aloud_ini_parse_file(const char *path, size_t max_bytes, aloud_ini_handler handler,
                         void *user, char **err);

/* Helpers for handlers: parse a value or fail naming the key. */
int aloud_ini_int(struct aloud_ini *ini, const char *key, const char *value, long min, long max,
                  long *out);
/* aloud_ini_int for a quantity: the message says what it is
 * ("rate: expected words per minute between 80 and 450, got 'fast'"). */
int aloud_ini_measure(struct aloud_ini *ini, const char *key, const char *value, long min,
                      long max, const char *what, long *out);
int aloud_ini_double(struct aloud_ini *ini, const char *key, const char *value, double min,
                     double max, double *out);
/* true, yes, on, 1 / false, no, off, 0 (any case). */
int aloud_ini_bool(struct aloud_ini *ini, const char *key, const char *value, int *out);

#endif
