// SPDX-License-Identifier: GPL-2.0
/* vrbench kernels list | fetch NAME... */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "util.h"




static void kernels_usage(FILE *f)
{
	fprintf(f, "usage: vrbench kernels list\n"
		   "       vrbench kernels fetch [--refresh | --pin ABI] [--build] NAME...|--default\n\n"
		   "list   the catalogue (config/kernels.ini, or $VRBENCH_KERNELS), the ABI each\n"
		   "       name is pinned to (config/kernels.lock) and what is cached\n"
		   "fetch  download the pinned Debian kernel's image, headers and kbuild into the\n"
		   "       cache, or register a local one; a name not pinned yet is pinned to the\n"
		   "       newest ABI of its series.  --refresh moves the pin to the newest ABI,\n"
		   "       --pin ABI to that one (commit the lock afterwards); --build also builds\n"
		   "       the module, --default fetches the catalogue's default kernels.\n"
		   "       A `source = build` kernel is built from the pinned linux-source with\n"
		   "       its fragments and patches (cached; incremental; `kernels build` is\n"
		   "       the same action).\n");
}

static int kernels_list(const struct catalogue *cat)
{
	struct kernel_info ki;
	size_t i;

	printf("%-10s %-7s %-8s %-22s %s\n", "NAME", "SOURCE", "DEFAULT", "PINNED ABI", "RELEASE");
	for (i = 0; i < catalogue__count(cat); i++) {
		const struct kernel_entry *e = catalogue__get(cat, i);
		bool cached = kernel__cached(e, &ki) == 0;
		char *pin = e->source == KSRC_DEBIAN ? catalogue__pinned_abi(e->name) : NULL;

		char *standin = pin && !cached ? kernel__standin_abi(e) : NULL;
		char *note = standin ? vrb_fmt("(pin gone from Debian; %s stood in)", standin) : NULL;

		printf("%-10s %-7s %-8s %-22s %s\n", e->name,
		       kernel_source__name(e->source), e->is_default ? "yes" : "no",
		       cached ? ki.abi : pin ? pin : "-",
		       cached ? ki.release : note ? note : pin ? "(not fetched)" :
		       e->source == KSRC_BUILD ? "(not built)" : "(not pinned)");
		free(pin);
		free(standin);
		free(note);
		if (cached)
			kernel_info__free(&ki);
	}
	return 0;
}

static int fetch_one(const struct kernel_entry *e, const char *pin, bool build)
{
	struct kernel_info ki;
	int err;

	if (pin && e->source != KSRC_DEBIAN) {
		vrb_err("kernel '%s' is a %s kernel: there is no Debian ABI to pin", e->name,
			kernel_source__name(e->source));
		return -EINVAL;
	}
	err = kernel__fetch(e, pin, &ki);
	if (!err && build)
		err = kernel__build_module(&ki);
	if (!err)
		printf("%s %s %s%s%s\n", e->name, ki.abi, ki.release, build ? " " : "",
		       build ? ki.ko : "");
	kernel_info__free(&ki);
	return err;
}

int cmd_kernels(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "refresh", no_argument, NULL, 'r' },
		{ "pin", required_argument, NULL, 'p' },
		{ "build", no_argument, NULL, 'b' },
		{ "default", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool build = false, defaults = false;
	const char *pin = NULL;
	const struct kernel_entry *e;
	struct catalogue *cat;
	int c, rc = 0, i;
	size_t k;

	const char *action = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;

	/* `kernels fetch --build 7.3`: options may follow the action. */
	if (action) {
		argv++;
		argc--;
	}
	while ((c = getopt_long(argc, argv, "+rp:bdh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': pin = "refresh"; break;
		case 'p': pin = optarg; break;
		case 'b': build = true; break;
		case 'd': defaults = true; break;
		case 'h': kernels_usage(stdout); return 0;
		default: kernels_usage(stderr); return VRB_EXIT_USAGE;
		}
	}
	if (!action && optind < argc)
		action = argv[optind++];
	if (!action) {
		kernels_usage(stderr);
		return VRB_EXIT_USAGE;
	}
	cat = cli__load_catalogue();
	if (!cat)
		return VRB_EXIT_USAGE;
	if (!strcmp(action, "list")) {
		rc = kernels_list(cat);
	} else if (!strcmp(action, "fetch") || !strcmp(action, "build")) {
		if (!defaults && optind >= argc) {
			kernels_usage(stderr);
			rc = VRB_EXIT_USAGE;
		}
		for (i = optind; !rc && i < argc; i++) {
			e = cli__find_kernel(cat, argv[i]);
			rc = !e ? VRB_EXIT_USAGE : fetch_one(e, pin, build) ? 1 : 0;
		}
		for (k = 0; defaults && !rc && k < catalogue__count(cat); k++)
			if (catalogue__get(cat, k)->is_default)
				rc = fetch_one(catalogue__get(cat, k), pin, build) ? 1 : 0;
	} else {
		vrb_err("unknown 'kernels' action '%s' (expected list, fetch or build)", action);
		rc = VRB_EXIT_USAGE;
	}
	catalogue__free(cat);
	return rc;
}
