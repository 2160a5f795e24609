/* SPDX-License-Identifier: GPL-2.0 */
/* Whether a shrink gave its tail pages back to the allocator (vrb_tail.c). */
#ifndef VRB_TAIL_H
#define VRB_TAIL_H

#include <linux/mm_types.h>

/* The first and the last page past a shrink's new end, each with a reference of ours. */
struct vrb_tail {
	struct folio *folio[2];
	unsigned long addr[2];
	bool inject_hold;	/* inject=hold_tail: one more reference on the last */
};

void vrb_tail_hold(struct vrb_tail *t, const void *p, size_t old, size_t new);
long vrb_tail_release(struct vrb_tail *t, bool judge);

#endif /* VRB_TAIL_H */
