/* SPDX-License-Identifier: ISC */
/* config-t.c: settings from the environment and a .env file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoclip.h"
#include "core/core.h"
#include "../tools/tap.h"

static const char *const keys[] = {
	"AUTOCLIP_CONF", "DATABASE_URL", "DEBUG", "DATA_DIR", "CHAT_STORAGE",
	"CHAT_STORAGE_DIR", "DEBUG_LOGS_DIR", "API_TOKEN", "KICK_API_URL",
	"KICK_WEB_API_URL", "DB_POOL_SIZE", "HYPE_WINDOW_S", "HYPE_MAX_CLIPS",
	"ALLOWED_HOSTS", "MAX_INFLATED_BYTES", "MAX_INFLATION_RATIO",
	"AUTOCLIP_BIN", "LEARN_FROM_REVIEW",
};

static char	 conf_path[64];

static void
clear_env(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		unsetenv(keys[i]);
}

static void
write_conf(const char *text)
{
	FILE	*f;

	if ((f = fopen(conf_path, "w")) == NULL)
		bail("cannot write %s", conf_path);
	fputs(text, f);
	fclose(f);
}

/* Load with the file holding text; returns the error code, message in err. */
static enum ac_err
load(struct ac_settings *s, const char *text, struct ac_error *err)
{
	write_conf(text);
	ac_error_clear(err);
	return ac_settings_load(s, conf_path, err);
}

static double
param(const struct ac_hype_config *cfg, const char *name)
{
	size_t	 i;

	for (i = 0; i < ac_hype_config_count(); i++)
		if (strcmp(ac_hype_config_name(i), name) == 0)
			return ac_hype_config_get(cfg, i);
	bail("no parameter %s", name);
}

static void
expect_bad(const char *text, const char *key)
{
	struct ac_settings	 s;
	struct ac_error	 err;

	ok(load(&s, text, &err) != AC_OK && strstr(err.text, key) != NULL,
	    "bad %s is refused, naming it (%s)", key, err.text);
}

int
main(void)
{
	struct ac_settings	 s;
	struct ac_hype_config	 def, cfg;
	struct ac_error	 err;
	int			 fd;

	snprintf(conf_path, sizeof(conf_path), "/tmp/config-t.XXXXXX");
	if ((fd = mkstemp(conf_path)) == -1)
		bail("mkstemp");
	close(fd);
	clear_env();
	ac_hype_config_default(&def);

	/* Defaults. */
	is_int(ac_settings_load(&s, NULL, &err), AC_OK,
	    "defaults load (%s)", err.text);
	ok(strncmp(s.database_url, "sqlite:///", 10) == 0 &&
	    strstr(s.database_url, "/autoclip.db") != NULL,
	    "default database is a SQLite file (%s)", s.database_url);
	ok(strncmp(s.chat_storage_dir, s.data_dir, strlen(s.data_dir)) == 0,
	    "chat archive under DATA_DIR");
	is_str(s.kick_api_url, "https://kick.com", "KICK_API_URL default");
	is_str(s.kick_web_api_url, "https://web.kick.com",
	    "KICK_WEB_API_URL default");
	ok(s.api_token == NULL && s.debug == 0 && s.chat_storage_db == 0,
	    "no token, no debug, files archive by default");
	is_int(s.db_pool_size, 4, "DB_POOL_SIZE default");
	ok(s.allowed_hosts == NULL, "ALLOWED_HOSTS unset by default");
	is_int(s.learn_from_review, 1, "LEARN_FROM_REVIEW on by default");
	ok(s.max_inflated_bytes == AC_MAX_INFLATED_DEFAULT &&
	    s.max_inflation_ratio == AC_MAX_INFLATION_RATIO_DEFAULT,
	    "gzip bounds: 4 GiB and 100 by default");
	/* This test runs from the build tree, not installed: its autoclip. */
	ok(strstr(s.autoclip_bin, "/bin/autoclip") != NULL &&
	    access(s.autoclip_bin, X_OK) == 0,
	    "AUTOCLIP_BIN default is a runnable autoclip (%s)", s.autoclip_bin);
	ac_settings_free(&s);

	is_int(load(&s, "ALLOWED_HOSTS=autoclip.lan, box:8080 [fd00::1]\n"
	    "MAX_INFLATED_BYTES=1048576\nMAX_INFLATION_RATIO=20\n"
	    "AUTOCLIP_BIN=/opt/ac/bin/autoclip\n", &err), AC_OK,
	    "hardening settings load (%s)", err.text);
	is_str(s.allowed_hosts, "autoclip.lan, box:8080 [fd00::1]",
	    "ALLOWED_HOSTS kept");
	ok(s.max_inflated_bytes == 1048576 && s.max_inflation_ratio == 20,
	    "gzip bounds set");
	is_str(s.autoclip_bin, "/opt/ac/bin/autoclip", "AUTOCLIP_BIN overrides");
	ac_settings_free(&s);
	ac_inflate_limits(AC_MAX_INFLATED_DEFAULT,
	    AC_MAX_INFLATION_RATIO_DEFAULT);
	expect_bad("ALLOWED_HOSTS=evil.example/path\n", "ALLOWED_HOSTS");
	expect_bad("MAX_INFLATED_BYTES=1000\n", "MAX_INFLATED_BYTES");
	expect_bad("MAX_INFLATED_BYTES=-5\n", "MAX_INFLATED_BYTES");
	expect_bad("MAX_INFLATION_RATIO=1\n", "MAX_INFLATION_RATIO");
	expect_bad("MAX_INFLATION_RATIO=10x\n", "MAX_INFLATION_RATIO");

	/* Learning from review: a boolean, on unless turned off. */
	is_int(load(&s, "LEARN_FROM_REVIEW=off\n", &err), AC_OK,
	    "LEARN_FROM_REVIEW=off loads (%s)", err.text);
	is_int(s.learn_from_review, 0, "LEARN_FROM_REVIEW=off turns it off");
	ac_settings_free(&s);
	setenv("LEARN_FROM_REVIEW", "false", 1);
	is_int(load(&s, "LEARN_FROM_REVIEW=true\n", &err), AC_OK,
	    "LEARN_FROM_REVIEW in both (%s)", err.text);
	is_int(s.learn_from_review, 0, "the environment's LEARN_FROM_REVIEW wins");
	ac_settings_free(&s);
	unsetenv("LEARN_FROM_REVIEW");
	is_int(load(&s, "LEARN_FROM_REVIEW=\n", &err), AC_OK,
	    "LEARN_FROM_REVIEW= loads (%s)", err.text);
	is_int(s.learn_from_review, 1, "LEARN_FROM_REVIEW= is the default (on)");
	ac_settings_free(&s);
	expect_bad("LEARN_FROM_REVIEW=sometimes\n", "LEARN_FROM_REVIEW");

	/* A file with every form of line. */
	is_int(load(&s,
	    "# autoclip\n"
	    "\n"
	    "export DATA_DIR=/srv/ac\n"
	    "DATABASE_URL = 'postgresql://ac@db/autoclip?sslmode=require'\n"
	    "DEBUG=true  # more logs\n"
	    "API_TOKEN=\"0123456789abcdef0123\"\n"
	    "CHAT_STORAGE=database\n"
	    "DB_POOL_SIZE=8\n"
	    "HYPE_WINDOW_S=12.5\n", &err), AC_OK,
	    "a full file loads (%s)", err.text);
	is_str(s.data_dir, "/srv/ac", "export and unquoted value");
	is_str(s.database_url, "postgresql://ac@db/autoclip?sslmode=require",
	    "single-quoted value");
	is_str(s.chat_storage_dir, "/srv/ac/chats",
	    "CHAT_STORAGE_DIR follows DATA_DIR");
	is_str(s.api_token, "0123456789abcdef0123", "double-quoted value");
	ok(s.debug == 1 && s.chat_storage_db == 1 && s.db_pool_size == 8,
	    "boolean, enum and integer values");
	is_double(param(&s.hype, "window_s"), 12.5, 1e-9,
	    "HYPE_WINDOW_S sets window_s");
	ac_settings_free(&s);

	/* The environment wins over the file. */
	setenv("DATA_DIR", "/env/dir", 1);
	setenv("HYPE_WINDOW_S", "20", 1);
	is_int(load(&s, "DATA_DIR=/file/dir\nHYPE_WINDOW_S=12\n", &err), AC_OK, "environment and file (%s)", err.text);
	is_str(s.data_dir, "/env/dir", "environment wins for settings");
	is_double(param(&s.hype, "window_s"), 20, 1e-9,
	    "environment wins for analysis parameters");
	ac_settings_free(&s);
	clear_env();

	/* AUTOCLIP_CONF names the file. */
	write_conf("DATA_DIR=/from/conf\n");
	setenv("AUTOCLIP_CONF", conf_path, 1);
	is_int(ac_settings_load(&s, NULL, &err), AC_OK,
	    "AUTOCLIP_CONF is read");
	is_str(s.data_dir, "/from/conf", "value from AUTOCLIP_CONF");
	ac_settings_free(&s);
	clear_env();

	/* Bad values stop with the key named. */
	expect_bad("DATABASE_URL=mysql://x/y\n", "DATABASE_URL");
	expect_bad("DATABASE_URL=sqlite://relative.db\n", "DATABASE_URL");
	expect_bad("DATA_DIR=relative/dir\n", "DATA_DIR");
	expect_bad("DATA_DIR=/srv/../etc\n", "DATA_DIR");
	expect_bad("DEBUG=maybe\n", "DEBUG");
	expect_bad("CHAT_STORAGE=s3\n", "CHAT_STORAGE");
	expect_bad("API_TOKEN=short\n", "API_TOKEN");
	expect_bad("KICK_API_URL=ftp://kick.com\n", "KICK_API_URL");
	expect_bad("KICK_WEB_API_URL=https://\n", "KICK_WEB_API_URL");
	expect_bad("DB_POOL_SIZE=0\n", "DB_POOL_SIZE");
	expect_bad("DB_POOL_SIZE=4x\n", "DB_POOL_SIZE");
	expect_bad("HYPE_WINDOW_S=fast\n", "window_s");
	expect_bad("HYPE_NO_SUCH=1\n", "no_such");
	expect_bad("DATABSE_URL=sqlite:///x.db\n", "DATABSE_URL");
	expect_bad("NOT A LINE\n", ":1:");
	expect_bad("API_TOKEN=\"unterminated\n", "unterminated");
	setenv("HYPE_WINDOW_S", "-3", 1);
	ok(ac_settings_load(&s, NULL, &err) != AC_OK &&
	    strstr(err.text, "HYPE_WINDOW_S") != NULL,
	    "bad environment parameter names the variable (%s)", err.text);
	clear_env();
	ok(ac_settings_load(&s, "/nonexistent/autoclip.conf", &err) == AC_ERR_IO && strstr(err.text, "/nonexistent") != NULL,
	    "a missing config file is an error naming it");

	/* ac_hype_config_load: parameters only, settings ignored. */
	cfg = def;
	write_conf("DATA_DIR=/ignored\nwindow_s=15\nHYPE_MAX_CLIPS=5\n");
	is_int(ac_hype_config_load(&cfg, conf_path, &err), AC_OK,
	    "parameter file loads (%s)", err.text);
	is_double(param(&cfg, "window_s"), 15, 1e-9, "lower-case key");
	is_int(cfg.max_clips, 5, "HYPE_ key");
	write_conf("window_s=abc\n");
	ok(ac_hype_config_load(&cfg, conf_path, &err) != AC_OK &&
	    strstr(err.text, ":1:") != NULL, "bad parameter names the line (%s)",
	    err.text);

	unlink(conf_path);
	return done_testing();
}
