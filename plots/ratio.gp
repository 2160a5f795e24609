# Each row's latency ratio new / base with its 95 % interval: slower red,
# faster green, undecided grey, unchanged black; the threshold drawn dashed.
# Variables: dir, thr, title_text.  File: dir/ratio.tsv:
#   y  ratio  ci_lo  ci_hi  rgb  label
f = dir . "/ratio.tsv"
set title title_text font ",12"
set logscale x 2
set xlabel "new / base (ratio of the runs' p50), log; dashed: the gate's threshold"
set ytics nomirror font ",9"
set yrange [-1:*] reverse
set grid xtics
set key bottom right box opaque
set arrow 1 from 1 + thr, graph 0 to 1 + thr, graph 1 nohead dt 2 lc rgb "#D55E00"
set arrow 2 from 1 - thr, graph 0 to 1 - thr, graph 1 nohead dt 2 lc rgb "#009E73"
set arrow 3 from 1, graph 0 to 1, graph 1 nohead lc rgb "#404040"
plot f using 2:1:3:4:5:ytic(6) with xerrorbars pt 7 ps 0.8 lc rgb variable notitle, \
     NaN with points pt 7 lc rgb "#D55E00" title "slower", \
     NaN with points pt 7 lc rgb "#009E73" title "faster", \
     NaN with points pt 7 lc rgb "#000000" title "unchanged", \
     NaN with points pt 7 lc rgb "#999999" title "~ or not enough data"
