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

struct aloud_article;
struct aloud_voice;
struct aloud_script;

/* The front half of say and script: loads the article at path, picks its
 * voice (voice_name, else the article's voice or language) from the
 * voices directory, and builds its script. Fills the three (the caller
 * frees them, also on failure) and returns an exit status; *err names the
 * file and the problem on failure. */
int cli_load_script(const char *path, enum aloud_source_type type, const char *voices_opt,
                    const char *voice_name, struct aloud_article **article,
                    struct aloud_voice **voice, struct aloud_script **script, char **err);

/* Returns the exit status for a library error code: input problems 1. */
int cli_status(int rc);

#endif
