/* SPDX-License-Identifier: GPL-2.0 */
/* A kernel ready to boot: fetched (or registered), with the module built for it. */
#ifndef VRB_KERNEL_H
#define VRB_KERNEL_H

#include <jansson.h>
#include <stdbool.h>

#include "catalogue.h"

struct kernel_info {
	char *name;	/* catalogue name */
	char *dir;	/* cache directory holding kernel.ini and vmlinuz */
	char *abi;	/* Debian ABI (6.12.117+deb12) or local-NAME */
	char *release;	/* uname -r */
	char *build;	/* kbuild directory modules are built against */
	char *cc;	/* the compiler the kernel was built with */
	char *vmlinuz;
	char *ko;	/* the module built for it, once kernel__build_module() ran */
};

/*
 * Fetch (Debian) or register (local) a kernel; downloads only what is missing.
 * A Debian kernel is the one pinned in the catalogue's lock; pin = "refresh"
 * moves the pin to the newest ABI of the series, any other non-NULL pin to
 * that ABI.
 */
int kernel__fetch(const struct kernel_entry *e, const char *pin, struct kernel_info *ki);
/* The cached kernel the lock pins e to, without any download; -ENOENT when
 * not fetched. */
int kernel__cached(const struct kernel_entry *e, struct kernel_info *ki);
/* Build kmod/ for the kernel (incremental) into build/kmod/ABI/. */
int kernel__build_module(struct kernel_info *ki);
/* Fetch when needed and build the module: what every boot starts with. */
int kernel__prepare(const struct kernel_entry *e, struct kernel_info *ki);
void kernel_info__free(struct kernel_info *ki);
/* The [packages] of kernel.ini: {"linux-image-...": "6.12.117-1~deb12u1", ...} */
json_t *kernel__packages_json(const struct kernel_info *ki);
/* Adds "pinned": {abi, version, honoured} to a result's kernel object when the
 * lock pins ki's name. */
void kernel__pin_json(json_t *kernel, const struct kernel_info *ki);
/* The ABI that stood in for e's pin when it had left Debian (kernel-fetch.sh,
 * VRBENCH_ON_VANISHED=newest), or NULL (caller frees). */
char *kernel__standin_abi(const struct kernel_entry *e);

#endif
