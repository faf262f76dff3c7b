/* Tests of the shared helpers: buffers, UTF-8, white space, atomic files. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aloud/util.h"
#include "check.h"

static void test_squeeze(void)
{
    char s[] = "  a \t b\n\xC2\xA0 c  ";
    CHECK_STR(aloud_text_squeeze(s), "a b c");
}

static void test_utf8(void)
{
    CHECK(aloud_utf8_valid("caf\xC3\xA9", 5));
    CHECK(!aloud_utf8_valid("caf\xE9", 4));
    CHECK(!aloud_utf8_valid("\xED\xA0\x80", 3)); /* a surrogate */
    char *s = aloud_utf8_sanitize("a\xFF" "b", 3);
    CHECK_STR(s, "a\xEF\xBF\xBD" "b");
    free(s);
}

static void test_atomic(void)
{
    char dir[] = "/tmp/aloud-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = aloud_xasprintf("%s/file.txt", dir);
    char *err = NULL;
    CHECK(aloud_file_write_atomic(path, "hello", 5, &err) == 0);
    char *data = NULL;
    size_t len = 0;
    CHECK(aloud_file_read(path, 100, &data, &len, &err) == 0);
    CHECK(len == 5);
    CHECK_STR(data, "hello");
    free(data);
    /* An aborted write leaves the old content and no temporary file. */
    struct aloud_atomic f;
    CHECK(aloud_atomic_open(&f, path, &err) == 0);
    aloud_atomic_write(&f, "partial", 7);
    aloud_atomic_abort(&f);
    CHECK(aloud_file_read(path, 100, &data, &len, &err) == 0);
    CHECK_STR(data, "hello");
    free(data);
    /* A file over the limit is refused. */
    CHECK(aloud_file_read(path, 3, &data, &len, &err) < 0);
    CHECK(err != NULL);
    free(err);
    unlink(path);
    CHECK(rmdir(dir) == 0); /* nothing else was left behind */
    free(path);
}

/* A large file written over the old one kept as a spare: the new content
 * alone, cut to its length, the spare gone; without a length, commit
 * refuses rather than publish what the spare held beyond it; retiring
 * keeps one spare at most. */
static void test_spare(void)
{
    char dir[] = "/tmp/aloud-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = aloud_xasprintf("%s/episode.mp3", dir);
    char *old = aloud_xasprintf("%s/old.mp3", dir);
    char *older = aloud_xasprintf("%s/older.mp3", dir);
    char *spare = aloud_xasprintf("%s/spare.mp3", dir);
    char *err = NULL, *data = NULL;
    size_t len = 0;
    CHECK(aloud_file_write_atomic(old, "the old episode, longer", 23, &err) == 0);
    CHECK(aloud_file_write_atomic(older, "older", 5, &err) == 0);
    aloud_atomic_retire(old, spare);
    aloud_atomic_retire(older, spare); /* there is one: removed */
    CHECK(access(old, F_OK) != 0 && access(older, F_OK) != 0 && access(spare, F_OK) == 0);
    struct aloud_atomic f;
    CHECK(aloud_atomic_open_reusing(&f, path, spare, &err) == 0);
    CHECK(f.reused && access(spare, F_OK) != 0);
    aloud_atomic_write(&f, "new", 3);
    aloud_atomic_set_length(&f, 3);
    CHECK(aloud_atomic_commit(&f, &err) == 0);
    CHECK(aloud_file_read(path, 100, &data, &len, &err) == 0);
    CHECK(len == 3);
    CHECK_STR(data, "new");
    free(data);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    /* Reused without a length: refused, the published file kept. */
    aloud_atomic_retire(path, spare);
    CHECK(aloud_file_write_atomic(path, "published", 9, &err) == 0);
    CHECK(aloud_atomic_open_reusing(&f, path, spare, &err) == 0);
    CHECK(f.reused);
    aloud_atomic_write(&f, "x", 1);
    CHECK(aloud_atomic_commit(&f, &err) < 0);
    CHECK(aloud_file_read(path, 100, &data, &len, &err) == 0);
    CHECK_STR(data, "published");
    free(data);
    /* No spare: a new file, as aloud_atomic_open. */
    CHECK(aloud_atomic_open_reusing(&f, path, spare, &err) == 0);
    CHECK(!f.reused);
    aloud_atomic_write(&f, "fresh", 5);
    CHECK(aloud_atomic_commit(&f, &err) == 0);
    CHECK(aloud_file_read(path, 100, &data, &len, &err) == 0);
    CHECK_STR(data, "fresh");
    free(data);
    free(err);
    unlink(path);
    CHECK(rmdir(dir) == 0); /* nothing else was left behind */
    free(path);
    free(old);
    free(older);
    free(spare);
}

int main(void)
{
    test_squeeze();
    test_utf8();
    test_atomic();
    test_spare();
    return check_done();
}
