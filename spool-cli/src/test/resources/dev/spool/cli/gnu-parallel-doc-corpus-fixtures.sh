# The files that the examples of GNU parallel's manuals assume, made deterministically in the current
# directory (GnuParallelDocCorpusTest runs it once and copies the result for every run). Keep it small: every
# case copies all of it, except num30000 and num1000000, which are copied only for a snippet naming them.
set -euo pipefail
export LC_ALL=C

# parallel_tutorial's "Prerequisites", as it makes them
printf 'A\nB\nC\n' > abc-file
printf 'D\nE\nF\n' > def-file
printf 'A\0B\0C\0' > abc0-file
printf 'A_B_C_' > abc_-file
printf 'f1\tf2\nA\tB\nC\tD\n' > tsv-file.tsv
seq 8 > num8
seq 128 > num128
seq 30000 > num30000
seq 1000000 > num1000000
(echo %head1; echo %head2; seq 10) > num_%header
printf 'HHHHAAABBBCCC' > fixedlen
printf 'This is input_file\n' > input_file

# parallel_examples and parallel: a few files of each kind the examples name
printf 'hello\nworld\n' > a.txt
printf 'foo bar\nFOO BAR\n' > b.txt
printf '<html>index</html>\n' > index.html
printf '<html>about</html>\n' > about.html
printf 'log one\n' > a.log
printf 'log two\nline 2\n' > b.log
printf 'jpeg 1\n' > pict0001.jpg
printf 'jpeg 2\n' > pict0002.jpg
printf 'zipped one\n' | gzip -n > one.gz
printf 'zipped two\nline 2\n' | gzip -n > two.gz
mkdir -p sounddir destdir mydir
printf 'RIFF one\n' > sounddir/one.wav
printf 'RIFF two\n' > sounddir/two.wav
printf 'RIFF song\n' > song.wav
printf 'abc-file\nmissing-file\nnum8\n' > file_list
printf 'abc-file\ndef-file\n' > filelist
printf 'Name\tE-mail address\nAlice\talice@example.com\nBob\tbob@example.com\n' > addressbook.tsv
printf 'a\nb\nc\nd\n' > in.txt
printf 'in1\tout1\n in2 \t out2 \n' > table_file.tsv
printf 'line 1\nline 2\nline 3\n' > textfile
printf 'a.txt\nb.txt\n' > list
printf 'x1\nx2\n' > xlist
printf 'y1\ny2\n' > ylist
printf 'foo\nworld\n' > regexps.txt
printf 'hello\nfoo bar\nworld\nbaz\n' > bigfile
printf 'a,1\nb,1\nc,2\nd,3\ne,3\n' > my.csv
printf 'last line\n' > myfile
printf 'echo job 1\necho job 2\necho job 3\n' > jobs_to_run
printf '>seq1\nACGT\nACGT\n>seq2\nTTTT\n>seq3\nGGCC\n' > file.fasta
mkdir -p tardir
printf 'in tar 1\n' > tardir/t1.txt
printf 'in tar 2\n' > tardir/t2.txt
tar --mtime=@0 --owner=0 --group=0 --numeric-owner --sort=name -cf - tardir | gzip -n > foo.tgz
cp foo.tgz bundle.tar.gz
rm -r tardir
