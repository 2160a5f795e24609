// SPDX-License-Identifier: GPL-2.0
/*
 * vrealloc_bench: measure vrealloc() from inside the kernel.
 *
 * The interface lives in debugfs under vrealloc_bench/ and is described in
 * ABI.md next to this file.  The runner (vrbench) is its only real client.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

#include "vrb_compat.h"

/* Bumped whenever a key is removed or changes meaning. */
#define VRB_ABI_VERSION 1

static struct dentry *vrb_dir;

static int info_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "abi=%d\n", VRB_ABI_VERSION);
	seq_printf(m, "release=%s\n", init_utsname()->release);
	seq_printf(m, "access=%s\n", VRB_ACCESS_PATH);
	seq_printf(m, "page_size=%lu\n", PAGE_SIZE);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(info);

static int __init vrb_init(void)
{
	vrb_dir = debugfs_create_dir("vrealloc_bench", NULL);
	if (IS_ERR(vrb_dir))
		return PTR_ERR(vrb_dir);
	debugfs_create_file("info", 0400, vrb_dir, NULL, &info_fops);
	pr_info("loaded, abi %d, access path %s\n", VRB_ABI_VERSION,
		VRB_ACCESS_PATH);
	return 0;
}

static void __exit vrb_exit(void)
{
	debugfs_remove_recursive(vrb_dir);
}

module_init(vrb_init);
module_exit(vrb_exit);

MODULE_DESCRIPTION("vrealloc() grow/shrink benchmark over debugfs");
MODULE_AUTHOR("vrbench developers");
MODULE_LICENSE("GPL");
