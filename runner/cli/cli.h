/* SPDX-License-Identifier: GPL-2.0 */
/* What several commands share (cli.c); each returns 0 or an exit code. */
#ifndef VRB_CLI_H
#define VRB_CLI_H

struct catalogue;
struct kernel_entry;
struct kernel_info;
struct vm_opts;

/* The catalogue ($VRBENCH_KERNELS or config/kernels.ini), or NULL after a message. */
struct catalogue *cli__load_catalogue(void);
/* One kernel by name, or NULL after a message naming the ones there are. */
const struct kernel_entry *cli__find_kernel(const struct catalogue *cat, const char *name);
/* Find name in the catalogue and get it ready to boot: 0, or the exit code to return. */
int cli__prepare_kernel(const char *name, struct kernel_info *ki);
/* Boot kernel kname with o, run cmd, print its output: vrbench vm's engine. */
int cli__vm_exec(const char *kname, struct vm_opts *o, char **cmd, const char *out_dir);
/* The exit code for a judge__sides() that could not judge: 125 nothing measured, else 2. */
int cli__judge_exit(int err);
/* --looks K (1..1000) into *looks; -EINVAL, said on stderr, when malformed. */
int cli__parse_looks(const char *arg, unsigned int *looks);
/* Build selftests/vrealloc_bench into the build directory: the binary's path, or
 * NULL after a message. */
char *cli__build_selftest(void);
/* An option's whole number in [lo, hi] into *out; -EINVAL after saying why. */
int cli__parse_int(const char *opt, const char *s, int lo, int hi, int *out);
/* results/KIND-STAMP under the checkout, for a command's output. */
char *cli__results_dir(const char *kind);

#endif
