# A trend across an ordered list of kernels or commits: each one's geometric
# mean latency ratio against the first, and resident pages after the
# 256K -> 16K shrink; the first one the gate fails marked.
# Variables: dir, title_text.  File: dir/trend.tsv:
#   x  label  geomean  resident  bad(0/1)
f = dir . "/trend.tsv"
set title title_text font ",14"
set xtics rotate by -30 nomirror
set ylabel "geomean latency ratio vs the first"
set y2label "pages kept after 256K -> 16K"
set y2tics
set ytics nomirror
set offsets 0.3, 0.3, 0, 0
set key outside top center horizontal
set y2range [0:*]
plot f using 1:3:xtic(2) with linespoints lw 2 pt 7 lc rgb kc[1] title "latency (geomean ratio)", \
     f using 1:4 axes x1y2 with linespoints lw 2 pt 5 dt 2 lc rgb kc[3] title "resident pages", \
     f using ($5 > 0 ? $1 : NaN):3 with points pt 6 ps 4 lw 3 lc rgb "#D55E00" title "first the gate fails", \
     f using ($5 > 0 ? $1 : NaN):3:("first bad") with labels offset 0, 2 tc rgb "#D55E00" notitle
