// SPDX-License-Identifier: GPL-2.0
/*
 * Whether a shrink gave the pages it unmapped back to the allocator.  NR_VMALLOC,
 * the memcg charge and the mapping all say a page left the area before it is
 * freed, so a shrink that unmaps and uncounts its tail but never frees it (a
 * lost free_pages_bulk()) passes every other probe.  Counting free memory
 * cannot tell: it is system-wide and batched per CPU.  A reference can: take
 * one on the first and the last tail page before the shrink; after it, a page
 * the shrink unmapped must have ours as its only reference.  Ours also keeps
 * the allocator from handing the page to another CPU in between, so there is
 * no race, and dropping it frees the page as vrealloc would have.
 *
 * Only the untimed probe repetition holds pages (a held page is not freed
 * inside the timed call), so a walk, whose one operation is both timed and
 * probed, is not checked.
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "vrb_bench.h"
#include "vrb_tail.h"

void vrb_tail_hold(struct vrb_tail *t, const void *p, size_t old, size_t new)
{
	unsigned long first = PAGE_ALIGN(new), last = PAGE_ALIGN(old);
	int i;

	*t = (struct vrb_tail){ 0 };
	if (!p || !is_vmalloc_addr(p) || first >= last)
		return;
	t->addr[0] = (unsigned long)p + first;
	t->addr[1] = (unsigned long)p + last - PAGE_SIZE;
	for (i = 0; i < 2; i++) {
		struct page *page = vmalloc_to_page((void *)t->addr[i]);

		if (!page || (i == 1 && t->addr[1] == t->addr[0]))
			continue;
		t->folio[i] = page_folio(page);
		folio_get(t->folio[i]);
	}
	if (t->folio[1] && (vrb_run_inject & VRB_INJ_HOLD_TAIL)) {
		folio_get(t->folio[1]);
		t->inject_hold = true;
	}
}

/*
 * Drop the references; with judge (the area shrank in place), return how many
 * of the held pages the shrink unmapped but did not free.  A page it kept
 * mapped (VM_USERMAP, huge, gfp without IO/FS, or a kernel before 7.2) is the
 * area's still, and not judged.
 */
long vrb_tail_release(struct vrb_tail *t, bool judge)
{
	long kept = 0;
	int i;

	for (i = 0; i < 2; i++) {
		if (!t->folio[i])
			continue;
		/* inject=hold_tail's reference is one the kernel did not drop */
		if (judge && !vmalloc_to_page((void *)t->addr[i]) &&
		    folio_ref_count(t->folio[i]) != 1)
			kept++;
		folio_put(t->folio[i]);
	}
	if (t->inject_hold)
		folio_put(t->folio[1]);
	*t = (struct vrb_tail){ 0 };
	return kept;
}
