/* Helpers the subcommands share: messages, exit statuses, where voices are. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aloud/prepare.h"
#include "aloud/script.h"
#include "aloud/source.h"
#include "aloud/util.h"
#include "aloud/voice.h"

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

int cli_article_option(const char *cmd, int c, const char *arg, struct cli_article_opts *o)
{
    switch (c) {
    case 't':
        return cli_parse_type(cmd, arg, &o->type) ? -1 : 1;
    case 'v':
        o->voice_name = arg;
        return 1;
    case 'V':
        o->voices_opt = arg;
        return 1;
    default:
        return 0;
    }
}

int cli_check_input(const char *cmd, const char *path, enum aloud_source_type type)
{
    if (strcmp(path, "-") == 0 && type == ALOUD_SOURCE_AUTO) {
        cli_error("%s: reading standard input needs --type html or --type md", cmd);
        return -1;
    }
    return 0;
}

int cli_load_script(const char *path, const struct cli_article_opts *o,
                    struct aloud_article **article, struct aloud_prepared *prepared, char **err)
{
    int rc = aloud_source_load(path, o->type, article, err);
    if (rc)
        return cli_status(rc);
    rc = aloud_prepare(*article, cli_voices_dir(o->voices_opt), o->voice_name, NULL, prepared,
                       err);
    if (rc == -EINVAL)
        return ALOUD_EXIT_USAGE;
    if (rc) {
        /* The script stage does not know the file; name it here. */
        char *msg = aloud_xasprintf("%s: %s", strcmp(path, "-") == 0 ? "<stdin>" : path,
                                    *err ? *err : "cannot build the script");
        free(*err);
        *err = msg;
        return cli_status(rc);
    }
    return ALOUD_EXIT_OK;
}
