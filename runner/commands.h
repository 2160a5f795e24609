/* SPDX-License-Identifier: GPL-2.0 */
/* One function per `vrbench` subcommand; each parses its own options. */
#ifndef VRB_COMMANDS_H
#define VRB_COMMANDS_H

#ifndef VRB_VERSION
#define VRB_VERSION "0.2"
#endif

int cmd_kernels(int argc, char **argv);
int cmd_vm(int argc, char **argv);
int cmd_native(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_anchor(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_bisect_step(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* plot and report share these: results/KIND-STAMP, and compare's JSON of two sides. */
char *plot_default_dir(const char *kind);

/* Boot kernel kname with o, run cmd, print its output: vrbench vm's engine. */
struct vm_opts;
int vm_exec(const char *kname, struct vm_opts *o, char **cmd, const char *out_dir);
int cmd_selftest(int argc, char **argv);

/* Load the catalogue and find one kernel by name, with a clear error. */
struct catalogue;
struct kernel_entry;
struct catalogue *load_catalogue(void);
const struct kernel_entry *find_kernel(const struct catalogue *cat, const char *name);
/* Find name in the catalogue and get it ready to boot: 0, or the exit code to return. */
struct kernel_info;
int prepare_kernel(const char *name, struct kernel_info *ki);

#endif
