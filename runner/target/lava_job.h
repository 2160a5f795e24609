/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A LAVA job definition for one vrbench run: the one generator behind the
 * local engine (lava.c, device type qemu) and the jobs `vrbench lava jobs`
 * writes for a lab's device types.  What collecting needs to rebuild the
 * result file travels in the job's own metadata (vrbench.* keys), so a job
 * fetched back from a server carries it too.
 */
#ifndef VRB_LAVA_JOB_H
#define VRB_LAVA_JOB_H

struct lava_job {
	const char *name;		/* job_name */
	const char *device_type;	/* "qemu" (deploy to tmpfs) or a lab's (deploy to tftp) */
	const char *boot_method;	/* qemu; for a lab's device type grub, ipxe, u-boot... */
	const char *kernel_url;
	const char *kernel_type;	/* tftp: image, uimage, zimage, or NULL (as it is) */
	const char *initrd_url;
	const char *console;		/* the guest's console device, e.g. ttyS0 */
	const char *append;		/* more kernel command line, or NULL */
	const char *qemu_args;		/* qemu: -cpu, -smp, -icount; else ignored */
	int minutes;			/* bound on the boot and on the test */
	const char *const *meta;	/* metadata: key, value, ..., NULL */
};

/* Write the job definition (YAML) to path.  0, or a negative errno. */
int lava_job__write(const char *path, const struct lava_job *j);
/*
 * A metadata value (key such as "vrbench.kernel") of a job definition written
 * by lava_job__write, or fetched back from a LAVA server: *value malloc'd, or
 * -ENOENT.
 */
int lava_job__meta(const char *path, const char *key, char **value);

/* The guest's command line under LAVA: what every vrbench guest boots with. */
#define LAVA_JOB_KERNEL_ARGS "panic=-1 oops=panic loglevel=6 cryptomgr.notests=1"

#endif
