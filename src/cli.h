/* The aloud program's subcommands. Each parses its own options (getopt_long)
 * and calls the library; main.c picks one by name. */
#ifndef ALOUD_CLI_H
#define ALOUD_CLI_H

#include "aloud/source.h"

struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command's name */
};

int cmd_extract(int argc, char **argv);
int cmd_script(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_say(int argc, char **argv);
int cmd_voices(int argc, char **argv);
int cmd_normalise(int argc, char **argv);

/* The voices directory to use: the option's value when given, else
 * $ALOUD_VOICES, else ./voices when it exists, else the installed one. */
const char *cli_voices_dir(const char *option);

/* Prints "aloud: MESSAGE" on standard error. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Option values the commands share. Each parses optarg for command cmd,
 * prints the usage error itself and returns 0, or -1 for a bad value. */
int cli_parse_type(const char *cmd, const char *optarg, enum aloud_source_type *type);
int cli_parse_format(const char *cmd, const char *optarg, int *json);

/* The options of the commands that read one article (say, script): its
 * --type, --voice and --voices. */
struct cli_article_opts {
    enum aloud_source_type type;
    const char *voice_name; /* --voice, or NULL */
    const char *voices_opt; /* --voices, or NULL */
};
/* getopt_long entries for them ('t', 'v', 'V'), to copy into a table. */
#define CLI_ARTICLE_OPTIONS                                                                        \
    {"type", required_argument, NULL, 't'}, {"voice", required_argument, NULL, 'v'},              \
        {"voices", required_argument, NULL, 'V'}
/* Takes option c with its argument for cmd: 1 when it was one of the
 * article options, 0 when not, -1 for a bad value (the message printed). */
int cli_article_option(const char *cmd, int c, const char *arg, struct cli_article_opts *o);
/* Checks the input path: "-" (standard input) needs --type. Prints the
 * usage error and returns -1, or 0. */
int cli_check_input(const char *cmd, const char *path, enum aloud_source_type type);

struct aloud_article;
struct aloud_prepared;

/* The front half of say and script: loads the article at path and
 * prepares it (aloud_prepare: its voices from the voices directory, with
 * o->voice_name first, and its script). Fills both (the caller frees them,
 * also on failure) and returns an exit status; *err names the file and the
 * problem on failure. */
int cli_load_script(const char *path, const struct cli_article_opts *o,
                    struct aloud_article **article, struct aloud_prepared *prepared, char **err);

/* Returns the exit status for a library error code: input problems 1. */
int cli_status(int rc);

#endif
