// SPDX-License-Identifier: GPL-2.0
/* Unit tests for summaries (runner/stats.c) against values worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "noise.h"
#include "stats.h"

#define EPS 1e-9

/* calibrate's noise report: what a row's runs look like, in words */
static void noise_shapes(void **state)
{
	double one_slow[] = { 37120, 37120, 63704, 37120, 37120, 37120, 37120, 37184, 37120, 37120 };
	double most_pay[] = { 120, 120, 120, 100, 120, 120, 120, 120 };
	double even[] = { 100, 101, 102, 103, 104, 105 };
	double flat[] = { 5, 5, 5 };
	char buf[96];

	(void)state;
	noise__shape(one_slow, 10, buf, sizeof(buf));
	assert_string_equal(buf, "1 of 10 runs +71 % (one event some runs pay)");
	noise__shape(most_pay, 8, buf, sizeof(buf));
	assert_string_equal(buf, "1 of 8 runs -17 % (an event most runs pay)");
	noise__shape(even, 6, buf, sizeof(buf));
	assert_string_equal(buf, "spread evenly, 5 % min to max");
	noise__shape(flat, 3, buf, sizeof(buf));
	assert_string_equal(buf, "-");
}

static void one_to_ten(void **state)
{
	double x[] = { 7, 1, 10, 3, 5, 2, 9, 4, 8, 6 };	/* order must not matter */
	struct summary s;

	(void)state;
	stats__summarize(x, 10, &s);
	assert_int_equal(s.n, 10);
	assert_float_equal(s.min, 1, EPS);
	assert_float_equal(s.max, 10, EPS);
	assert_float_equal(s.p50, 5.5, EPS);
	assert_float_equal(s.p90, 9.1, EPS);	/* (n-1)*0.9 = 8.1: 9 + 0.1 * (10 - 9) */
	assert_float_equal(s.p99, 9.91, EPS);
	assert_float_equal(s.mean, 5.5, EPS);
	assert_float_equal(s.mad, 2.5, EPS);	/* median of |x - 5.5| */
	assert_float_equal(s.cov, 3.0276503540974917 / 5.5, 1e-12);	/* sample sd / mean */
}

static void odd_count_with_outlier(void **state)
{
	double x[] = { 100, 102, 98, 101, 99, 1000, 100 };
	struct summary s;

	(void)state;
	stats__summarize(x, 7, &s);
	assert_float_equal(s.p50, 100, EPS);
	assert_float_equal(s.mad, 1, EPS);	/* |dev|: 0 2 2 1 1 900 0 -> median 1 */
	assert_float_equal(s.max, 1000, EPS);
	assert_true(s.mean > 200 && s.mean < 230);
}

static void single_and_empty(void **state)
{
	uint64_t one = 42;
	struct summary s;

	(void)state;
	stats__summarize_u64(&one, 1, &s);
	assert_float_equal(s.min, 42, EPS);
	assert_float_equal(s.p99, 42, EPS);
	assert_float_equal(s.cov, 0, EPS);
	assert_float_equal(s.mad, 0, EPS);
	stats__summarize_u64(NULL, 0, &s);
	assert_int_equal(s.n, 0);
	assert_float_equal(s.max, 0, EPS);
}

static void u64_matches_double(void **state)
{
	uint64_t u[] = { 250, 361, 1018, 152247, 310, 451 };
	double d[] = { 250, 361, 1018, 152247, 310, 451 };
	struct summary a, b;

	(void)state;
	stats__summarize_u64(u, 6, &a);
	stats__summarize(d, 6, &b);
	assert_float_equal(a.p50, b.p50, EPS);
	assert_float_equal(a.p90, b.p90, EPS);
	assert_float_equal(a.cov, b.cov, EPS);
	assert_float_equal(a.p50, 406, EPS);	/* (361 + 451) / 2 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_to_ten),
		cmocka_unit_test(noise_shapes),
		cmocka_unit_test(odd_count_with_outlier),
		cmocka_unit_test(single_and_empty),
		cmocka_unit_test(u64_matches_double),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
