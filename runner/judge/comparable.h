/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether two sides of a comparison measured the same thing the same way.
 * Each of these must agree within a side and between the sides: the clock,
 * the bench text (its hash), each cell's job line, the accelerator, the CPU
 * count, the page size and the kernel config facts that change what a number
 * means (init_on_alloc, init_on_free, kasan); within a side, the kernel too.
 * Anything but the clock may be allowed on purpose (comparing two kernels'
 * configs is sometimes the point; comparing two clocks never is).
 */
#ifndef VRB_COMPARABLE_H
#define VRB_COMPARABLE_H

#include "pool.h"

/* Keys --allow-mismatch takes, comma-separated. */
#define COMPARABLE_KEYS "bench,job,accel,cpus,page_size,init_on_alloc,init_on_free,kasan,kernel"

/* Validate a comma-separated allow list; -EINVAL with a message otherwise. */
int comparable__parse_allow(const char *csv);
/* 0 when comparable; -EINVAL after printing every difference not allowed. */
int comparable__check(const struct side *base, const struct side *new, const char *allow);

#endif
