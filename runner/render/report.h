/* SPDX-License-Identifier: GPL-2.0 */
/* The report page (index.md, index.html, figures) from one judgement. */
#ifndef VRB_REPORT_H
#define VRB_REPORT_H

#include "judge.h"
#include "pool.h"

/*
 * Write DIR/index.md, DIR/index.html and the figures for base args[0] and new
 * args[1] (their sides and labels from plot__load()), judged as j; numa: the
 * NUMA suite's "BASE,NEW" result pair, or NULL.  0, or -EINVAL / -EIO after a
 * message.
 */
int report__write(char **args, struct side *sides, char **labels, const char *numa,
		  const char *dir, const struct judgement *j);

#endif
