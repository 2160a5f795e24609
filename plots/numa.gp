# The NUMA matrix: the writer's CPU node against its memory node, one panel
# per kernel: latency of the last grow rung as colour, and the share of the
# area's pages that landed on the memory node asked for (placement accuracy).
# Variables: dir, names, nk, title_text.  Files: dir/numa-K.tsv (K = 1..nk):
#   cpu_node  mem_node  latency_ms  local_percent
# cbmax: the largest latency of all panels, so one colour means one time.
set multiplot layout 1, nk title title_text font ",14"
unset key
set cbrange [0:cbmax]
set palette defined (0 "#F7FBFF", 1 "#6BAED6", 2 "#08306B")
set xlabel "memory node"
set ylabel "CPU node"
set size ratio -1
set cblabel "ms (median of runs' p50)"
do for [i = 1:nk] {
	f = sprintf("%s/numa-%d.tsv", dir, i)
	set title word(names, i)
	stats f using 1 nooutput
	set xrange [-0.5:STATS_max + 0.5]
	set yrange [-0.5:STATS_max + 0.5]
	set xtics 1
	set ytics 1
	plot f using 2:1:3 with image notitle, \
	     f using 2:1:(sprintf("%.2f ms\n%.0f%% on node", $3, $4)) with labels font ",10" notitle
}
unset multiplot
