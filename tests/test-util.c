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

int main(void)
{
    test_squeeze();
    test_utf8();
    test_atomic();
    return check_done();
}
