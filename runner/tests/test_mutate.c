// SPDX-License-Identifier: GPL-2.0
/*
 * Mutants of a function (runner/plan/mutate.c): each operator where it
 * applies and nowhere else (not in comments, literals, declarations, labels,
 * a for header's clauses or another function), and a patch that says exactly
 * the one edit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mutate.h"

static const char src[] =
	"/* grow(): if (x) foo(); */\n"				/* 1 */
	"static int helper(int a)\n"
	"{\n"
	"\tif (a < 2)\n"
	"\t\tcall(a);\n"					/* 5 */
	"\treturn a;\n"
	"}\n"
	"\n"
	"void *grow(const void *p, size_t size)\n"
	"{\n"							/* 10 */
	"\tunsigned long nr_pages;\n"
	"\tint i;\n"
	"\n"
	"\tif (!size && p)\n"
	"\t\treturn NULL;\n"					/* 15 */
	"\tpr_info(\"if (x) { y(); } \\\" <\");\t/* a < b; z(); */\n"
	"\tnr_pages = size >> PAGE_SHIFT;\n"
	"\tfor (i = 0; i < nr_pages; i++)\n"
	"\t\tput(i);\n"
	"\tsize = min(size, 4096);\n"				/* 20 */
	"out:\n"
	"\treturn p ? p : NULL;\n"
	"}\n";

static size_t count(const struct mutant *m, size_t n, const char *op)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += !strcmp(m[i].op, op);
	return k;
}

static void every_operator_where_it_applies(void **state)
{
	struct mutant *m = NULL;
	size_t n = 0, i;
	char err[128];

	(void)state;
	assert_int_equal(mutate__function(src, "grow", &m, &n, err, sizeof(err)), 0);
	/* if (!size && p): whole, each operand; nothing from the literal or comment */
	assert_int_equal(count(m, n, "negate"), 1);
	assert_int_equal(count(m, n, "negate-operand"), 2);
	/* pr_info(), nr_pages =, put(), size =: not the declarations, the label,
	 * return, or the for header's i = 0 and i++ */
	assert_int_equal(count(m, n, "drop"), 4);
	assert_int_equal(count(m, n, "off-by-one"), 1);	/* i < nr_pages, not >> */
	assert_int_equal(count(m, n, "swap-minmax"), 1);
	assert_int_equal(count(m, n, "pages+1"), 1);
	assert_int_equal(n, 10);
	for (i = 0; i < n; i++) {
		assert_true(m[i].line > 10 && m[i].line < 23);	/* grow's body only */
		assert_string_not_equal(m[i].before, m[i].after);
		if (!strcmp(m[i].op, "drop")) {
			assert_null(strstr(m[i].before, "for ("));
			assert_null(strstr(m[i].before, "out:"));
			assert_non_null(strstr(m[i].after, "do { } while (0);"));
		}
		if (!strcmp(m[i].op, "off-by-one"))
			assert_string_equal(m[i].after, "\tfor (i = 0; i <= nr_pages; i++)");
		if (!strcmp(m[i].op, "pages+1"))
			assert_string_equal(m[i].after, "\tnr_pages = (size >> PAGE_SHIFT) + 1;");
		if (!strcmp(m[i].op, "negate"))
			assert_string_equal(m[i].after, "\tif (!(!size && p))");
	}
	/* ids count lines from the body's "{" and tell two edits of one line apart */
	assert_string_equal(m[0].id, "grow+4-negate");
	assert_string_equal(m[1].id, "grow+4-negate-operand");
	assert_string_equal(m[2].id, "grow+4-negate-operand-2");
	mutants__free(m, n);
}

static void the_other_function(void **state)
{
	struct mutant *m = NULL;
	size_t n = 0;
	char err[128];

	(void)state;
	assert_int_equal(mutate__function(src, "helper", &m, &n, err, sizeof(err)), 0);
	/* if (a < 2): negate, off-by-one; call(a) dropped */
	assert_int_equal(n, 3);
	assert_int_equal(mutate__function(src, "missing", &m, &n, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "missing"));
	mutants__free(m, n);
}

static void patch_says_one_edit(void **state)
{
	struct mutant *m = NULL;
	size_t n = 0, i;
	char err[128], *diff = NULL;

	(void)state;
	assert_int_equal(mutate__function(src, "grow", &m, &n, err, sizeof(err)), 0);
	for (i = 0; i < n && strcmp(m[i].op, "swap-minmax"); i++)
		;
	assert_true(i < n);
	diff = mutant__patch(&m[i], src, "mm/grow.c");
	assert_string_equal(diff,
			    "--- a/mm/grow.c\n+++ b/mm/grow.c\n@@ -17,7 +17,7 @@\n"
			    " \tnr_pages = size >> PAGE_SHIFT;\n"
			    " \tfor (i = 0; i < nr_pages; i++)\n"
			    " \t\tput(i);\n"
			    "-\tsize = min(size, 4096);\n"
			    "+\tsize = max(size, 4096);\n"
			    " out:\n"
			    " \treturn p ? p : NULL;\n"
			    " }\n");
	free(diff);
	mutants__free(m, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_operator_where_it_applies),
		cmocka_unit_test(the_other_function),
		cmocka_unit_test(patch_says_one_edit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
