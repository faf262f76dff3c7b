/* The aloud program: picks a subcommand by name, git style, and runs it. */
#include <stdio.h>
#include <string.h>

#include "aloud/util.h"
#include "cli.h"

static const struct cli_command commands[] = {
    {"fetch", "fetch a live site's articles into content/web/", cmd_fetch},
    {"build", "render content/ into out/: episodes, feed, pages", cmd_build},
    {"extract", "print the article a page or Markdown file holds", cmd_extract},
    {"script", "print what will be said, with pause cues", cmd_script},
    {"normalise", "print lines of text as they will be said (numbers, dates in words)", cmd_normalise},
    {"serve", "preview out/ over HTTP (pages, feed, audio)", cmd_serve},
    {"say", "speak an article into an MP3 episode or a WAV master", cmd_say},
    {"voices", "list the voice profiles and the installed eSpeak NG voices", cmd_voices},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
    fprintf(fp, "usage: aloud [--version] [--help] COMMAND [ARGS]\n\n"
                "aloud turns written articles into accessible audio.\n\nCommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\nRun 'aloud help COMMAND' for a command's options; 'man aloud' for all.\n"
                "Exit status: 0 success, 1 an input could not be processed,\n"
                "2 a usage or settings error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return ALOUD_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 && argc > 2) {
        /* aloud help COMMAND: the command's own --help. */
        for (size_t i = 0; i < N_COMMANDS; i++) {
            if (strcmp(argv[2], commands[i].name) == 0) {
                char *help_argv[] = {argv[2], (char *)"--help", NULL};
                return commands[i].run(2, help_argv);
            }
        }
        fprintf(stderr, "aloud: '%s' is not a command; see 'aloud --help'\n", argv[2]);
        return ALOUD_EXIT_USAGE;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return ALOUD_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("aloud %s\n", ALOUD_VERSION);
        return ALOUD_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "aloud: '%s' is not a command; see 'aloud --help'\n", name);
    return ALOUD_EXIT_USAGE;
}
