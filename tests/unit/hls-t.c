/* SPDX-License-Identifier: ISC */
/*
 * hls-t.c: HLS playlists: Kick's master (EXT-X-MEDIA + STREAM-INF + URI),
 * media playlists (EXTINF, PDT, BYTERANGE, discontinuities), URL
 * resolution, the host policy, variant choice, segment selection with
 * the chat-to-media offset, and hostile playlists.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoclip.h"
#include "core/core.h"
#include "kick/kick.h"
#include "../tools/tap.h"

#define BM(t, e, w) bad_master((t), strlen(t), (e), (w))
#define BASE	"https://stream.kick.com/ivs/v1/1/tok/2025/7/8/0/18/rec/media/hls/master.m3u8"

static const char kick_master[] =
    "#EXTM3U\n"
    "#EXT-X-SESSION-DATA:DATA-ID=\"NODE\",VALUE=\"x\"\n"
    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"1080p60\",NAME=\"1080p60\",AUTOSELECT=YES,DEFAULT=YES\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=9091454,RESOLUTION=1920x1080,CODECS=\"avc1.64002A,mp4a.40.2\",VIDEO=\"1080p60\",FRAME-RATE=60.000\n"
    "1080p60/playlist.m3u8\n"
    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"720p60\",NAME=\"720p60\",AUTOSELECT=YES,DEFAULT=YES\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=3491879,RESOLUTION=1280x720,CODECS=\"avc1.4D401F,mp4a.40.2\",VIDEO=\"720p60\",FRAME-RATE=60.000\n"
    "720p60/playlist.m3u8\n"
    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"480p30\",NAME=\"480p30\",AUTOSELECT=YES,DEFAULT=YES\r\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=1496879,RESOLUTION=852x480,VIDEO=\"480p30\",FRAME-RATE=30.000\r\n"
    "480p30/playlist.m3u8\r\n"
    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"160p30\",NAME=\"160p30\",AUTOSELECT=YES,DEFAULT=YES\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=230000,RESOLUTION=284x160,VIDEO=\"160p30\",FRAME-RATE=30.000\n"
    "/abs/160p30/playlist.m3u8?t=1\n";

static const char kick_media[] =
    "#EXTM3U\n"
    "#EXT-X-VERSION:4\n"
    "#EXT-X-PLAYLIST-TYPE:EVENT\n"
    "#EXT-X-TARGETDURATION:12\n"
    "#EXT-X-MEDIA-SEQUENCE:0\n"
    "#EXT-X-TWITCH-ELAPSED-SECS:0.000\n"
    "#EXT-X-PROGRAM-DATE-TIME:2026-08-30T20:47:04.390Z\n"
    "#EXTINF:10.000,\n"
    "0.ts\n"
    "#EXT-X-PROGRAM-DATE-TIME:2026-08-30T20:47:14.390Z\n"
    "#EXTINF:10.000,\n"
    "1.ts\n"
    "#EXTINF:10.000,\n"
    "2.ts\n"
    "#EXT-X-DISCONTINUITY\n"
    "#EXTINF:4.5,live\n"
    "3.ts\n"
    "#EXT-X-ENDLIST\n";

static void
resolve(const char *base, const char *ref, const char *want)
{
	char	 out[AC_HLS_URI_MAX];
	int	 rc;

	rc = ac_hls_url_resolve(base, ref, out, sizeof(out));
	if (want == NULL)
		ok(rc == -1, "resolve \"%s\" refused", ref);
	else
		ok(rc == 0 && strcmp(out, want) == 0, "resolve \"%s\" -> %s "
		    "(got %s)", ref, want, rc == 0 ? out : "error");
}

static void
test_resolve(void)
{
	const char *b = "https://h.example/a/b/c.m3u8?x=1";

	resolve(b, "d.ts", "https://h.example/a/b/d.ts");
	resolve(b, "../d.ts", "https://h.example/a/d.ts");
	resolve(b, "../../../../d.ts", "https://h.example/d.ts");
	resolve(b, "./e/./f.ts?q=1", "https://h.example/a/b/e/f.ts?q=1");
	resolve(b, "/root.ts", "https://h.example/root.ts");
	resolve(b, "//cdn.example/x.ts", "https://cdn.example/x.ts");
	resolve(b, "http://other.example/y.ts", "http://other.example/y.ts");
	resolve(b, "file:///etc/passwd", "file:///etc/passwd");
	resolve(b, "d.ts#frag", "https://h.example/a/b/d.ts");
	resolve("https://h.example", "d.ts", "https://h.example/d.ts");
	resolve(b, "has space.ts", NULL);
	resolve(b, "", NULL);
	resolve("file:///x/y.m3u8", "d.ts", NULL);
	resolve(b, "ctl\x01.ts", NULL);
}

static void
allowed(const char *url, const char *master, const char *hosts, int want)
{
	struct ac_error		 eb = { 0 };
	enum ac_err	 e;

	e = ac_hls_url_allowed(url, master, hosts, &eb);
	ok((e == AC_OK) == want, "%s %s (master %s, hosts %s)%s%s", url,
	    want ? "allowed" : "refused", master ? master : "-",
	    hosts ? hosts : "-", eb.text[0] ? ": " : "", eb.text);
}

static void
test_policy(void)
{
	const char *m = "https://stream.kick.com/x/master.m3u8";

	allowed("https://stream.kick.com/x/0.ts", m, NULL, 1);
	allowed("https://STREAM.kick.com/x/0.ts", m, NULL, 1);
	allowed("https://stream.kick.com:8443/x/0.ts", m, NULL, 0);
	allowed("https://evil.example/0.ts", m, NULL, 0);
	allowed("https://cdn.example/0.ts", m, "a.example, cdn.example", 1);
	allowed("file:///etc/passwd", m, NULL, 0);
	allowed("data:video/mp2t;base64,AAAA", m, NULL, 0);
	allowed("ftp://stream.kick.com/0.ts", m, NULL, 0);
	allowed("https://user@stream.kick.com/0.ts", m, NULL, 0);
	allowed("http://127.0.0.1:8080/0.ts", "http://127.0.0.1:8080/m.m3u8",
	    NULL, 0);
	allowed("http://127.0.0.1:8080/0.ts", "http://127.0.0.1:8080/m.m3u8",
	    "127.0.0.1:8080", 1);
	allowed("http://127.0.0.1:8081/0.ts", "http://127.0.0.1:8080/m.m3u8",
	    "127.0.0.1:8080", 0);
	allowed("http://10.1.2.3/0.ts", NULL, NULL, 0);
	allowed("http://192.168.0.1/0.ts", NULL, NULL, 0);
	allowed("http://169.254.169.254/latest/meta-data", NULL, NULL, 0);
	allowed("http://[::1]/0.ts", NULL, NULL, 0);
	allowed("http://[fd00::1]:80/0.ts", NULL, NULL, 0);
	allowed("http://localhost/0.ts", NULL, NULL, 0);
	allowed("http://2130706433/0.ts", NULL, NULL, 0);
	allowed("http://0x7f000001/0.ts", NULL, NULL, 0);
	allowed("https://stream.kick.com/0.ts", NULL, NULL, 1);
}

static void
test_master(void)
{
	struct ac_hls_master	 m;
	struct ac_error			 eb = { 0 };
	size_t			 i;
	enum ac_err		 e;

	e = ac_hls_master_parse(kick_master, sizeof(kick_master) - 1, BASE, &m,
	    &eb);
	ok(e == AC_OK, "Kick's master parses (%s)", eb.text);
	if (e != AC_OK)
		return;
	is_int((long long)m.n, 4, "four variants");
	is_str(m.v[0].name, "1080p60", "names from EXT-X-MEDIA");
	is_str(m.v[1].name, "720p60", "second name");
	is_str(m.v[1].uri, "https://stream.kick.com/ivs/v1/1/tok/2025/7/8/0/"
	    "18/rec/media/hls/720p60/playlist.m3u8", "relative URI resolved");
	is_str(m.v[3].uri, "https://stream.kick.com/abs/160p30/playlist.m3u8"
	    "?t=1", "absolute-path URI resolved");
	is_int(m.v[1].height, 720, "height from RESOLUTION");
	is_int(m.v[2].bandwidth, 1496879, "bandwidth (CRLF lines)");
	ok(fabs(m.v[0].fps - 60) < 1e-9, "frame rate");

	ok(ac_hls_pick(&m, NULL, 1080, &i, &eb) == AC_OK && i == 0,
	    "best under 1080 is 1080p60");
	ok(ac_hls_pick(&m, NULL, 720, &i, &eb) == AC_OK && i == 1,
	    "best under 720 is 720p60");
	ok(ac_hls_pick(&m, NULL, 600, &i, &eb) == AC_OK && i == 2,
	    "best under 600 is 480p30");
	ok(ac_hls_pick(&m, NULL, 100, &i, &eb) == AC_OK && i == 3,
	    "all above the cap: the lowest");
	ok(ac_hls_pick(&m, "480P30", 0, &i, &eb) == AC_OK && i == 2,
	    "named quality, any case");
	e = ac_hls_pick(&m, "4k", 0, &i, &eb);
	ok(e == AC_ERR_NOTFOUND && strstr(eb.text, "1080p60, 720p60, 480p30, "
	    "160p30") != NULL, "unknown quality lists those that exist: %s", eb.text);
	ac_hls_master_free(&m);

	/* Without EXT-X-MEDIA: names from RESOLUTION and FRAME-RATE. */
	{
		static const char t[] = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,"
		    "RESOLUTION=640x360,FRAME-RATE=29.97\nlow.m3u8\n"
		    "#EXT-X-STREAM-INF:BANDWIDTH=2,RESOLUTION=640x360,"
		    "FRAME-RATE=29.97\nlow2.m3u8\n";

		e = ac_hls_master_parse(t, sizeof(t) - 1, BASE, &m, &eb);
	}
	ok(e == AC_OK && m.n == 2 && strcmp(m.v[0].name, "360p30") == 0 &&
	    strcmp(m.v[1].name, "360p30-2") == 0, "derived names, kept unique "
	    "(%s)", eb.text);
	ac_hls_master_free(&m);

	/* A media playlist where the master was expected: one variant. */
	e = ac_hls_master_parse(kick_media, sizeof(kick_media) - 1, BASE, &m,
	    &eb);
	ok(e == AC_OK && m.n == 1 && strcmp(m.v[0].uri, BASE) == 0,
	    "a media playlist is its own variant");
	ac_hls_master_free(&m);

	/* Found by tests/fuzz/hls-fuzz: its URL is checked, never copied blind. */
	e = ac_hls_master_parse(kick_media, sizeof(kick_media) - 1,
	    "https://h.example/a\x13.m3u8", &m, &eb);
	ok(e == AC_ERR_VALUE && m.v == NULL && m.n == 0,
	    "a media playlist from a URL with a control byte: refused (%s)", eb.text);
	ac_hls_master_free(&m);
	{
		char	 u[AC_HLS_URI_MAX + 40];

		memset(u, 'a', sizeof(u) - 1);
		memcpy(u, "https://h.example/", 18);
		u[sizeof(u) - 1] = '\0';
		e = ac_hls_master_parse(kick_media, sizeof(kick_media) - 1, u,
		    &m, &eb);
	}
	ok(e == AC_ERR_VALUE && m.v == NULL,
	    "a media playlist from a URL longer than a URI: refused, not cut");
	ac_hls_master_free(&m);

	/* Found by tests/fuzz/hls-fuzz: "-N" could repeat a given name. */
	{
		static const char t[] = "#EXTM3U\n"
		    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"g\",NAME=\"a-3\"\n"
		    "#EXT-X-STREAM-INF:BANDWIDTH=1\nx1\n"
		    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"g\",NAME=\"a\"\n"
		    "#EXT-X-STREAM-INF:BANDWIDTH=1\nx2\n"
		    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"g\",NAME=\"a\"\n"
		    "#EXT-X-STREAM-INF:BANDWIDTH=1\nx3\n"
		    "#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"g\",NAME=\"A\"\n"
		    "#EXT-X-STREAM-INF:BANDWIDTH=1\nx4\n";

		e = ac_hls_master_parse(t, sizeof(t) - 1, BASE, &m, &eb);
	}
	ok(e == AC_OK && m.n == 4 && strcmp(m.v[0].name, "a-3") == 0 &&
	    strcmp(m.v[1].name, "a") == 0 && strcmp(m.v[2].name, "a-4") == 0 &&
	    strcmp(m.v[3].name, "A-5") == 0, "names unique whatever is given, "
	    "ignoring case (%s %s %s %s)", m.n > 0 ? m.v[0].name : "",
	    m.n > 1 ? m.v[1].name : "", m.n > 2 ? m.v[2].name : "",
	    m.n > 3 ? m.v[3].name : "");
	ok(e == AC_OK && ac_hls_pick(&m, "A-5", 0, &i, &eb) ==
	    AC_OK && i == 3, "each is chosen by its name");
	ac_hls_master_free(&m);
}

static void
test_media(void)
{
	struct ac_hls_media	 md;
	struct ac_hls_window	 w;
	struct ac_error			 eb = { 0 };
	double			 start, off;
	enum ac_err		 e;

	e = ac_hls_media_parse(kick_media, sizeof(kick_media) - 1,
	    "https://h.example/v/720p60/playlist.m3u8", &md, &eb);
	ok(e == AC_OK, "Kick's media playlist parses (%s)", eb.text);
	if (e != AC_OK)
		return;
	is_int((long long)md.n, 4, "four segments");
	ok(fabs(md.total - 34.5) < 1e-9, "total 34.5 s");
	is_str(md.s[1].uri, "https://h.example/v/720p60/1.ts", "segment URI");
	ok(fabs(md.s[2].start - 20) < 1e-9, "start from EXTINF sums");
	ok(md.s[2].has_pdt && fabs(md.s[2].pdt - md.s[1].pdt - 10) < 1e-6,
	    "PDT derived for a segment without one");
	ok(md.s[3].discontinuity && !md.s[3].has_pdt,
	    "discontinuity without PDT: unknown");
	ok(md.endlist && md.target_duration == 12, "ENDLIST, TARGETDURATION");
	ok(md.s[0].byte_off == -1, "no byte range");

	ac_ts_parse("2026-08-30T20:47:08.000Z", 24, &start);
	off = ac_hls_media_offset(&md, 1, start);
	ok(fabs(off - 3.61) < 1e-3, "offset start_time - first PDT = 3.61 (%g)",
	    off);
	ok(ac_hls_media_offset(&md, 0, start) == 0, "no start time: 0");
	ok(ac_hls_media_offset(&md, 1, start + 3600) == 0,
	    "an hour apart: another clock, 0");

	e = ac_hls_select(&md, 12, 18, 0, 0, &w, &eb);
	ok(e == AC_OK && w.first == 1 && w.last == 1 &&
	    fabs(w.cut_start - 2) < 1e-9 && fabs(w.cut_len - 6) < 1e-9,
	    "12-18 s: segment 1 only, cut at 2 s for 6 s");
	e = ac_hls_select(&md, 12, 18, 3, 0, &w, &eb);
	ok(e == AC_OK && w.first == 0 && w.last == 2 &&
	    fabs(w.cut_start - 9) < 1e-9 && fabs(w.cut_len - 12) < 1e-9,
	    "padding 3 s: segments 0-2");
	e = ac_hls_select(&md, 12, 18, 0, 3.61, &w, &eb);
	ok(e == AC_OK && w.first == 1 && w.last == 2 &&
	    fabs(w.cut_start - 5.61) < 1e-9, "offset shifts the cut later");
	e = ac_hls_select(&md, 10, 20, 0, 0, &w, &eb);
	ok(e == AC_OK && w.first == 1 && w.last == 1,
	    "segment boundaries: exactly one segment");
	e = ac_hls_select(&md, 25, 40, 0, 0, &w, &eb);
	ok(e == AC_OK && w.last == 3 && w.discontinuities == 1 &&
	    fabs(w.cut_len - 9.5) < 1e-9, "clamped at the end, a "
	    "discontinuity inside");
	e = ac_hls_select(&md, 40, 50, 0, 0, &w, &eb);
	ok(e == AC_ERR_NOTFOUND && strstr(eb.text, "outside") != NULL,
	    "a clip after the VOD: %s", eb.text);
	e = ac_hls_select(&md, -30, -10, 0, 0, &w, &eb);
	ok(e == AC_ERR_NOTFOUND, "a clip before the VOD");
	e = ac_hls_select(&md, 10, 5, 0, 0, &w, &eb);
	ok(e == AC_ERR_VALUE, "end before start");
	e = ac_hls_select(&md, NAN, 5, 0, 0, &w, &eb);
	ok(e == AC_ERR_VALUE, "NaN start");
	ac_hls_media_free(&md);

	/* Byte ranges: one file, continued offsets. */
	{
		static const char br[] = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
		    "#EXTINF:2,\n#EXT-X-BYTERANGE:1000@0\nall.ts\n"
		    "#EXTINF:2,\n#EXT-X-BYTERANGE:500\nall.ts\n"
		    "#EXTINF:2,\n#EXT-X-BYTERANGE:700@4000\nall.ts\n";

		e = ac_hls_media_parse(br, sizeof(br) - 1, "http://h/a.m3u8",
		    &md, &eb);
		ok(e == AC_OK && md.n == 3 && md.s[0].byte_off == 0 &&
		    md.s[0].byte_len == 1000 && md.s[1].byte_off == 1000 &&
		    md.s[1].byte_len == 500 && md.s[2].byte_off == 4000,
		    "byte ranges with and without offsets (%s)", eb.text);
		ac_hls_media_free(&md);
	}
}

static void
bad_media(const char *text, enum ac_err want, const char *what)
{
	struct ac_hls_media	 md;
	struct ac_error			 eb = { 0 };
	enum ac_err		 e;

	e = ac_hls_media_parse(text, strlen(text), "https://h.example/p.m3u8",
	    &md, &eb);
	ok(e == want && eb.text[0] != '\0' && md.s == NULL && md.n == 0,
	    "media refused: %s (%d: %s)", what, e, eb.text);
	ac_hls_media_free(&md);
}

static void
bad_master(const char *text, size_t len, enum ac_err want, const char *what)
{
	struct ac_hls_master	 m;
	struct ac_error			 eb = { 0 };
	enum ac_err		 e;

	e = ac_hls_master_parse(text, len, "https://h.example/m.m3u8", &m, &eb);
	ok(e == want && eb.text[0] != '\0' && m.v == NULL,
	    "master refused: %s (%d: %s)", what, e, eb.text);
	ac_hls_master_free(&m);
}

static void
test_hostile(void)
{
	char	*big;
	size_t	 i, n;

	BM("", AC_ERR_SYNTAX, "empty");
	BM("<html>403</html>", AC_ERR_SYNTAX, "an HTML page");
	BM("#EXTM3U\n", AC_ERR_SHAPE, "no variant");
	BM("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", AC_ERR_SYNTAX, "STREAM-INF without URI");
	BM("#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=1x1\nx.m3u8\n", AC_ERR_SYNTAX, "no BANDWIDTH");
	BM("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,NAME=\"x\n"
	    "x.m3u8\n", AC_ERR_SYNTAX, "unterminated quote");
	BM("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=-1\nx.m3u8\n", AC_ERR_SYNTAX, "negative bandwidth");
	BM("#EXTM3U\nx.m3u8\n", AC_ERR_SYNTAX, "URI alone");
	bad_master("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nx\0y.m3u8\n", 47,
	    AC_ERR_SYNTAX, "a NUL byte");
	BM("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=99999999"
	    "x1\nx.m3u8\n", AC_ERR_SYNTAX, "huge resolution");
	/* More variants than allowed. */
	n = 8 + (size_t)(AC_HLS_VARIANTS_MAX + 1) * 40;
	if ((big = malloc(n + 1)) == NULL)
		bail("out of memory");
	snprintf(big, n + 1, "#EXTM3U\n");
	for (i = 0; i <= AC_HLS_VARIANTS_MAX; i++)
		snprintf(big + strlen(big), n + 1 - strlen(big),
		    "#EXT-X-STREAM-INF:BANDWIDTH=%zu\nv%zu.m3u8\n", i + 1, i);
	bad_master(big, strlen(big), AC_ERR_LIMIT, "too many variants");
	free(big);
	/* A line longer than the bound. */
	n = 20000;
	if ((big = malloc(n + 1)) == NULL)
		bail("out of memory");
	memcpy(big, "#EXTM3U\n", 8);
	memset(big + 8, 'a', n - 8);
	big[n] = '\0';
	bad_master(big, n, AC_ERR_SYNTAX, "a 20 KB line");
	bad_master(big, (size_t)AC_HLS_PLAYLIST_MAX + 1, AC_ERR_LIMIT,
	    "over the size bound (length checked first)");
	free(big);

	bad_media("", AC_ERR_SYNTAX, "empty");
	bad_media("#EXTM3U\n", AC_ERR_SHAPE, "no segment");
	bad_media("#EXTM3U\n0.ts\n", AC_ERR_SYNTAX, "URI without EXTINF");
	bad_media("#EXTM3U\n#EXTINF:2,\n", AC_ERR_SYNTAX, "EXTINF without URI");
	bad_media("#EXTM3U\n#EXTINF:-2,\n0.ts\n", AC_ERR_SYNTAX,
	    "negative duration");
	bad_media("#EXTM3U\n#EXTINF:nan,\n0.ts\n", AC_ERR_SYNTAX, "NaN duration");
	bad_media("#EXTM3U\n#EXTINF:1e9,\n0.ts\n", AC_ERR_SYNTAX,
	    "exponent duration");
	bad_media("#EXTM3U\n#EXTINF:99999999,\n0.ts\n", AC_ERR_SYNTAX,
	    "absurd duration");
	bad_media("#EXTM3U\n#EXTINF:2,\n#EXTINF:2,\n0.ts\n", AC_ERR_SYNTAX,
	    "EXTINF twice");
	bad_media("#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n#EXTINF:2,\n"
	    "0.ts\n", AC_ERR_SYNTAX, "bad PDT");
	bad_media("#EXTM3U\n#EXTINF:2,\n#EXT-X-BYTERANGE:10\n0.ts\n",
	    AC_ERR_SYNTAX, "BYTERANGE without offset on a new URI");
	bad_media("#EXTM3U\n#EXTINF:2,\n#EXT-X-BYTERANGE:0@0\n0.ts\n",
	    AC_ERR_SYNTAX, "empty BYTERANGE");
	bad_media("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:2,\n"
	    "0.ts\n", AC_ERR_SHAPE, "encrypted");
	bad_media("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2,\n0.m4s\n",
	    AC_ERR_SHAPE, "fMP4");
	bad_media("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nx.m3u8\n",
	    AC_ERR_SHAPE, "a master instead");
	bad_media("#EXTM3U\n#EXTINF:2,\nbad uri.ts\n", AC_ERR_SYNTAX,
	    "a URI with a space");
	/* Segment count bound: a playlist of tiny segments. */
	n = 8 + (size_t)(AC_HLS_SEGMENTS_MAX + 1) * 16;
	if ((big = malloc(n + 1)) == NULL)
		bail("out of memory");
	snprintf(big, n + 1, "#EXTM3U\n");
	{
		char	*p = big + 8;

		for (i = 0; i <= AC_HLS_SEGMENTS_MAX; i++) {
			memcpy(p, "#EXTINF:0.1,\na\n", 15);
			p += 15;
		}
		*p = '\0';
	}
	bad_media(big, AC_ERR_LIMIT, "too many segments");
	free(big);
}

int
main(void)
{
	plan_lazy();
	test_resolve();
	test_policy();
	test_master();
	test_media();
	test_hostile();
	return done_testing();
}
