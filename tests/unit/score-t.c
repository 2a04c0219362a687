/* SPDX-License-Identifier: ISC */
/* score-t.c: laughter, hype words, emote tokens and commands of chat texts. */
#include "config.h"

#include <string.h>

#include "engine/engine.h"
#include "../tools/tap.h"

static int
laughs(const char *s)
{
	return ac_text_laughs(s, strlen(s));
}

static int
hypes(const char *s)
{
	struct ac__text	 t;

	ac__text_scan(s, strlen(s), &t);
	return (t.flags & AC__TEXT_HYPE) != 0;
}

static uint32_t
thash(const char *s)
{
	struct ac__text	 t;

	ac__text_scan(s, strlen(s), &t);
	return t.hash;
}

static uint32_t
tfirst(const char *s)
{
	struct ac__text	 t;

	ac__text_scan(s, strlen(s), &t);
	return t.first;
}

static void
emotes(const char *s, unsigned int l, unsigned int h, unsigned int o)
{
	struct ac_emotes	 e;

	ac_text_emotes(s, strlen(s), &e);
	ok(e.laugh == l && e.hype == h && e.other == o,
	    "emotes \"%s\": %u/%u/%u (want %u/%u/%u)", s, e.laugh, e.hype,
	    e.other, l, h, o);
}

int
main(void)
{
	static const char *const yes[] = {
		/* Spanish */
		"jaja", "jajaja", "JAJAJA", "jajajaja que risa", "jajaj",
		"jajajjaa", "jjajajaja", "JAAJJAjaJ", "jsjs", "jsjsjs",
		"jeje", "xd", "xD", "XD", "xdd", "xDDD", "no manches xD",
		/* English */
		"lol", "LOL", "LOOOL", "lmao", "LMAOOOO", "lmfao", "haha",
		"hahaha", "HaHaa", "hehe", "that was great lol",
		/* Portuguese */
		"kkkk", "kkk", "lkkkkk", "KKKKKKKK", "rsrs", "rsrsrs",
		/* Twitch words */
		"KEKW", "LULW", "OMEGALUL", "LUL", "PepeLaugh", "ICANT",
		"dude KEKW KEKW",
		/* emoji */
		"\xf0\x9f\x98\x82", "\xf0\x9f\xa4\xa3", "\xf0\x9f\x92\x80",
		"dead\xf0\x9f\x92\x80\xf0\x9f\x92\x80",
		NULL
	};
	static const char *const no[] = {
		"java", "ajax", "kick", "look", "lollipop", "xdr", "Jaguar",
		"hola", "rsync", "xdebug", "ja", "jaj", "ha ha", "kk",
		"hello world", "", "lo", "jajaja123", "[emote:37226:KEKW]",
		"[emote:1:lol] [emote:2:jaja]", "ok \xf0\x9f\x98\x80",
		"hablamos", "lmaoxd", "rs", "xx", "k",
		NULL
	};
	size_t	 i;

	plan_lazy();

	for (i = 0; yes[i] != NULL; i++)
		ok(laughs(yes[i]), "laughs: \"%s\"", yes[i]);
	for (i = 0; no[i] != NULL; i++)
		ok(!laughs(no[i]), "no laugh: \"%s\"", no[i]);
	ok(!ac_text_laughs(NULL, 0), "NULL text does not laugh");
	ok(laughs("jajaja\0hidden") && !laughs("x\0jajaja"),
	    "length, not NUL, ends the text (strlen view)");
	ok(ac_text_laughs("x\0jajaja", 8), "text after a NUL byte is scanned");

	/* plain-word hype (7TV and friends) */
	ok(hypes("Pog") && hypes("PogU") && hypes("POGGERS") &&
	    hypes("GIGACHAD") && hypes("OOOOO") && hypes("EZ") &&
	    hypes("LETSGOOOO") && hypes("\xf0\x9f\x94\xa5"),
	    "hype words: Pog PogU POGGERS GIGACHAD OOOOO EZ LETSGOOOO fire");
	ok(hypes("W") && hypes("WWWW") && hypes("CLIP IT") && hypes("INSANE") &&
	    hypes("GOOOO") && hypes("VAMOOOO") && hypes("BORAAA") &&
	    hypes("OOO") && hypes("LETS GOOO"),
	    "hype idioms: W, WWWW, CLIP IT, INSANE, GOOOO, VAMOOOO, BORAAA");
	ok(!hypes("ez") && !hypes("ooo") && !hypes("poguito") && !hypes("w") &&
	    !hypes("vamos a ver") && !hypes("bora") && !hypes("go") &&
	    !hypes("good") && !hypes("Wow"),
	    "not hype: ez, ooo, poguito, w, vamos, bora, go, good, Wow");
	ok(!hypes("jajaja") && !laughs("PogU"), "laugh and hype are apart");

	/* emote tokens */
	emotes("[emote:37226:KEKW]", 1, 0, 0);
	emotes("[emote:37226:KEKW][emote:37227:LULW] [emote:1730794:emojiLol]",
	    3, 0, 0);
	emotes("[emote:1579050:emojiLaughing] [emote:1730767:emojiDead] "
	    "[emote:39267:HaHaaHaHaa] [emote:5748031:collectibleswideKEKW]",
	    4, 0, 0);
	emotes("[emote:37233:PogU] [emote:37218:Clap] [emote:37232:PeepoClap] "
	    "[emote:37221:EZ] [emote:37224:GIGACHAD] [emote:37229:OOOO] "
	    "[emote:1730772:emojiFire] [emote:1730807:emojiShocked] "
	    "[emote:9:samHYPE]", 0, 9, 0);
	emotes("[emote:37233:]", 0, 0, 1);
	emotes("[emote:4148081:Sadge] [emote:37230:POLICE]", 0, 0, 2);
	emotes("[emote:abc:KEKW]", 0, 0, 0);
	emotes("[emote:12:KEKW", 0, 0, 0);
	emotes("[emote::x]", 0, 0, 0);
	emotes("[emote:12:KE[emote:13:KEKW]", 1, 0, 0);
	emotes("[emote:12]", 0, 0, 0);
	emotes("[EMOTE:12:KEKW]", 0, 0, 0);
	emotes("x[emote:1:a]y[emote:2:b]", 0, 0, 2);
	emotes("", 0, 0, 0);
	ok(laughs("[emote:abc:KEKW]"),
	    "a malformed token is plain text: its KEKW laughs");
	ok(laughs("[emote:12:KEKW"), "unterminated token is plain text");

	/* commands */
	ok(ac_text_is_command("!join", 5), "!join is a command");
	ok(ac_text_is_command("  !giveaway now", 15), "leading spaces");
	ok(!ac_text_is_command("hi !join", 8), "not at the start");
	ok(!ac_text_is_command("!", 1) && !ac_text_is_command("!!!", 3),
	    "lone exclamation marks are not commands");
	ok(!ac_text_is_command(NULL, 0), "NULL text");

	/* normalised text hash */
	ok(thash("!join") == thash("!JOIN ") && thash("!join") ==
	    thash("!Join!!") && thash("hello world") == thash("Hello, World!"),
	    "hash ignores case, spaces, punctuation");
	ok(thash("loool") == thash("lol"), "runs of a letter fold");
	ok(thash("hello") != thash("world") && thash("a b") == thash("ab"),
	    "different words differ; spaces do not count");

	/* the first unit: word, emote name, non-ASCII run or punctuation */
	ok(tfirst("LMAOOO he fell") == tfirst("lmao") &&
	    tfirst("lmao") != tfirst("he fell"),
	    "first unit: case and runs fold, later words do not count");
	ok(tfirst("\xe3\x85\x8b\xe3\x85\x8b\xe3\x85\x8b") ==
	    tfirst("\xe3\x85\x8b\xe3\x85\x8b\xe3\x85\x8b\xe3\x85\x8b "
	    "wow") && tfirst("\xe3\x85\x8b") != tfirst("\xe8\x8d\x89"),
	    "first unit: a repeated non-ASCII letter folds, others differ");
	ok(tfirst("[emote:9:monkaS] lol") == tfirst("MONKAS") &&
	    tfirst("???") == tfirst("?") && tfirst("???") != tfirst("!!!"),
	    "first unit: an emote stands for its name; punctuation runs");
	ok(tfirst("") == 0 && tfirst("   ") == 0 && tfirst("x") != 0,
	    "first unit: none in an empty text");

	/* hashes */
	ok(ac__hash64("abc", 3, 1) != ac__hash64("abd", 3, 1) &&
	    ac__hash64("abcdefghij", 10, 1) == ac__hash64("abcdefghij", 10, 1)
	    && ac__hash64("abcdefghij", 10, 1) != ac__hash64("abcdefghik", 10,
	    1), "hash64 separates and repeats");

	return done_testing();
}
