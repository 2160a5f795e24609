// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection (inject=), for proving that each selftest case can fail.
 * The parameter is a string a write may free at any time: it is read once
 * per run, under the parameter lock, into a mask.
 */
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "vrb_bench.h"

unsigned int vrb_run_inject;

unsigned int vrb_inject_mask(void)
{
	static const char * const names[] = { "corrupt_after_grow", "move_on_resize",
					      "dirty_grow", "skew_resident", "leak_page",
					      "hold_tail" };
	unsigned int mask = 0, i;

	kernel_param_lock(THIS_MODULE);
	for (i = 0; vrb_inject && i < ARRAY_SIZE(names); i++)
		if (strstr(vrb_inject, names[i]))
			mask |= 1U << i;
	kernel_param_unlock(THIS_MODULE);
	return mask;
}

/* inject=leak_page: one page per run that nothing frees until the module goes. */
static void *leaked[1024];
static unsigned int nleaked;

void vrb_inject_leak(void)
{
	if (nleaked < ARRAY_SIZE(leaked))
		leaked[nleaked++] = vmalloc(PAGE_SIZE);
}

void vrb_inject_release(void)
{
	while (nleaked)
		vfree(leaked[--nleaked]);
}
