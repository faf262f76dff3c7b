/* Helpers the subcommands share: messages, exit statuses, where voices are. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aloud/util.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("aloud: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_parse_type(const char *cmd, const char *optarg, enum aloud_source_type *type)
{
    if (aloud_source_type_parse(optarg, type) == 0)
        return 0;
    cli_error("%s: unknown --type '%s' (html or md)", cmd, optarg);
    return -1;
}

int cli_parse_format(const char *cmd, const char *optarg, int *json)
{
    if (strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0) {
        *json = optarg[0] == 'j';
        return 0;
    }
    cli_error("%s: unknown --format '%s' (text or json)", cmd, optarg);
    return -1;
}

int cli_status(int rc)
{
    return rc == 0 ? ALOUD_EXIT_OK : ALOUD_EXIT_INPUT;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_voices_dir(const char *option)
{
    if (option)
        return option;
    const char *env = getenv("ALOUD_VOICES");
    if (env && *env)
        return env;
    if (is_dir("voices"))
        return "voices";
    if (is_dir(ALOUD_VOICES_DIR))
        return ALOUD_VOICES_DIR;
    return ALOUD_SOURCE_VOICES_DIR;
}
