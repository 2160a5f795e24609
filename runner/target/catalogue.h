/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel catalogue: config/kernels.ini, named kernels to fetch or use. */
#ifndef VRB_CATALOGUE_H
#define VRB_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>

enum kernel_source { KSRC_NONE, KSRC_DEBIAN, KSRC_LOCAL, KSRC_BUILD };

struct kernel_entry {
	char *name;
	enum kernel_source source;
	char *series;	/* debian, build: MAJOR.MINOR */
	char *vmlinuz;	/* local: bootable image */
	char *build;	/* local: build or headers tree */
	char *fragments;	/* build: Kconfig fragment names, space-separated */
	char *patches;	/* build: patch paths, absolute (resolved against the catalogue) */
	bool is_default;
};

struct catalogue;

/* Load and validate; on error returns -EINVAL and a message naming file:line. */
int catalogue__load(struct catalogue **cat, const char *path, char *err, size_t errlen);
void catalogue__free(struct catalogue *cat);
size_t catalogue__count(const struct catalogue *cat);
const struct kernel_entry *catalogue__get(const struct catalogue *cat, size_t i);
const char *kernel_source__name(enum kernel_source s);
const struct kernel_entry *catalogue__find(const struct catalogue *cat, const char *name);
/* "6.1, 6.12, 7.3": for messages about unknown names.  Caller frees. */
char *catalogue__names(const struct catalogue *cat);
/* The catalogue file: $VRBENCH_KERNELS, else config/kernels.ini. */
const char *catalogue__default_path(void);
/* Its lock, which pins each Debian name to one ABI: the catalogue's path with
 * .lock for .ini (config/kernels.lock). */
const char *catalogue__lock_path(void);
/* KEY (abi, version) of NAME's pin in the lock, or NULL (caller frees). */
char *catalogue__pin(const char *name, const char *key);
/* The ABI a name is pinned to, or NULL (caller frees). */
char *catalogue__pinned_abi(const char *name);

#endif
