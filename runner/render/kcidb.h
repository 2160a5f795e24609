/* SPDX-License-Identifier: GPL-2.0 */
/* A judgement as a KCIDB v5.3 submission (KernelCI's result database). */
#ifndef VRB_KCIDB_H
#define VRB_KCIDB_H

#include <jansson.h>

#include "judge.h"

/* The document: checkouts, builds and tests of both sides, ids under origin. */
json_t *kcidb__document(const struct judgement *j, const char *origin);

#endif
