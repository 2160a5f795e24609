// SPDX-License-Identifier: GPL-2.0
/*
 * vrb_fuzz: throw malformed jobs at the module's debugfs interface, from
 * inside a guest.  Every job must be refused with an errno; a job that is
 * accepted is printed as a failure.  Also checks that a second writer gets
 * EBUSY while a job runs.  Built static so it runs in the busybox guest.
 *
 * usage: vrb_fuzz RANDOM_COUNT SEED
 * prints: "# errno NAME COUNT" lines, "ACCEPTED <job>" for failures, and a
 * last line "refused=N accepted=M busy_job=E busy_run=E".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIR "/sys/kernel/debug/vrealloc_bench/"

static const char *const fixed[] = {
	"", " ", "\n", "=", "=grow", "pattern", "pattern=", "pattern= grow",
	"pattern=grwo", "pattern=GROW", "colour=blue", "pattern=grow colour=blue",
	"from=", "to=", "from=-1", "to=-4096", "from=0", "to=0", "from=18446744073709551616",
	"from=99999999999999999999999999", "from=18446744073709551615", "to=17179869184G",
	"from=4096K", "from=1T", "from=4Q", "from=0x1000", "from=+", "from=o", "from=o99",
	"from=o-1", "from=4096 to=4096", "pattern=grow from=8K to=4K",
	"pattern=shrink from=4K to=8K", "pattern=regrow from=4K to=8K",
	"pattern=pingpong from=4K to=4K", "pattern=grow from=1 to=1G step=+1",
	"pattern=grow step=x1", "pattern=grow step=x17", "pattern=grow step=+0",
	"pattern=grow step=2", "pattern=grow step=x", "pattern=grow step=+-4K",
	"reps=0", "reps=-1", "reps=10001", "reps=4294967297", "reps=1e3", "warmup=1001",
	"warmup=-1", "fill=2", "verify=yes", "fill=0", "fill=0 verify=1",
	"gfp=", "gfp=atomic", "gfp=nofs+noio", "gfp=account+", "gfp=+zero",
	"gfp=account++zero", "gfp=kernel+zero", "start=huge2", "start=",
	"api=krealloc", "api=", "node=7", "node=1024", "node=-2", "node=99999999999",
	"node=0x1", "node=1 node=63", "start=user node=0", "start=user pattern=edges",
	"thisnode=2", "pattern=append elem=0",
	"pattern=append elem=1M", "pattern=append count=1", "pattern=append count=0",
	"pattern=append count=1000001", "pattern=append elem=65536 count=1000000",
	"pattern=append elem=64K count=999999", "pattern=walk sizes=", "pattern=walk sizes=0",
	"pattern=walk sizes=4K,0", "pattern=walk sizes=4K,,8K", "pattern=walk reps=2",
	"pattern=walk sizes=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
	"pattern=walk sizes=99999999999999999999", "pattern=walk sizes=64G",
	"pattern=grow from=4K to=64G", "pattern=shrink from=64G to=4K",
	"pattern=grow\x01", "pattern=grow\xff", "pattern=grow\tcolour=1",
	"pattern=grow reps=1 reps=", "count=abc", "elem=-24",
};

/* Values that no key accepts, used to mutate valid jobs into invalid ones. */
static const char *const bad_values[] = {
	"-7", "", "18446744073709551616", "99999999999999999999p", "o64", "x0", "+0",
	"nan", "0x10", "1.5", "4KK", "-0", " ", "\xff\xfe", "1e9",
};

static const char *const keys[] = {
	"from", "to", "reps", "warmup", "node", "elem", "count", "fill", "verify",
	"thisnode", "pattern", "api", "gfp", "start", "step", "sizes",
};

static int errs[256];
static int refused, accepted;

static int write_file(const char *name, const void *buf, size_t len)
{
	int fd = open(name, O_WRONLY), rc = 0;

	if (fd < 0)
		return errno;
	if (write(fd, buf, len) < 0)
		rc = errno;
	close(fd);
	return rc;
}

static void try_job(const char *job, size_t len)
{
	int e = write_file(DIR "job", job, len);
	size_t i;

	if (e) {
		refused++;
		errs[e & 255]++;
		return;
	}
	accepted++;
	printf("ACCEPTED ");
	for (i = 0; i < len; i++)
		printf(job[i] >= 32 && job[i] < 127 ? "%c" : "\\x%02x", (unsigned char)job[i]);
	printf("\n");
}

static void random_job(char *buf, size_t cap, size_t *len)
{
	size_t i, n;

	if (rand() % 2) {	/* random bytes */
		n = 1 + rand() % (cap - 1);
		for (i = 0; i < n; i++)
			buf[i] = rand() % 256;
		*len = n;
		return;
	}
	/* a valid-looking job with one key given a value nothing accepts */
	n = snprintf(buf, cap, "pattern=grow reps=2 %s=%s",
		     keys[rand() % (sizeof(keys) / sizeof(keys[0]))],
		     bad_values[rand() % (sizeof(bad_values) / sizeof(bad_values[0]))]);
	*len = n;
}

/* A job that runs for a while, and a second writer meanwhile. */
static void two_writers(int *busy_job, int *busy_run)
{
	const char *slow = "pattern=pingpong from=1M to=4K count=3000";
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	pid_t pid;

	*busy_job = *busy_run = -1;
	if (write_file(DIR "job", slow, strlen(slow)))
		return;
	pid = fork();
	if (pid == 0)
		_exit(write_file(DIR "run", "1", 1));
	nanosleep(&ts, NULL);
	*busy_job = write_file(DIR "job", "pattern=grow", 12);
	*busy_run = write_file(DIR "run", "1", 1);
	waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, busy_job, busy_run, i;
	char buf[300];
	size_t len;

	srand(argc > 2 ? atoi(argv[2]) : 1);
	for (i = 0; i < (int)(sizeof(fixed) / sizeof(fixed[0])); i++)
		try_job(fixed[i], strlen(fixed[i]));
	try_job("pattern=grow\0reps=0", 19);	/* a NUL inside */
	memset(buf, 'a', sizeof(buf));
	for (i = 0; i < n; i++) {
		random_job(buf, sizeof(buf), &len);
		try_job(buf, len);
	}
	{	/* longer than the module takes at all */
		static char big[8192];

		memset(big, ' ', sizeof(big));
		memcpy(big, "pattern=grow", 12);
		try_job(big, sizeof(big));
	}
	two_writers(&busy_job, &busy_run);
	for (i = 1; i < 256; i++)
		if (errs[i])
			printf("# errno %s %d\n", strerrorname_np(i) ? strerrorname_np(i) : "?", errs[i]);
	printf("refused=%d accepted=%d busy_job=%s busy_run=%s\n", refused, accepted,
	       busy_job > 0 ? strerrorname_np(busy_job) : "none",
	       busy_run > 0 ? strerrorname_np(busy_run) : "none");
	return accepted ? 1 : 0;
}
