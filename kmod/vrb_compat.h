/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version shims: every difference between kernel versions that the module
 * cares about is decided here and nowhere else (see KERNEL-FACTS.md §2).
 */
#ifndef VRB_COMPAT_H
#define VRB_COMPAT_H

#include <linux/version.h>

/* MAJOR * 100 + MINOR: 612 for 6.12, 703 for 7.3. */
#define VRB_KVER (LINUX_VERSION_MAJOR * 100 + LINUX_VERSION_PATCHLEVEL)

/*
 * How the module reaches vrealloc():
 *  - 7.0+ exports vrealloc() itself;
 *  - 6.12..6.19 declare it but do not export it, while kvrealloc() is
 *    exported and hands a vmalloc'd pointer straight to vrealloc();
 *  - older kernels have no vrealloc() at all.
 */
#if VRB_KVER >= 700
#define VRB_ACCESS_PATH "vrealloc"
#define VRB_HAVE_VREALLOC 1
#elif VRB_KVER >= 612
#define VRB_ACCESS_PATH "kvrealloc"
#define VRB_HAVE_VREALLOC 1
#else
#define VRB_ACCESS_PATH "none"
#define VRB_HAVE_VREALLOC 0
#endif

#endif /* VRB_COMPAT_H */
