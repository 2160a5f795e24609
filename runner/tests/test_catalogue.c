// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the kernel catalogue parser (runner/catalogue.c). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <errno.h>

#include "catalogue.h"

static char path[] = "/tmp/vrb-catalogue-XXXXXX";

static int load_text(const char *text, struct catalogue **cat, char *err, size_t len)
{
	int fd = mkstemp(path);
	int rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = catalogue__load(cat, path, err, len);
	unlink(path);
	strcpy(path + strlen(path) - 6, "XXXXXX");
	return rc;
}

static void shipped_catalogue(void **state)
{
	struct catalogue *cat;
	char err[512];
	const struct kernel_entry *e;

	(void)state;
	assert_int_equal(catalogue__load(&cat, "config/kernels.ini", err, sizeof(err)), 0);
	e = catalogue__find(cat, "7.3");
	assert_non_null(e);
	assert_int_equal(e->source, KSRC_DEBIAN);
	assert_string_equal(e->series, "7.3");
	assert_true(e->is_default);
	assert_false(catalogue__find(cat, "6.1")->is_default);
	assert_null(catalogue__find(cat, "7.33"));
	catalogue__free(cat);
}

static void local_kernel(void **state)
{
	struct catalogue *cat;
	char err[512];
	const struct kernel_entry *e;

	(void)state;
	assert_int_equal(load_text("[mine]\nsource = local\nvmlinuz = /k/bzImage\nbuild = /k\n",
				   &cat, err, sizeof(err)), 0);
	e = catalogue__get(cat, 0);
	assert_string_equal(e->name, "mine");
	assert_string_equal(e->vmlinuz, "/k/bzImage");
	assert_false(e->is_default);
	catalogue__free(cat);
}

static void expect_error(const char *text, const char *needle)
{
	struct catalogue *cat = NULL;
	char err[512];

	assert_int_equal(load_text(text, &cat, err, sizeof(err)), -EINVAL);
	assert_null(cat);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("[a]\nsource = debian\nseries = 6.12\nflavour = rt\n", ":4: [a] unknown key 'flavour'");
	expect_error("[a]\nsource = debian\nseries = 6.12\ndefault = maybe\n", ":4: [a] default = 'maybe'");
	expect_error("[a]\nsource = ftp\n", ":2: [a] source = 'ftp'");
	expect_error("source = debian\n", ":1: 'source' stands outside");
	expect_error("[a]\nsource = debian\nseries = 6.12\n[b]\nsource = debian\nseries = 7.3\n"
		     "[a]\nseries = 6.1\n", ":8: kernel [a] is defined twice");
	expect_error("[a\nsource = debian\n", ":1: syntax error");
}

static void errors_incomplete_entries(void **state)
{
	(void)state;
	expect_error("[a]\nsource = debian\n", "[a] a debian kernel needs series");
	expect_error("[a]\nsource = debian\nseries = 6\n", "[a] a debian kernel needs series");
	expect_error("[a]\nsource = debian\nseries = 6.12.1\n", "needs series = MAJOR.MINOR");
	expect_error("[a]\nsource = local\nvmlinuz = /x\n", "[a] a local kernel needs");
	expect_error("[a]\nseries = 6.12\n", "[a] needs source");
}

static void missing_file(void **state)
{
	struct catalogue *cat;
	char err[512];

	(void)state;
	assert_int_equal(catalogue__load(&cat, "/nonexistent/kernels.ini", err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "/nonexistent/kernels.ini: cannot open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_catalogue),
		cmocka_unit_test(local_kernel),
		cmocka_unit_test(errors_name_file_and_line),
		cmocka_unit_test(errors_incomplete_entries),
		cmocka_unit_test(missing_file),
	};

	return cmocka_run_group_tests_name("catalogue", tests, NULL, NULL);
}
