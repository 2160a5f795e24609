# Shared by every vrbench figure (loaded first; `vrbench plot` sets fmt, out,
# w, h and the figure's own variables with -e).  Colours: Okabe & Ito's
# colour-blind-safe palette; kernels take them in order.
if (!exists("fmt")) fmt = "png"
if (!exists("w")) w = 1000
if (!exists("h")) h = 700
if (fmt eq "svg") {
	set terminal svg size w, h dynamic noenhanced font "DejaVu Sans,12" background rgb "white"
} else {
	set terminal pngcairo size w, h noenhanced font "DejaVu Sans,11" background rgb "white"
}
set output out
array kc[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
set style line 100 lc rgb "#E0E0E0" lw 1
set grid back ls 100
set border lc rgb "#404040"
set key top left box opaque
# sizes in bytes on a log2 axis, labelled for a reader
set_size_tics = "set xtics ('4K' 4096, '16K' 16384, '64K' 65536, '256K' 262144, '1M' 1048576, '4M' 4194304, '16M' 16777216)"
