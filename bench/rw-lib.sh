# bench/rw-lib.sh - the reader and writer rows of one format, sourced after
# bench/lib.sh by bench/rw-FORMAT.sh:
#   rw_rows FORMAT BASELINE 'WRITE OPTIONS' 'READ OPTIONS' [WHY-NOT-SAME]
# The common source is a folded file of 100,000 distinct stacks (20 MB,
# collapsed-gen.py, made once).  The writer row times `stackconv SOURCE -t
# FORMAT`; its MB/s is of the output written (the time includes reading
# the source: see the collapsed row for that share).  The reader row times
# that output read back to collapsed, MB/s of its size.  Both stand next
# to the same baseline on the written file, BASELINE being json (node's
# JSON.parse), xml (xmllint --stream), text (cat) or gzip (gzip -dc for
# the reader; for the writer, gzip -1, the level stackkit writes, of the
# same protobuf bare).  "same"
# says whether the file read back gives the source's stacks; n.a. when
# the format cannot keep them (WHY-NOT-SAME, printed under the table).
RW_SRC="$DATA/rw-source-100000.txt"

rw_baseline() {
	kind=$1 file=$2
	case $kind in
	json)
		if ! command -v node > /dev/null; then BASE_LABEL="(node missing)"; return 1; fi
		BASE_LABEL="node JSON.parse"
		best base node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$file" ;;
	xml)
		if ! command -v xmllint > /dev/null; then BASE_LABEL="(xmllint missing)"; return 1; fi
		BASE_LABEL="xmllint --stream"
		best base xmllint --stream --noout "$file" ;;
	text)
		BASE_LABEL="cat"
		best base cat "$file" ;;
	gzip)
		BASE_LABEL="gzip -dc"
		best base gzip -dc "$file" ;;
	esac
}

rw_rows() {
	fmt=$1 kind=$2 wopts=$3 ropts=$4 why_not=${5:-}
	make_once "$RW_SRC" collapsed-gen.py 20 100000
	"$SC" -q "$RW_SRC" > "$TMP/ref"
	cat "$RW_SRC" > /dev/null	# warm the page cache
	# shellcheck disable=SC2086 # the options are words
	best_out "$TMP/out.$fmt" w "$SC" -q -t "$fmt" $wopts "$RW_SRC"
	out_bytes=$(wc -c < "$TMP/out.$fmt")
	# shellcheck disable=SC2086
	best_out "$TMP/back" r "$SC" -q -t collapsed $ropts "$TMP/out.$fmt"
	same=$(same_files "$TMP/back" "$TMP/ref")
	if [ -n "$why_not" ]; then same=n.a.; note "$fmt read back: not compared: $why_not"; fi
	base=base
	rw_baseline "$kind" "$TMP/out.$fmt" || base=-
	rlabel=$BASE_LABEL
	if [ "$kind" = gzip ]; then
		gzip -dc "$TMP/out.$fmt" > "$TMP/bare"
		best wbase gzip -1 -c "$TMP/bare"
		row "$fmt write (100k stacks)" w "gzip -1 (bare protobuf)" wbase "$out_bytes" "$same"
	else
		row "$fmt write (100k stacks)" w "$BASE_LABEL" $base "$out_bytes" "$same"
	fi
	row "$fmt read (its own output)" r "$rlabel" $base "$out_bytes" "$same"
	rm -f "$TMP/out.$fmt" "$TMP/back" "$TMP/bare"
}
