/* SPDX-License-Identifier: GPL-2.0 */
/* config/gates.ini: what makes `compare --gate` fail. */
#ifndef VRB_GATES_H
#define VRB_GATES_H

#include <stddef.h>

#include "compare.h"

struct gates {
	struct cmp_opts cmp;	/* alpha, threshold (p50), min_runs */
	long resident_pages;	/* allowed increase of resident pages after a step */
};

/* Load path (NULL: $VRBENCH_GATES, else config/gates.ini; missing: defaults). */
int gates__load(const char *path, struct gates *g, char *err, size_t len);

#endif
