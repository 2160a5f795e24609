// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the guest-to-host record stream (runner/vm_channel.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "vm_channel.h"

static int parse(const char *s, struct vm_channel *ch)
{
	return vm_channel__parse(s, strlen(s), ch);
}

static void complete_stream(void **state)
{
	const char *s = "@vrb file stdout 6\nhello\n@vrb file info 7\nabi=1\n\n@vrb exit 3\n";
	struct vm_channel ch;

	(void)state;
	assert_int_equal(parse(s, &ch), 0);
	assert_true(ch.has_exit);
	assert_int_equal(ch.exit_code, 3);
	assert_false(ch.truncated);
	assert_int_equal(ch.nfiles, 2);
	assert_string_equal(vm_channel__file(&ch, "stdout")->data, "hello\n");
	assert_int_equal(vm_channel__file(&ch, "info")->len, 7);
	assert_null(vm_channel__file(&ch, "dmesg"));
	vm_channel__free(&ch);
}

/* A file whose bytes look like records is still one file: sizes frame it. */
static void file_containing_markers(void **state)
{
	const char *s = "@vrb file stdout 12\n@vrb exit 9\n@vrb exit 0\n";
	struct vm_channel ch;

	(void)state;
	assert_int_equal(parse(s, &ch), 0);
	assert_int_equal(ch.nfiles, 1);
	assert_string_equal(ch.files[0].data, "@vrb exit 9\n");
	assert_int_equal(ch.exit_code, 0);
	vm_channel__free(&ch);
}

static void binary_file(void **state)
{
	const char s[] = "@vrb file bin 4\n\0\n\xff@@vrb exit 0\n";
	struct vm_channel ch;

	(void)state;
	assert_int_equal(vm_channel__parse(s, sizeof(s) - 1, &ch), 0);
	assert_int_equal(ch.files[0].len, 4);
	assert_memory_equal(ch.files[0].data, "\0\n\xff@", 4);
	vm_channel__free(&ch);
}

/* A guest that died mid-file: no exit, truncated, the earlier files kept. */
static void truncated_stream(void **state)
{
	const char *s = "@vrb file stdout 2\nok@vrb file dmesg 1000\n[    0.0] Linux";
	struct vm_channel ch;

	(void)state;
	assert_int_equal(parse(s, &ch), 0);
	assert_false(ch.has_exit);
	assert_true(ch.truncated);
	assert_int_equal(ch.nfiles, 1);
	vm_channel__free(&ch);
}

static void empty_stream(void **state)
{
	struct vm_channel ch;

	(void)state;
	assert_int_equal(parse("", &ch), 0);
	assert_false(ch.has_exit);
	assert_int_equal(ch.nfiles, 0);
	vm_channel__free(&ch);
}

static void error_record(void **state)
{
	struct vm_channel ch;

	(void)state;
	assert_int_equal(parse("@vrb error insmod failed: Invalid module format\n@vrb exit 125\n",
			       &ch), 0);
	assert_string_equal(ch.error, "insmod failed: Invalid module format");
	assert_int_equal(ch.exit_code, 125);
	vm_channel__free(&ch);
}

static void malformed(void **state)
{
	static const char *const bad[] = {
		"garbage\n",
		"@vrb file stdout\n",
		"@vrb file stdout -1\n",
		"@vrb file stdout 12x\n",
		"@vrb file  5\nhello",
		"@vrb file x 99999999999999999999999\n",
		"@vrb exit\n",
		"@vrb exit 256\n",
		"@vrb exit -1\n",
		"@vrb exit 1 2\n",
		"@vrb launch 1\n",
	};
	struct vm_channel ch;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &ch), -EPROTO);
		vm_channel__free(&ch);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(complete_stream),
		cmocka_unit_test(file_containing_markers),
		cmocka_unit_test(binary_file),
		cmocka_unit_test(truncated_stream),
		cmocka_unit_test(empty_stream),
		cmocka_unit_test(error_record),
		cmocka_unit_test(malformed),
	};

	return cmocka_run_group_tests_name("vm_channel", tests, NULL, NULL);
}
