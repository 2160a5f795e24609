# Resident pages before and after each shrink, per kernel and size, with the
# share of the area each kernel returned written above its bar.
# Variables: dir, names, nk, title_text.  File: dir/savings.tsv, one row per
# shrink step:  label  before  after_1 .. after_nk  returned_1 .. returned_nk (%)
f = dir . "/savings.tsv"
set title title_text font ",14"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 2
set yrange [0.5:*]
set ylabel "pages mapped in the area (4 KiB), log"
set xlabel "shrink step"
set xtics rotate by -30 nomirror
set key outside top center horizontal
ncol = nk + 1
bw = 1.0 / (ncol + 1)
plot f using 2:xtic(1) title sprintf("before the shrink (%s)", word(names, 1)) lc rgb "#BBBBBB", \
     for [i = 1:nk] f using (column(2 + i)) title sprintf("after: %s", word(names, i)) lc rgb kc[i], \
     for [i = 1:nk] f using ($0 + (i - (ncol - 1) / 2.0) * bw):(column(2 + i) * 1.15): \
	(sprintf("%.2f%%", column(2 + nk + i))) with labels font ",9" notitle
