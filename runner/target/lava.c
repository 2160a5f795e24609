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
		json_t *rec = json_loads(line, 0, NULL), *msg = json_object_get(rec, "msg");
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

/* The job definition: deploy the kernel and initrd, boot QEMU, monitor the console. */
static int lava__write_job(const char *path, const struct kernel_info *ki, const char *initrd,
			   const struct vm_opts *o)
{
	FILE *f = fopen(path, "w");
	int minutes = o->timeout_s / 60 + 1;

	if (!f)
		return -errno;
	fprintf(f, "# vrbench: one run of kernel '%s' (%s) for lava-run\n"
		   "device_type: qemu\njob_name: vrbench-%s\n"
		   "timeouts:\n  job: {minutes: %d}\n  action: {minutes: %d}\n"
		   "priority: medium\nvisibility: public\ncontext:\n  arch: amd64\n"
		   "actions:\n- deploy:\n    to: tmpfs\n    images:\n      kernel:\n"
		   "        image_arg: -kernel {kernel} -append \"console=ttyS0 panic=-1 oops=panic "
		   "loglevel=6 cryptomgr.notests=1%s%s\"%s -cpu max -smp %d -no-reboot\n"
		   "        url: file://%s\n      initrd:\n        image_arg: -initrd {initrd}\n"
		   "        url: file://%s\n"
		   "- boot:\n    method: qemu\n    media: tmpfs\n    timeout: {minutes: %d}\n"
		   "- test:\n    timeout: {minutes: %d}\n    monitors:\n    - name: vrbench\n"
		   "      start: '@vrb start'\n      end: '@vrb done'\n"
		   "      pattern: '@vrb case (?P<test_case_id>\\S+) (?P<result>pass|fail) "
		   "(?P<measurement>[0-9.]+) (?P<units>\\S+)'\n",
		ki->name, ki->abi, ki->name, minutes + 1, minutes, o->append ? " " : "",
		o->append ? o->append : "", o->icount ? " -icount shift=3,sleep=off" : "", o->cpus,
		ki->vmlinuz, initrd, minutes, minutes);
	return fclose(f) ? -EIO : 0;
}

static int lava__copy(const char *from, const char *to)
{
	char *buf = NULL;
	size_t len;
	int err = vrb_read_file(from, &buf, &len);

	if (!err)
		err = vrb_write_file_atomic(to, buf, len);
	free(buf);
	return err;
}

int lava__run(const struct kernel_info *ki, char *const cmd[], const struct vm_opts *o,
	      struct vm_result *res)
{
	static int seq;
	char stamp[32], *base, *p, *log, *chan = NULL, *lava_error = NULL, *id;
	size_t len = 0;
	int err, rc;

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
	err = vm_initrd__write_job(res->run_dir, cmd, o);
	p = vrb_fmt("%s/job/console", res->run_dir);	/* records on the one console */
	err = err ? err : vrb_write_file_atomic(p, "", 0);
	free(p);
	err = err ? err : vm_initrd__make(res->run_dir, base);
	free(base);
	p = vrb_fmt("%s/initrd", res->run_dir);
	log = vrb_fmt("%s/job.yaml", res->run_dir);
	err = err ? err : lava__write_job(log, ki, p, o);
	free(p);
	free(log);
	p = vrb_fmt("%s/config/lava/qemu-tcg.yaml", vrb_root());
	log = vrb_fmt("%s/device.yaml", res->run_dir);
	err = err ? err : lava__copy(p, log);
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
