/* SPDX-License-Identifier: GPL-2.0 */
/* A guest's initramfs (vm.c's private helper). */
#ifndef VRB_VM_INITRD_H
#define VRB_VM_INITRD_H

#include "kernel.h"
#include "vm.h"

/* ki's base initramfs (busybox, /init, the module), repacked when out of date;
 * its path, or NULL after a message. */
char *vm_initrd__base(const struct kernel_info *ki);
/* The job directory of one run: the command, its options, the files it takes. */
int vm_initrd__write_job(const char *run_dir, char *const cmd[], const struct vm_opts *o);
/* run_dir/initrd: the job's cpio, the base, and the userspace tree rootfs (or NULL). */
int vm_initrd__make(const char *run_dir, const char *base, const char *rootfs);

#endif
