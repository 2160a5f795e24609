// SPDX-License-Identifier: GPL-2.0
#include "looks.h"

void looks__plan(struct looks *l, size_t first, size_t step, size_t max)
{
	l->first = first;
	l->step = step ? step : 1;
	l->max = max > first ? max : first;
	l->count = 1 + (unsigned int)((l->max - first + l->step - 1) / l->step);
}

size_t looks__runs_at(const struct looks *l, unsigned int k)
{
	size_t n = l->first + (size_t)(k ? k - 1 : 0) * l->step;

	return n < l->max ? n : l->max;
}

double looks__alpha(const struct looks *l, double alpha)
{
	return alpha / l->count;
}

bool looks__again(const struct looks *l, unsigned int k, int gate_exit, size_t undecided)
{
	return gate_exit == 125 && undecided > 0 && k < l->count;
}
