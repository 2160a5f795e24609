# Latency against size, one panel per pattern, one line per kernel: the median
# of the runs' p50 with a band from the fastest to the slowest run.
# Variables: dir (TSV directory), names (kernel labels, space-separated), nk,
# title_text.  Files: dir/latency-PATTERN.tsv, one block per kernel:
#   x  median_us  min_us  max_us  label
# where x is the size after the resize (ladders) or the step's index (regrow,
# append: steps of different kinds, labelled).
set multiplot layout 2, 2 title title_text font ",14"
patterns = "grow shrink regrow append"
titles = "'grow ladder: each vrealloc() to twice the size' 'shrink ladder: each vrealloc() to half the size' 'regrow: 256K shrunk to 16K, then grown back' 'append: 2000 vrealloc()s of 24 bytes more'"
set ylabel "time per resize, log"
set logscale y 10
set ytics ("1 us" 1, "10 us" 10, "100 us" 100, "1 ms" 1000, "10 ms" 10000, "100 ms" 100000, "1 s" 1000000)
set key top left box opaque
do for [p = 1:4] {
	f = sprintf("%s/latency-%s.tsv", dir, word(patterns, p))
	set title word(titles, p)
	if (p <= 2) {
		set logscale x 2
		set xlabel "size after the resize"
		@set_size_tics
		set autoscale x
		plot for [i = 0:nk - 1] f index i using 1:3:4 with filledcurves fc rgb kc[i + 1] \
			fs transparent solid 0.18 noborder notitle, \
		     for [i = 0:nk - 1] f index i using 1:2 with linespoints lw 2 pt 7 ps 0.8 \
			lc rgb kc[i + 1] title word(names, i + 1)
	} else {
		unset logscale x
		set xlabel "step"
		set xtics ()
		set offsets 0, 0, 0, 0
		stats f using 1 nooutput
		set xrange [-0.5:STATS_max + 0.5]
		plot for [i = 0:nk - 1] f index i using 1:2:3:4:xtic(5) with yerrorlines lw 2 pt 7 \
			ps 1 lc rgb kc[i + 1] title word(names, i + 1)
	}
}
unset multiplot
