#!/bin/sh
# SPDX-License-Identifier: ISC
# layers.sh: the library's layering (README "Layout"): a file of lib/L/
# includes only its own layer's headers and those of layers below it:
# core < input < engine < store < web, kick, proc < work.  One check per
# layer, naming every include that reaches up or sideways.
. "$top_srcdir/tests/tools/lib.sh"
tap_need grep sed

# rank LAYER: its height; unknown layers are -1 (and fail the check).
rank() {
	case $1 in
	core) echo 0 ;;
	input) echo 1 ;;
	engine) echo 2 ;;
	store) echo 3 ;;
	web | kick | proc) echo 4 ;;
	work) echo 5 ;;
	*) echo -1 ;;
	esac
}

lib=$top_srcdir/lib
n=0
for dir in "$lib"/*/; do
	layer=$(basename "$dir")
	mine=$(rank "$layer")
	bad=
	for f in "$dir"*.c "$dir"*.h; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		for inc in $(sed -n 's/^#include "\([a-z_]*\)\/[a-z_]*\.h".*/\1/p' "$f"); do
			[ "$inc" = "$layer" ] && continue
			r=$(rank "$inc")
			if [ "$r" -lt 0 ] || [ "$mine" -lt 0 ] || [ "$r" -ge "$mine" ]; then
				bad="$bad $(basename "$f")->$inc"
			fi
		done
	done
	tap_is "${bad:- none}" " none" "lib/$layer includes only lower layers"
done
tap_like "$n" '^[1-9][0-9][0-9]*$' "the layers' files were read ($n)"
tap_done
