# shellcheck shell=bash
# A stand-in for Debian's snapshot archive, for tests: the part of its
# machine-readable interface that debsnap uses (/mr/binary/PKG/,
# /mr/package/SRC/VER/binfiles/PKG/VER, /file/SHA1), laid out as static files
# and served on the loopback by python3's http.server.
#   snapshot_publish DIR DEB...   add packages to the tree under DIR
#   snapshot_serve DIR            start serving it; sets SNAPSHOT_URL, SNAPSHOT_PID

snapshot_publish() {
	local dir=$1 deb pkg ver arch h
	shift
	for deb in "$@"; do
		pkg=$(dpkg-deb -f "$deb" Package) ver=$(dpkg-deb -f "$deb" Version)
		arch=$(dpkg-deb -f "$deb" Architecture) h=$(sha1sum < "$deb" | cut -d' ' -f1)
		mkdir -p "$dir/mr/binary/$pkg" "$dir/mr/package/linux/$ver/binfiles/$pkg" "$dir/file"
		printf '{"result":[{"binary_version":"%s","name":"%s","source":"linux","version":"%s"}]}\n' \
			"$ver" "$pkg" "$ver" > "$dir/mr/binary/$pkg/index.html"
		printf '{"result":[{"architecture":"%s","hash":"%s"}],"fileinfo":{"%s":[{"name":"%s_%s_%s.deb"}]}}\n' \
			"$arch" "$h" "$h" "$pkg" "$ver" "$arch" > "$dir/mr/package/linux/$ver/binfiles/$pkg/$ver"
		cp "$deb" "$dir/file/$h"
	done
}

snapshot_serve() {
	local log=$1.log i
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$1" > "$log" 2>&1 &
	SNAPSHOT_PID=$!
	for i in $(seq 50); do
		SNAPSHOT_URL=$(sed -n 's|^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*|http://127.0.0.1:\1|p' "$log")
		[ -n "$SNAPSHOT_URL" ] && return 0
		sleep 0.1
	done
	return 1
}
