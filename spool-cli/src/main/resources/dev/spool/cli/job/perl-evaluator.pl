# spool's Perl co-process: evaluates {= perl expression =} for each job, as GNU parallel 20221122 does.
# Started once per run (perl -e THIS MAXJOBS), it reads requests on stdin and answers on stdout; it ends at
# end-of-file on stdin, so it ends with spool. Every integer is 4 bytes, big-endian ("N"); every string is
# its length then its bytes.
#   C expr                        compile: answers O id, or E message
#   J nfields seq slot total arg1..argN  nreq (id argindex)...
#                                 evaluate, argindex 0 meaning the empty value: answers
#                                 R skip (unquote value)... or E index-of-failed-request message
# The expressions run in package Arg, with $_, @arg, $job, Q() and GNU parallel's other helpers, like GNU's.
use strict;
no warnings;
binmode STDIN;
binmode STDOUT;
$| = 1;
$Global::max_jobs_running = $ARGV[0] + 0;

package SpoolJob;
sub seq { $_[0]{seq} }
sub slot { $_[0]{slot} }
sub skip { $_[0]{skip} = 1 }

package main;
sub uniq { return keys %{{ map { $_ => 1 } @_ }}; }
sub shell_quote_scalar_default {
    local $_ = $_[0];
    if(/[^-_.+a-z0-9\/]/i) {
        s/'/'"'"'/g; $_ = "'$_'"; s/^''//; s/''$//; return $_;
    } elsif ($_ eq "") {
        return "''";
    }
    return $_;
}
sub Q { shell_quote_scalar_default($_[0]) }
sub perl_quote_scalar { my $a = $_[0]; if(defined $a) { $a =~ s/[\\\"\$\@]/\\$&/go; } return $a; }
sub pQ { perl_quote_scalar($_[0]) }
sub make_regexp_ungreedy {
    my $regexp = shift;
    my ($class_state, $escape_state, $found, $ungreedy) = (0, 0, 0, "");
    for my $c (split (//, $regexp)) {
        if ($found) { if($c ne "?") { $ungreedy .= "?"; } $found = 0; }
        $ungreedy .= $c;
        if ($escape_state) { $escape_state = 0; next; }
        if ($c eq "\\") { $escape_state = 1; next; }
        if ($c eq '[') { $class_state = 1; next; }
        if ($class_state) { if($c eq ']') { $class_state = 0; } next; }
        if ($c =~ /[*}+]/) { $found = 1; }
    }
    if($found) { $ungreedy .= '?'; }
    return $ungreedy;
}

package Arg;
our @arg;
our $job;
our $total_jobs;
our $unquote = 0;
use POSIX ();
sub Q { ::Q($_[0]) }
sub pQ { ::pQ($_[0]) }
sub hash { eval "use B; 1;"; B::hash(@_) }
sub total_jobs { $total_jobs }
sub skip { $job->skip() }
sub slot { $job->slot() }
sub seq { $job->seq() }
sub uq { $unquote = 1 }
sub yyyy_mm_dd_hh_mm_ss { POSIX::strftime("%Y-%m-%dT%H:%M:%S", localtime(time())) }
sub yyyy_mm_dd_hh_mm { POSIX::strftime("%Y-%m-%dT%H:%M", localtime(time())) }
sub yyyy_mm_dd { POSIX::strftime("%Y-%m-%d", localtime(time())) }
sub hh_mm_ss { POSIX::strftime("%H:%M:%S", localtime(time())) }
sub hh_mm { POSIX::strftime("%H:%M", localtime(time())) }
sub yyyymmddhhmmss { POSIX::strftime("%Y%m%d%H%M%S", localtime(time())) }
sub yyyymmddhhmm { POSIX::strftime("%Y%m%d%H%M", localtime(time())) }
sub yyyymmdd { POSIX::strftime("%Y%m%d", localtime(time())) }
sub hhmmss { POSIX::strftime("%H%M%S", localtime(time())) }
sub hhmm { POSIX::strftime("%H%M", localtime(time())) }

my @compiled;

sub spool_compile {
    my $expr = shift;
    my $sub = eval('sub { no strict; no warnings; my $job = shift; ' . $expr . "\n}");
    return (undef, $@) unless $sub;
    push @compiled, $sub;
    return ($#compiled, undef);
}

package main;

sub read_exactly {
    my $n = shift;
    my $buf = '';
    while (length($buf) < $n) {
        my $got = read(STDIN, $buf, $n - length($buf), length($buf));
        exit 0 unless $got;
    }
    return $buf;
}
sub read_int { return unpack("N", read_exactly(4)); }
sub read_string { my $n = read_int(); return $n ? read_exactly($n) : ''; }
sub string { my $s = defined $_[0] ? "$_[0]" : ''; utf8::encode($s) if utf8::is_utf8($s); return pack("N", length $s) . $s; }

while (1) {
    my $op = read_exactly(1);
    if ($op eq 'C') {
        my ($id, $error) = Arg::spool_compile(read_string());
        print defined $id ? 'O' . pack("N", $id) : 'E' . string($error);
    } elsif ($op eq 'J') {
        my $nfields = read_int();
        my @fields = map { read_string() } 1 .. $nfields;
        my ($seq, $slot, $total) = splice(@fields, 0, 3);
        my $nreq = read_int();
        my @requests = map { [read_int(), read_int()] } 1 .. $nreq;
        my $job = bless { seq => $seq + 0, slot => $slot + 0 }, 'SpoolJob';
        $Arg::job = $job;
        $Arg::total_jobs = $total eq '' ? undef : $total + 0;
        *Arg::arg = [undef, @fields];
        my (%cache, $out, $error, $failed);
        for my $n (0 .. $#requests) {
            my $r = $requests[$n];
            my ($id, $index) = @$r;
            my $key = "$id:$index";
            if (not exists $cache{$key}) {
                local $_ = $index ? $fields[$index - 1] : '';
                $Arg::unquote = 0;
                if (not eval { $compiled[$id]->($job); 1 }) {
                    $error = $@ || 'died';
                    $failed = $n;
                    last;
                }
                $cache{$key} = [$Arg::unquote ? 1 : 0, $_];
            }
            $out .= pack("C", $cache{$key}[0]) . string($cache{$key}[1]);
        }
        print defined $error ? 'E' . pack("N", $failed) . string($error) : 'R' . pack("C", $job->{skip} ? 1 : 0) . $out;
    } elsif ($op eq 'T') {
        # --filter: GNU parallel evals the line, its values in place; an error is false
        my $code = read_string();
        my $true = eval("package Job; no strict; no warnings; " . $code . "\n");
        print 'R' . pack("C", $true ? 1 : 0);
    } else {
        exit 2;
    }
}
