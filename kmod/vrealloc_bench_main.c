// SPDX-License-Identifier: GPL-2.0
/*
 * vrealloc_bench: measure vrealloc() from inside the kernel.
 *
 * debugfs front end, under vrealloc_bench/ (see ABI.md next to this file):
 *   info    what this kernel offers (read)
 *   job     one "key=value ..." job per write; read back normalized
 *   run     any write runs the job (or the walk's next step) in the writer's
 *           context and returns when it is done
 *   result  the last run's results (read)
 * One job at a time: a second writer gets -EBUSY.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "vrb_bench.h"
#include "vrb_compat.h"

unsigned long vrb_max_bytes;
module_param_named(max_bytes, vrb_max_bytes, ulong, 0644);
MODULE_PARM_DESC(max_bytes, "largest size a job may ask for (default: a quarter of RAM)");

unsigned int vrb_max_samples = 1000;

/* Sample buffers are sized from this at every job: clamp it once, at load. */
static int max_samples_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int err = kstrtouint(val, 0, &v);

	if (err)
		return err;
	if (v > VRB_MAX_SAMPLES) {
		pr_info("max_samples=%u clamped to %u\n", v, VRB_MAX_SAMPLES);
		v = VRB_MAX_SAMPLES;
	}
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops max_samples_ops = {
	.set = max_samples_set,
	.get = param_get_uint,
};

module_param_cb(max_samples, &max_samples_ops, &vrb_max_samples, 0444);
MODULE_PARM_DESC(max_samples, "raw time samples kept per step (at most 4096); the rest go to a histogram");

char *vrb_inject = "";
module_param_named(inject, vrb_inject, charp, 0644);
MODULE_PARM_DESC(inject, "fault injection for selftests only: corrupt_after_grow,move_on_resize,dirty_grow,skew_resident,leak_page,hold_tail");

/*
 * Two locks: vrb_writer makes writers exclusive (a second one gets -EBUSY at
 * once), vrb_state_lock guards the state for the whole of a job write or a
 * run.  Readers of job and result wait on vrb_state_lock only, so a reader
 * never makes a writer fail with -EBUSY.
 */
static DEFINE_MUTEX(vrb_writer);
static DEFINE_MUTEX(vrb_state_lock);
static struct vrb_state *vrb;
static struct dentry *vrb_dir;

static const char *preempt_config(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return "rt";
	if (IS_ENABLED(CONFIG_PREEMPT_LAZY))
		return "lazy";
	if (IS_ENABLED(CONFIG_PREEMPT))
		return "full";
	if (IS_ENABLED(CONFIG_PREEMPT_VOLUNTARY))
		return "voluntary";
	return "none";
}

static int info_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "abi=%d\n", VRB_ABI_VERSION);
	seq_printf(m, "release=%s\n", init_utsname()->release);
	seq_printf(m, "access=%s\n", VRB_ACCESS_PATH);
	seq_printf(m, "node_api=%s\n", VRB_HAVE_NODE_API ? "vrealloc_node" : "policy");
	seq_printf(m, "nr_vmalloc=%d\n", VRB_HAVE_NR_VMALLOC);
	seq_printf(m, "huge_vmalloc=%d\n", IS_ENABLED(CONFIG_HAVE_ARCH_HUGE_VMALLOC));
	seq_printf(m, "shrink_frees=%d\n", VRB_SHRINK_FREES);
	seq_printf(m, "init_on_alloc=%d\n", want_init_on_alloc(GFP_KERNEL));
	seq_printf(m, "init_on_free=%d\n", want_init_on_free());
	seq_printf(m, "kasan=%d\n", IS_ENABLED(CONFIG_KASAN));
	seq_printf(m, "page_size=%lu\n", PAGE_SIZE);
	seq_printf(m, "hz=%d\n", HZ);
	seq_printf(m, "preempt=%s%s\n", preempt_config(),
		   IS_ENABLED(CONFIG_PREEMPT_DYNAMIC) ? "+dynamic" : "");
	seq_printf(m, "nodes=%*pbl\n", nodemask_pr_args(&node_states[N_ONLINE]));
	seq_printf(m, "max_bytes=%lu\n", vrb_max_bytes);
	seq_printf(m, "max_samples=%u\n", vrb_max_samples);
	kernel_param_lock(THIS_MODULE);
	seq_printf(m, "inject=%s\n", vrb_inject && *vrb_inject ? vrb_inject : "none");
	kernel_param_unlock(THIS_MODULE);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(info);

static ssize_t job_write(struct file *file, const char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	struct vrb_job job;
	char *buf;
	int err;

	if (count > VRB_JOB_MAX_LEN)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (strlen(buf) != count) {	/* a NUL inside would hide the rest */
		pr_info_ratelimited("job: contains a NUL byte\n");
		kfree(buf);
		return -EINVAL;
	}
	if (!mutex_trylock(&vrb_writer)) {
		kfree(buf);
		return -EBUSY;
	}
	mutex_lock(&vrb_state_lock);
	/* A job that does not parse leaves the current one as it was. */
	err = vrb_job_parse(buf, &job, vrb_max_bytes);
	if (!err)
		err = vrb_engine_start(vrb, &job);
	mutex_unlock(&vrb_state_lock);
	mutex_unlock(&vrb_writer);
	kfree(buf);
	return err ? err : count;
}

static int job_show(struct seq_file *m, void *unused)
{
	char buf[512];

	if (mutex_lock_interruptible(&vrb_state_lock))
		return -EINTR;
	if (vrb->have_job) {
		vrb_job_format(&vrb->job, buf, sizeof(buf));
		seq_puts(m, buf);
	} else {
		seq_puts(m, "none\n");
	}
	mutex_unlock(&vrb_state_lock);
	return 0;
}

static int job_open(struct inode *inode, struct file *file)
{
	return single_open(file, job_show, NULL);
}

static const struct file_operations job_fops = {
	.owner = THIS_MODULE,
	.open = job_open,
	.read = seq_read,
	.write = job_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t run_write(struct file *file, const char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	int err;

	if (!mutex_trylock(&vrb_writer))
		return -EBUSY;
	mutex_lock(&vrb_state_lock);
	err = vrb_engine_run(vrb);
	mutex_unlock(&vrb_state_lock);
	mutex_unlock(&vrb_writer);
	return err ? err : count;
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = run_write,
	.llseek = noop_llseek,
};

static int result_show(struct seq_file *m, void *unused)
{
	if (mutex_lock_interruptible(&vrb_state_lock))
		return -EINTR;
	vrb_report(m, vrb);
	mutex_unlock(&vrb_state_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(result);

static int __init vrb_init(void)
{
	if (!vrb_max_bytes)
		vrb_max_bytes = max(totalram_pages() << PAGE_SHIFT >> 2, 16UL << 20);
	vrb = kzalloc_obj(*vrb, GFP_KERNEL);
	if (!vrb)
		return -ENOMEM;
	vrb_dir = debugfs_create_dir("vrealloc_bench", NULL);
	if (IS_ERR(vrb_dir)) {
		kfree(vrb);
		return PTR_ERR(vrb_dir);
	}
	debugfs_create_file("info", 0400, vrb_dir, NULL, &info_fops);
	debugfs_create_file("job", 0600, vrb_dir, NULL, &job_fops);
	debugfs_create_file("run", 0200, vrb_dir, NULL, &run_fops);
	debugfs_create_file("result", 0400, vrb_dir, NULL, &result_fops);
	pr_info("loaded, abi %d, access path %s\n", VRB_ABI_VERSION, VRB_ACCESS_PATH);
	return 0;
}

static void __exit vrb_exit(void)
{
	/* Waits for every open handler to return: no run is in flight after it. */
	debugfs_remove_recursive(vrb_dir);
	vrb_engine_release(vrb);
	vrb_inject_release();
	kfree(vrb);
}

module_init(vrb_init);
module_exit(vrb_exit);

MODULE_DESCRIPTION("vrealloc() grow/shrink benchmark over debugfs");
MODULE_AUTHOR("vrbench developers");
MODULE_LICENSE("GPL");
