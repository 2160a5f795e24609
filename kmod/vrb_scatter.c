// SPDX-License-Identifier: GPL-2.0
/*
 * scatter=1: each repetition's fresh area at a random one of several
 * addresses.  Without it the area a repetition frees is purged (drain=1)
 * into the per-node pool of its size, and the next repetition's area gets
 * exactly that address back; so does every repetition of the boot.  What a
 * resize costs depends on where the area is (find_vm_area() walks the busy
 * tree of the vmap node its address falls in, whose depth depends on what
 * the boot put there): under icount one in-place grow took 2040, 2080 or
 * 2144 ns, the same in every repetition of a boot and different from boot
 * to boot, and a run's median was one draw.  Before the area, a random
 * number (0..7) of decoys of its very size are mapped: they take the
 * addresses the area would have had (the same pool, or the same first-fit
 * search for areas too big for a pool), so the area lands on the next.
 * Decoys map one page again and again: address space, no memory, and no
 * counter a probe reads (NR_VMALLOC and the memcg count vmalloc's pages).
 * They are given back right after the allocation, untimed.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vrb_scatter.h"

void vrb_scatter_take(struct vrb_scatter *sc, size_t size)
{
	unsigned long pages = PAGE_ALIGN(size) >> PAGE_SHIFT, i;
	unsigned int want = get_random_u32_below(VRB_SCATTER_MAX);
	struct page **map;

	sc->n = 0;
	sc->page = NULL;
	if (!want || !pages)
		return;
	/* without a decoy the area goes where it would have gone: no harm */
	map = kvmalloc_array(pages, sizeof(*map), GFP_KERNEL);
	sc->page = map ? alloc_page(GFP_KERNEL) : NULL;
	if (!sc->page) {
		kvfree(map);
		return;
	}
	for (i = 0; i < pages; i++)
		map[i] = sc->page;
	while (sc->n < want) {
		sc->decoy[sc->n] = vmap(map, pages, VM_MAP, PAGE_KERNEL_RO);
		if (!sc->decoy[sc->n])
			break;
		sc->n++;
	}
	kvfree(map);
}

void vrb_scatter_give_back(struct vrb_scatter *sc)
{
	while (sc->n)
		vunmap(sc->decoy[--sc->n]);
	if (sc->page)
		__free_page(sc->page);
	sc->page = NULL;
}
