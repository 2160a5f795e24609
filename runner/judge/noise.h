/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The noise report of `vrbench calibrate`: per row, the run-to-run spread of
 * its p50 and the smallest slowdown the gate detects there, rows over target
 * first, each with what its values look like (one slow run, two modes, or a
 * spread), since that says where the noise comes from.
 */
#ifndef VRB_NOISE_H
#define VRB_NOISE_H

#include <stddef.h>

#include "pool.h"

/* A row is over target above either bound (the noise-floor issue's goals). */
#define NOISE_TARGET_COV 0.02
#define NOISE_TARGET_MDE 5.0

/* The rows and metrics every run of a calibration pool has. */
struct pool_rows {
	struct pool_row **lat;	/* latency rows measured in every run */
	size_t nlat;
	struct exact **ex;	/* exact metrics present in every run */
	long *allow;
	size_t nex;
	size_t runs;
};

/* What a row's values look like, in words ("1 of 10 runs +38 %", ...). */
void noise__shape(const double *v, size_t n, char *buf, size_t len);
/* The table: mde[i] in % (INFINITY: not detectable), det[i] hits of trials. */
void noise__print(const struct pool_rows *p, const double *mde, const int *det, int trials);

#endif
