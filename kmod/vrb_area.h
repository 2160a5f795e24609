/* SPDX-License-Identifier: GPL-2.0 */
/* One area under test: allocate, resize (timed), adopt, free (vrb_area.c). */
#ifndef VRB_AREA_H
#define VRB_AREA_H

#include "vrb_ctx.h"

int vrb_area_alloc_timed(struct vrb_ctx *x, struct vrb_area *a, size_t size, u64 *sample);
int vrb_area_alloc(struct vrb_ctx *x, struct vrb_area *a, size_t size);
int vrb_area_resize(struct vrb_ctx *x, struct vrb_step *s, struct vrb_area *a,
		    size_t new, bool record, bool full_verify);
void vrb_area_adopt(struct vrb_area *a, u8 *p, size_t size);
void vrb_area_free(struct vrb_area *a);

#endif /* VRB_AREA_H */
