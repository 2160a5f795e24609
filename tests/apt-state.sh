#!/usr/bin/env bash
# A fingerprint of the system's apt sources and preferences: vrbench must never
# create or change anything there (KERNEL-FACTS §4).  `make check` takes one
# before `make deps` and compares it after the tests.
find /etc/apt/sources.list /etc/apt/sources.list.d /etc/apt/preferences.d \
	-exec stat -c '%n %s %Y' {} + 2>/dev/null | LC_ALL=C sort | md5sum | cut -d' ' -f1
