/* SPDX-License-Identifier: GPL-2.0 */
/* Choosing where measurements run: natively (insmod) or in a QEMU guest. */
#ifndef VRB_TARGET_H
#define VRB_TARGET_H

#include <stdbool.h>
#include <stddef.h>

enum target_kind { TARGET_VM, TARGET_NATIVE };

/* Can the running kernel load our module?  When not, why (into why). */
bool target__native_available(char *why, size_t len);
/*
 * Resolve "auto", "vm" or "native".  "auto" picks native only when it works,
 * and says once why it does not.  Returns -EINVAL for an unknown name or a
 * native request that cannot work.
 */
int target__pick(const char *name, enum target_kind *kind);

#endif
