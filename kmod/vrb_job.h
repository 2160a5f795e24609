/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job: what one run of the module does.  Parsed from one "key=value ..."
 * write to debugfs, validated in full before anything is allocated.
 * The keys are declared in vrb_abi.h and documented in ABI.md.
 */
#ifndef VRB_JOB_H
#define VRB_JOB_H

#include <linux/types.h>

#include "vrb_abi.h"

/* one per VRB_PATTERN(name, ID) of vrb_abi_table.h, which names them */
enum vrb_pattern {
	VRB_GROW,
	VRB_SHRINK,
	VRB_REGROW,
	VRB_PINGPONG,
	VRB_APPEND,
	VRB_WALK,
	VRB_EDGES,
	VRB_NR_PATTERNS
};

enum vrb_api {
	VRB_API_VREALLOC,
	VRB_API_KVREALLOC,
};

/* alloc_node= not given: the first area goes where node= says */
#define VRB_NODE_AS_NODE	(-2)

/* gfp= words; combined with '+', e.g. gfp=account+zero */
#define VRB_GFP_ACCOUNT	0x1
#define VRB_GFP_ZERO	0x2
#define VRB_GFP_NOFS	0x4
#define VRB_GFP_NOIO	0x8
#define VRB_NR_GFP_WORDS 4

extern const char * const vrb_pattern_names[VRB_NR_PATTERNS];
extern const char * const vrb_gfp_names[VRB_NR_GFP_WORDS];

#define VRB_MAX_STEPS	64
#define VRB_MAX_WALK	16
#define VRB_MAX_REPS	10000
#define VRB_MAX_WARMUP	1000
#define VRB_MAX_THREADS	64
#define VRB_MAX_COUNT	1000000
#define VRB_MAX_ELEM	(64 * 1024)
#define VRB_JOB_MAX_LEN	4096

/* start=: vmalloc() (or vrealloc_node(NULL)), vmalloc_huge(), vmalloc_user() */
enum vrb_start { VRB_START_VMALLOC, VRB_START_HUGE, VRB_START_USER };

struct vrb_job {
	enum vrb_pattern pattern;
	enum vrb_api api;
	unsigned int gfp;
	enum vrb_start start;	/* where the first area comes from: start= */
	int node;		/* NUMA_NO_NODE or a node id */
	bool thisnode;		/* add __GFP_THISNODE (node API kernels only) */
	int alloc_node;		/* the first area's node (default: node) */
	size_t from;
	size_t to;
	unsigned int step_mul;	/* step=xN; 0 when step_add is used */
	size_t step_add;	/* step=+SIZE */
	size_t elem;		/* append: element size */
	unsigned long count;	/* append: elements; pingpong: round trips */
	size_t walk[VRB_MAX_WALK];	/* walk: first is vmalloc, the rest vrealloc */
	unsigned int nwalk;
	unsigned int walk_gfp[VRB_MAX_WALK];	/* walk: gfps=, each step's gfp words */
	unsigned int nwalk_gfp;			/* 0: every step uses gfp */
	unsigned int reps;
	unsigned int warmup;
	unsigned int threads;	/* runners at once, one per online CPU */
	bool calibration;	/* purpose=calibration: a job that may plant a slowdown */
	unsigned int slowdown;	/* calibrate_slowdown=PCT: every timed op takes PCT % longer */
	bool fill;
	bool verify;
	bool drain;	/* drain lazily freed vmap areas before each repetition */
	bool jitter;	/* a random untimed delay before each repetition */
	bool scatter;	/* each fresh area at a random one of several addresses */
};

/* The sizes of a grow or shrink ladder: sizes[0] = start, nsizes <= VRB_MAX_STEPS + 1. */
int vrb_job_ladder(const struct vrb_job *job, size_t *sizes, unsigned int *nsizes);

/*
 * Parse buf (NUL-terminated, modified) into job.  Returns 0, -EINVAL for
 * anything malformed, -E2BIG for a size past max_bytes, -ENODEV for a node
 * that is not online; a message naming the key goes to the kernel log.
 */
int vrb_job_parse(char *buf, struct vrb_job *job, size_t max_bytes);

/* Check a parsed job (vrb_job_check.c): 0, or what vrb_job_parse() returns. */
int vrb_job_check(const struct vrb_job *job, size_t max_bytes);

/* The normalized job, one line, every key spelled out. */
int vrb_job_format(const struct vrb_job *job, char *buf, size_t len);

const char *vrb_pattern_name(enum vrb_pattern p);
const char *vrb_start_name(enum vrb_start s);

/* The allocator's flags for a job's gfp= words and thisnode= (vrb_job_format.c). */
gfp_t vrb_job_gfp(const struct vrb_job *job);

#endif /* VRB_JOB_H */
