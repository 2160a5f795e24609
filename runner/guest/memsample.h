/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory as the rest of the system sees it, around walk steps: the run's own
 * cgroup (memory.stat vmalloc, memory.current), /proc/meminfo VmallocUsed,
 * /proc/vmstat nr_vmalloc, and the module's areas in /proc/vmallocinfo.
 */
#ifndef VRB_MEMSAMPLE_H
#define VRB_MEMSAMPLE_H

#include <jansson.h>

/*
 * Move this process into a fresh child cgroup with the memory controller.
 * Returns 0 or -errno; the cgroup is removed by memsample__cgroup_leave(),
 * which is also safe to call from a signal path.
 */
int memsample__cgroup_enter(void);
void memsample__cgroup_leave(void);
const char *memsample__cgroup_path(void);	/* NULL when not in one */

/* One sample: {"memcg_vmalloc_bytes", "memcg_current_bytes", "vmalloc_used_kb",
 * "nr_vmalloc", "vmallocinfo_pages", "vmallocinfo_areas"}; a value the
 * kernel does not offer is null. */
json_t *memsample__take(void);

#endif
