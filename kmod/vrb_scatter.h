/* SPDX-License-Identifier: GPL-2.0 */
/* A fresh area at a random one of several addresses (vrb_scatter.c). */
#ifndef VRB_SCATTER_H
#define VRB_SCATTER_H

#include <linux/types.h>

#define VRB_SCATTER_MAX	8	/* candidate addresses: up to 7 decoys before the area */

struct page;

/* Address space the size of the area, held while the area is allocated. */
struct vrb_scatter {
	void *decoy[VRB_SCATTER_MAX - 1];
	unsigned int n;
	struct page *page;	/* the one page every decoy maps */
};

void vrb_scatter_take(struct vrb_scatter *sc, size_t size);
void vrb_scatter_give_back(struct vrb_scatter *sc);

#endif /* VRB_SCATTER_H */
