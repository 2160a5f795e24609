/* SPDX-License-Identifier: GPL-2.0 */
/* The native target: the module loaded into the running kernel. */
#ifndef VRB_NATIVE_H
#define VRB_NATIVE_H

#include <stdbool.h>

/*
 * Load the module into the running kernel (the DKMS one when it matches this
 * runner's abi, else one built here), mount debugfs if
 * needed, run cmd, and rmmod on every way out (signals included).
 * Returns the command's exit code, or VRB_EXIT_NOMEASURE when the module
 * could not be built or loaded.
 */
int native__run(char *const cmd[]);
/*
 * The module vrealloc-bench-dkms installed for kernel RELEASE, found by modinfo
 * under /lib/modules/RELEASE (malloc'd path), or NULL when there is none.
 */
char *native__installed_module(const char *release);
/* The last command was ended by SIGINT or SIGTERM (exit 130 or 143, or the signal). */
bool native__interrupted(void);

#endif
