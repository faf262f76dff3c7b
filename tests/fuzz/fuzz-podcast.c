/* Fuzz target: content/podcast.ini, the show's settings. The input is
 * written to a file, as the settings are read from one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "aloud/podcast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/aloud-fuzz-podcast-%ld.ini", (long)getpid());
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    struct aloud_podcast *p = NULL;
    char *err = NULL;
    if (aloud_podcast_load(path, &p, &err) == 0)
        free(aloud_podcast_feed_url(p));
    aloud_podcast_free(p);
    free(err);
    unlink(path);
    return 0;
}
