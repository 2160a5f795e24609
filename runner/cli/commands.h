/* SPDX-License-Identifier: GPL-2.0 */
/* One function per `vrbench` subcommand; each parses its own options. */
#ifndef VRB_COMMANDS_H
#define VRB_COMMANDS_H

/* The version's one source is debian/changelog; the Makefile passes it in. */
#ifndef VRB_VERSION
#error "VRB_VERSION is defined by the Makefile, from debian/changelog"
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
int cmd_selftest(int argc, char **argv);
int cmd_ci(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_lava(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_mutants(int argc, char **argv);

#endif
