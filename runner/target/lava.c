// SPDX-License-Identifier: GPL-2.0
/*
 * The same guest, booted by LAVA (Linaro's dispatcher, what KernelCI's labs
 * run) instead of by vm.c: a job definition for lava-run with the kernel and
 * vrbench's own initramfs, a QEMU device of ours (config/lava/qemu-tcg.yaml,
 * rendered from LAVA's qemu device type with no_kvm), and LAVA's monitor
 * reading the guest's console.  Under LAVA there is one serial port, so the
 * guest's /init writes its records there (scripts/guest-init.sh: files as
 * base64 lines) and this file turns the console log back into the channel
 * vm.c reads, so a LAVA run and a plain run are one result format.  LAVA's
 * own verdict is not trusted alone (lava-run exits 0 when test cases fail):
 * only a guest that reported its exit code counts as having run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lava.h"
#include "lava_job.h"
#include "util.h"
#include "vm_initrd.h"

static int b64(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 :
	       c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Append base64 text's bytes to out (padding and whitespace ignored). */
static void b64__decode(const char *s, char **out, size_t *len)
{
	unsigned int acc = 0, bits = 0;
	int v;

	for (; *s; s++) {
		v = b64(*s);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*out = realloc(*out, *len + 1);
			if (!*out)
				abort();
			(*out)[(*len)++] = (char)((acc >> bits) & 0xff);
		}
	}
}

static void buf__append(char **buf, size_t *len, const char *data, size_t n)
{
	*buf = realloc(*buf, *len + n + 1);
	if (!*buf)
		abort();
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
}

int lava_log__channel(const char *log, char **chan, size_t *chan_len, char **lava_error)
{
	FILE *f = fopen(log, "r");
	char *line = NULL, *file = NULL, name[256] = "";
	size_t cap = 0, flen = 0;
	bool in_file = false;

	*chan = NULL;
	*chan_len = 0;
	*lava_error = NULL;
	if (!f)
		return -errno;
	buf__append(chan, chan_len, "", 0);
	while (getline(&line, &cap, f) > 0) {
		/* lava-run's lines, or a server's log ("- " + the same record: a YAML list) */
		json_t *rec = json_loads(line + (strncmp(line, "- ", 2) ? 0 : 2), 0, NULL);
		json_t *msg = json_object_get(rec, "msg");
		const char *lvl = json_string_value(json_object_get(rec, "lvl"));
		const char *text = json_string_value(msg);

		if (lvl && !strcmp(lvl, "results") && json_is_object(msg) &&
		    !strcmp(json_string_value(json_object_get(msg, "case")) ?: "", "job") &&
		    strcmp(json_string_value(json_object_get(msg, "result")) ?: "", "pass")) {
			free(*lava_error);
			*lava_error = vrb_fmt("%s: %s",
					      json_string_value(json_object_get(msg, "error_type")) ?: "job failed",
					      json_string_value(json_object_get(msg, "error_msg")) ?: "");
		}
		if (!lvl || strcmp(lvl, "target") || !text) {
			json_decref(rec);
			continue;
		}
		if (in_file && !strncmp(text, "@vrb end", 8)) {
			char *head = vrb_fmt("@vrb file %s %zu\n", name, flen);

			buf__append(chan, chan_len, head, strlen(head));
			buf__append(chan, chan_len, file ? file : "", flen);
			free(head);
			free(file);
			file = NULL;
			flen = 0;
			in_file = false;
		} else if (in_file) {
			b64__decode(text, &file, &flen);
		} else if (sscanf(text, "@vrb file64 %255s", name) == 1) {
			in_file = true;
		} else if (!strncmp(text, "@vrb ", 5) && strncmp(text, "@vrb case ", 10) &&
			   strncmp(text, "@vrb done", 9)) {
			buf__append(chan, chan_len, text, strlen(text));
			buf__append(chan, chan_len, "\n", 1);
		}
		json_decref(rec);
	}
	free(line);
	free(file);
	fclose(f);
	return 0;
}

/* The job definition: the kernel and initrd from here, our QEMU device, the monitor. */
static int lava__write_job(const char *path, const struct kernel_info *ki, const char *initrd,
			   const struct vm_opts *o)
{
	char *name = vrb_fmt("vrbench-%s", ki->name), *kurl = vrb_fmt("file://%s", ki->vmlinuz);
	char *iurl = vrb_fmt("file://%s", initrd);
	char *qemu = vrb_fmt("-cpu max -smp %d -no-reboot%s", o->cpus,
			     o->icount ? " -icount shift=3,sleep=off" : "");
	const char *meta[] = { "vrbench.kernel", ki->name, "vrbench.abi", ki->abi, NULL };
	struct lava_job j = {
		.name = name, .device_type = "qemu", .boot_method = "qemu", .kernel_url = kurl,
		.initrd_url = iurl, .console = "ttyS0", .append = o->append, .qemu_args = qemu,
		.minutes = o->timeout_s / 60 + 1, .meta = meta,
	};
	int err = lava_job__write(path, &j);

	free(name);
	free(kurl);
	free(iurl);
	free(qemu);
	return err;
}

int lava__run(const struct kernel_info *ki, char *const cmd[], const struct vm_opts *o,
	      struct vm_result *res)
{
	static int seq;
	char stamp[32], *base, *p, *log, *chan = NULL, *lava_error = NULL, *id;
	struct vm_opts console = *o;	/* LAVA's one serial port */
	size_t len = 0;
	int err, rc;

	console.console = true;
	memset(res, 0, sizeof(*res));
	if (o->nodes != 1 || (o->accel && strcmp(o->accel, "tcg"))) {
		vrb_err("--engine lava: one NUMA node under TCG (the device config/lava/qemu-tcg.yaml)");
		return -EINVAL;
	}
	base = vm_initrd__base(ki);
	if (!base)
		return -EIO;
	vrb_stamp(stamp, sizeof(stamp));
	res->run_dir = vrb_fmt("%s/lava/%s-%s-%d.%d", vrb_results_root(), ki->name, stamp,
			       (int)getpid(), seq);
	vrb_mkdirs(res->run_dir);
	err = vm_initrd__write_job(res->run_dir, cmd, &console);
	err = err ? err : vm_initrd__make(res->run_dir, base, o->rootfs);
	free(base);
	p = vrb_fmt("%s/initrd", res->run_dir);
	log = vrb_fmt("%s/job.yaml", res->run_dir);
	err = err ? err : lava__write_job(log, ki, p, o);
	free(p);
	free(log);
	p = vrb_fmt("%s/config/lava/qemu-tcg.yaml", vrb_root());
	log = vrb_fmt("%s/device.yaml", res->run_dir);
	err = err ? err : vrb_copy_file(p, log);
	free(p);
	free(log);
	if (err) {
		vrb_err("kernel '%s': preparing the LAVA job in %s failed: %s", ki->name,
			res->run_dir, strerror(-err));
		return err;
	}
	/* lava-run's log is its standard output, one JSON record a line */
	id = vrb_fmt("%d", (int)getpid() * 100 + seq++ % 100);
	p = vrb_fmt("cd \"$1\" && exec lava-run --job-id \"$2\" --output-dir lava --device device.yaml "
		    "job.yaml > lava.log 2>&1");
	rc = vrb_run((char *[]){ "sh", "-c", p, "sh", res->run_dir, id, NULL }, NULL);
	free(p);
	free(id);
	log = vrb_fmt("%s/lava.log", res->run_dir);
	err = lava_log__channel(log, &chan, &len, &lava_error);
	free(log);
	if (rc == 127)
		vrb_err("lava-run is missing: install lava-dispatcher (make deps does)");
	if (!err && vm_channel__parse(chan, len, &res->ch))
		err = -EPROTO;
	free(chan);
	if (!err && res->ch.error) {
		vrb_err("kernel '%s': %s (LAVA job in %s)", ki->name, res->ch.error, res->run_dir);
		err = -EIO;
	} else if (!err && !res->ch.has_exit) {
		/* a panic, a hang or LAVA's own failure: the guest never said it finished */
		vrb_err("kernel '%s': the LAVA job ended without the guest's exit (%s); log kept: "
			"%s/lava.log", ki->name, lava_error ? lava_error : "no exit record",
			res->run_dir);
		err = -EIO;
	}
	free(lava_error);
	if (err)
		return err;
	res->exit_code = res->ch.exit_code;
	if (!o->keep) {
		vrb_rmtree(res->run_dir);
		free(res->run_dir);
		res->run_dir = NULL;
	}
	return 0;
}
