/* TOML through toml++ (C++), behind a C interface: the one C++ file of
 * aloud (src/toml.cc). Used for TOML front matter (Hugo, Zola). */
#ifndef ALOUD_TOML_H
#define ALOUD_TOML_H

#include <json-c/json.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parses TOML text (len bytes) into *out, a JSON object (caller puts it):
 * tables become objects, arrays arrays, strings, integers, floats and
 * booleans themselves, dates and times their RFC 3339 text. *lines gets an
 * object of each top-level key's line (1-based within text). Returns 0, or
 * -EINVAL with *err (toml++'s message; caller frees) and *line. */
int aloud_toml_parse(const char *text, size_t len, json_object **out, json_object **lines,
                     char **err, int *line);

#ifdef __cplusplus
}
#endif

#endif
