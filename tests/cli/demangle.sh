# tests/cli/demangle.sh - C++ and Rust names are demangled after every
# reader (sk_read_file), kept by --no-demangle, and kept as the frame's
# system name: folded, perf script (a real `perf script --no-demangle` of
# testdata/perf/src/spin.cc, and the corpus' Java and Rust v0 recordings),
# pprof and speedscope inputs; pprof and perf output.  c++filt (binutils),
# where installed, is the second opinion on whole files.
. "$top_srcdir/tests/lib.sh"
P="$TESTDATA/perf"

printf '%s\n' 'main;_ZN3geo5applyESt8functionIFiiEEi;_ZZ3runiENKUliE_clEi 3' \
	'main;_RNvCs15kBYyAo9fc_7mycrate7example;_Zap 2' \
	'main;_ZN4core3fmt5write17h0123456789abcdefE 1' > "$TMP/m.folded"
demangled='main;core::fmt::write 1
main;geo::apply(std::function<int (int)>, int);run(int)::{lambda(int)#1}::operator()(int) const 3
main;mycrate::example;_Zap 2'
mangled='main;_RNvCs15kBYyAo9fc_7mycrate7example;_Zap 2
main;_ZN3geo5applyESt8functionIFiiEEi;_ZZ3runiENKUliE_clEi 3
main;_ZN4core3fmt5write17h0123456789abcdefE 1'

# folded, from a file and from stdin
"$STACKCONV" "$TMP/m.folded" > "$TMP/out"
expect_text "folded" "$demangled" "$TMP/out"
"$STACKCONV" < "$TMP/m.folded" > "$TMP/out"
expect_text "folded on stdin" "$demangled" "$TMP/out"
"$STACKCONV" --no-demangle "$TMP/m.folded" > "$TMP/out"
expect_text "folded --no-demangle" "$mangled" "$TMP/out"

# perf script: perf 6.1's --no-demangle output of spin.cc (g++ -O2)
"$STACKCONV" "$P/cxx-mangled.perf" | sed 's/ [0-9]*$//' | tr ';' '\n' \
	| grep -e geo -e _Z | LC_ALL=C sort -u > "$TMP/out"
expect_text "perf script" "geo::(anonymous namespace)::hidden(unsigned long)
geo::Vec<double>::operator+(geo::Vec<double> const&) const [clone .isra.0]" "$TMP/out"
"$STACKCONV" --no-demangle "$P/cxx-mangled.perf" | sed 's/ [0-9]*$//' \
	| tr ';' '\n' | grep -e geo -e _Z | LC_ALL=C sort -u > "$TMP/out"
expect_text "perf script --no-demangle" "_ZN3geo12_GLOBAL__N_16hiddenEm
_ZNK3geo3VecIdEplERKS1_.isra.0" "$TMP/out"

# pprof: mangled names read from a profile are demangled; a profile written
# from demangled frames carries the mangled names as system names, and
# perf output writes them (C++ parameter lists would not survive its
# readers), so both come back the same
"$STACKCONV" --no-demangle -t pprof -o "$TMP/mangled.pb.gz" "$TMP/m.folded"
"$STACKCONV" "$TMP/mangled.pb.gz" > "$TMP/out"
expect_text "pprof input" "$demangled" "$TMP/out"
"$STACKCONV" --no-demangle "$TMP/mangled.pb.gz" > "$TMP/out"
expect_text "pprof input --no-demangle" "$mangled" "$TMP/out"
"$STACKCONV" -t pprof -o "$TMP/plain.pb.gz" "$TMP/m.folded"
"$STACKCONV" --no-demangle "$TMP/plain.pb.gz" > "$TMP/out"
expect_text "pprof output keeps demangled names" "$demangled" "$TMP/out"
"$STACKCONV" -t perf "$TMP/m.folded" | grep -c '_Z\|_R' > "$TMP/out"
expect_text "perf output writes mangled names" "5" "$TMP/out"
"$STACKCONV" -t perf "$TMP/m.folded" | "$STACKCONV" > "$TMP/out"
expect_text "perf output reads back" "unknown;main;core::fmt::write 1
unknown;main;geo::apply(std::function<int (int)>, int);run(int)::{lambda(int)#1}::operator()(int) const 3
unknown;main;mycrate::example;_Zap 2" "$TMP/out"
if command -v go > /dev/null 2>&1; then
	use_go_pprof
	go tool pprof -raw "$TMP/plain.pb.gz" 2> /dev/null \
		| grep -o ' M=1 .*' | LC_ALL=C sort > "$TMP/out"
	expect_text "pprof system_name (go tool pprof -raw)" \
" M=1 _Zap :0 s=0()
 M=1 core::fmt::write :0 s=0(_ZN4core3fmt5write17h0123456789abcdefE)
 M=1 geo::apply(std::function<int (int)>, int) :0 s=0(_ZN3geo5applyESt8functionIFiiEEi)
 M=1 main :0 s=0()
 M=1 mycrate::example :0 s=0(_RNvCs15kBYyAo9fc_7mycrate7example)
 M=1 run(int)::{lambda(int)#1}::operator()(int) const :0 s=0(_ZZ3runiENKUliE_clEi)" "$TMP/out"
fi

# speedscope
"$STACKCONV" --no-demangle -t speedscope "$TMP/m.folded" > "$TMP/m.json"
"$STACKCONV" "$TMP/m.json" > "$TMP/out"
expect_text "speedscope input" "$demangled" "$TMP/out"

# merged inputs: a demangled frame and a frame named so from the start
# differ in system name, and one label shows them as one
printf 'main;run(int) 4\n' > "$TMP/plain.folded"
printf 'main;_Z3runi 1\n' > "$TMP/mangled.folded"
"$STACKCONV" "$TMP/plain.folded" "$TMP/mangled.folded" > "$TMP/out"
expect_text "merged" "main;run(int) 5" "$TMP/out"

if [ -d "$SHARED/corpus" ] && command -v c++filt > /dev/null 2>&1; then
	# Whole recordings against c++filt.  It shows Rust v0 crate
	# disambiguators ("std[a32bae77f370052a]"); rustfilt and this reader
	# do not.
	for f in "$SHARED/corpus/flamegraph/test/perf-java-faults-01.txt" \
		 "$SHARED/corpus/speedscope/linux-perf/rust-mangled.linux-perf.txt" \
		 "$SHARED/corpus/speedscope/linux-perf/simple.linux-perf.txt" \
		 "$P/cxx-mangled.perf"; do
		"$STACKCONV" -q --no-demangle "$f" | c++filt \
			| sed 's/\[[0-9a-f]\{6,16\}\]//g' | LC_ALL=C sort > "$TMP/want"
		"$STACKCONV" -q "$f" | LC_ALL=C sort > "$TMP/out"
		expect_same "$(basename "$f") as c++filt reads it" "$TMP/want" "$TMP/out"
	done
fi

finish
