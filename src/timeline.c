/* The rendered episode's timeline: sentences, words and chapters with
 * their sample positions. */
#include "aloud/timeline.h"

#include <stdlib.h>

#include "aloud/util.h"

struct aloud_timeline *aloud_timeline_new(unsigned sample_rate)
{
    struct aloud_timeline *t = aloud_xcalloc(1, sizeof *t);
    t->sample_rate = sample_rate;
    return t;
}

void aloud_timeline_add(struct aloud_span **list, size_t *n, uint64_t start, uint64_t end,
                        size_t segment, const char *text)
{
    /* Grow in powers of two: the count is the capacity's only record. */
    if ((*n & (*n - 1)) == 0)
        *list = aloud_xrealloc(*list, (*n ? *n * 2 : 1) * sizeof **list);
    struct aloud_span *s = &(*list)[(*n)++];
    s->start = start;
    s->end = end;
    s->segment = segment;
    s->text = aloud_xstrdup(text ? text : "");
}

uint64_t aloud_timeline_ms(const struct aloud_timeline *t, uint64_t sample)
{
    return t->sample_rate ? sample * 1000 / t->sample_rate : 0;
}

static void free_spans(struct aloud_span *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].text);
    free(list);
}

void aloud_timeline_free(struct aloud_timeline *t)
{
    if (!t)
        return;
    free_spans(t->sentences, t->n_sentences);
    free_spans(t->words, t->n_words);
    free_spans(t->chapters, t->n_chapters);
    free(t);
}
