# SPDX-License-Identifier: ISC
# hls-media.sh: video for the mock's HLS CDN, made with the ffmpeg CLI at
# test time (never committed); source it after tests/lib.sh.
#
# Each frame shows a running clock (drawtext) and, for machines, its frame
# number as 16 black/white 16x16 blocks along the top edge (bit i at
# x = 16 i), which survives re-encoding; the audio is a 440 Hz tone.

HLS_FONT=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
HLS_FPS=30

# hls_make DIR SECONDS VARIANT...: VARIANT is NAME:WxH (e.g. 360p30:640x360);
# segments DIR/NAME/0.ts, 1.ts, ... of 2 s, a keyframe at each start.
hls_make() {
	hls_dir=$1
	hls_len=$2
	shift 2
	[ -r "$HLS_FONT" ] ||
	    tap_bail "$HLS_FONT is missing (Debian package fonts-dejavu-core)"
	for hls_v in "$@"; do
		hls_name=${hls_v%%:*}
		hls_size=${hls_v#*:}
		mkdir -p "$hls_dir/$hls_name" || return 1
		ffmpeg -nostdin -hide_banner -loglevel error \
		    -f lavfi -i "testsrc2=size=$hls_size:rate=$HLS_FPS" \
		    -f lavfi -i "sine=frequency=440:sample_rate=48000" \
		    -f lavfi -i "color=black:size=256x16:rate=$HLS_FPS" \
		    -filter_complex "[2:v]geq=lum='255*mod(floor(N/pow(2\\,floor(X/16)))\\,2)':cb=128:cr=128[bits];[0:v][bits]overlay=0:0:shortest=1,drawtext=fontfile=$HLS_FONT:text='%{pts\\:hms}':x=8:y=24:fontsize=24:fontcolor=white:box=1:boxcolor=black[v]" \
		    -map '[v]' -map 1:a -t "$hls_len" \
		    -c:v libx264 -preset ultrafast -crf 30 -g $((HLS_FPS * 2)) \
		    -keyint_min $((HLS_FPS * 2)) -sc_threshold 0 -pix_fmt yuv420p \
		    -c:a aac -b:a 48k -f hls -hls_time 2 -hls_list_size 0 \
		    -hls_segment_filename "$hls_dir/$hls_name/%d.ts" \
		    "$hls_dir/$hls_name/ffmpeg.m3u8" || return 1
	done
}

# hls_frameno FILE [SEEK]: the frame number burned into the first frame
# decoded from FILE (at SEEK seconds when given).
hls_frameno() {
	if [ -n "${2:-}" ]; then
		set -- "$1" -ss "$2"
	else
		set -- "$1"
	fi
	hls_f=$1
	shift
	ffmpeg -nostdin -hide_banner -loglevel error -i "$hls_f" "$@" \
	    -vf 'crop=256:16:0:0,scale=16:1:flags=area,format=gray' \
	    -frames:v 1 -f rawvideo - | od -An -v -tu1 |
	    awk '{ for (i = 1; i <= NF; i++) { if ($i > 128) n += 2 ^ b; b++ } }
		END { if (b != 16) exit 1; print n }'
}
