/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest-to-host channel: what /init (scripts/guest-init.sh) writes to the
 * guest's second serial port.  A sequence of records:
 *   @vrb start\n               (first: the guest's /init is running)
 *   @vrb file NAME SIZE\n<SIZE bytes>
 *   @vrb error TEXT\n
 *   @vrb progress I N CELL\n  (informational, while vrbench measure runs)
 *   @vrb exit RC\n        (last; missing when the guest died first)
 */
#ifndef VRB_VM_CHANNEL_H
#define VRB_VM_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>

struct vm_file {
	char *name;
	char *data;	/* NUL-terminated copy */
	size_t len;
};

struct vm_channel {
	struct vm_file *files;
	size_t nfiles;
	char *error;	/* harness error reported by the guest, or NULL */
	bool started;	/* /init ran: a failure before this is the kernel's boot */
	bool has_exit;
	int exit_code;
	bool truncated;	/* the stream ended inside a record */
};

/* Parse a whole stream.  Returns 0, or -EPROTO on a malformed record. */
int vm_channel__parse(const char *buf, size_t len, struct vm_channel *ch);
const struct vm_file *vm_channel__file(const struct vm_channel *ch, const char *name);
void vm_channel__free(struct vm_channel *ch);

#endif
