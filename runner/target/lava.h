/* SPDX-License-Identifier: GPL-2.0 */
/* The VM target's guest booted by LAVA's lava-run (--engine lava). */
#ifndef VRB_LAVA_H
#define VRB_LAVA_H

#include <stddef.h>

#include "kernel.h"
#include "vm.h"

/*
 * vm__run's contract, through lava-run: 0 when the guest reported its exit
 * code (res->exit_code), else a negative errno after a message naming the
 * kept run directory (job.yaml, device.yaml, lava.log).
 */
int lava__run(const struct kernel_info *ki, char *const cmd[], const struct vm_opts *o,
	      struct vm_result *res);
/*
 * A lava-run log (one JSON record a line) back into the guest channel's
 * records (vm_channel.h); *lava_error: LAVA's own job failure, or NULL.
 */
int lava_log__channel(const char *log, char **chan, size_t *chan_len, char **lava_error);

#endif
