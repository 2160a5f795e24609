/* SPDX-License-Identifier: GPL-2.0 */
/* config/gates.ini: what makes `compare --gate` fail. */
#ifndef VRB_GATES_H
#define VRB_GATES_H

#include <stdbool.h>
#include <stddef.h>

#include "compare.h"

/*
 * The exact metrics the gate reads, each with an allowed increase per run;
 * I() marks a rule a run must keep on its own (config/gates.ini [exact]: any
 * new run past the allowance fails the gate, whatever the base's runs did).
 */
#define GATES_EXACT_METRICS                                                        \
	X(not_done) X(alloc_fail) X(fail) I(verify_errors) I(zero_errors)          \
	I(node_errors) I(charge_errors) I(free_errors) X(moved)                    \
	X(resident_pages_after) X(nr_vmalloc_held) X(node_pages)                   \
	X(memcg_vmalloc_bytes_held) X(vmallocinfo_pages_held)

enum gates_exact {
#define X(n) GE_##n,
#define I(n) GE_##n,
	GATES_EXACT_METRICS
#undef X
#undef I
	GE_COUNT
};

struct gates {
	struct cmp_opts cmp;	/* alpha, threshold (p50), min_runs */
	size_t max_runs;	/* per side: the most an adaptive `ci` measures (looks.h) */
	long allow[GE_COUNT];	/* allowed increase of each exact metric */
	double allow_undecided;	/* gated cells that may stay ~ : a count, or a share */
	bool allow_undecided_share;	/* when given as a percentage */
};

/*
 * config/gates.ini, every gate default's one source (each key must be there;
 * unreadable, malformed or incomplete: an error naming it), then path (NULL:
 * $VRBENCH_GATES, if set) over it.  0 or -EINVAL with err filled.
 */
int gates__load(const char *path, struct gates *g, char *err, size_t len);
/* The allowance for an exact metric by its row name ("node1_pages" is node_pages). */
long gates__allowance(const struct gates *g, const char *metric);
/* Whether an exact metric is a rule of each run (I() above), not a comparison. */
bool gates__is_rule(const char *metric);
/* "12" or "10%" into g's undecided allowance; -EINVAL when malformed. */
int gates__set_undecided(struct gates *g, const char *v);
/* How many of n gated cells may stay undecided. */
size_t gates__undecided_allowed(const struct gates *g, size_t n);

#endif
