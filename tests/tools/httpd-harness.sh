# SPDX-License-Identifier: ISC
# httpd-harness.sh: start a real lighttpd or Apache on 127.0.0.1 serving
# autoclip's programs from a scratch directory, with configurations made from
# the shipped templates (apache/autoclip.conf.in, apache/htaccess.in,
# lighttpd/autoclip.conf.in).  Source it, then:
#
#   httpd_start MODE CGIBIN HTDOCS   MODE: lighttpd | apache | cgi
#   ... curl "$HTTPD_URL/health" ...
#   httpd_stop
#
# lighttpd runs the programs with FastCGI (bin-path), apache with mod_fcgid
# and the VirtualHost template, cgi with Apache's mod_cgi and the .htaccess
# template (the shared-hosting fallback).  CGIBIN holds the *.fcgi programs,
# HTDOCS the static files; both are copied, so the server user can read them.
# Settings (environment): HTTPD_AUTH=1 keeps the Basic auth for writes (user
# $HTTPD_USER, password $HTTPD_PASS); HTTPD_BODY_MAX is the body limit in
# bytes (default 1 MiB, so tests can exceed it); HTTPD_ENV_FILE is passed to
# the programs as AUTOCLIP_CONF; HTTPD_KICK_MEDIA the media hosts of the
# pages' Content-Security-Policy (a test's mock Kick).  A missing server is
# an error, never a skip.
# Sets HTTPD_DIR, HTTPD_PORT, HTTPD_URL, HTTPD_PID, HTTPD_LOG.

: "${HTTPD_AUTH:=0}"
: "${HTTPD_USER:=tester}"
: "${HTTPD_PASS:=secret}"
: "${HTTPD_BODY_MAX:=1048576}"
HTTPD_APACHE_MODULES=${HTTPD_APACHE_MODULES:-/usr/lib/apache2/modules}
HTTPD_PID=
HTTPD_DIR=

httpd_die() {
	echo "httpd-harness: $*" >&2
	exit 1
}

# Prints the path of a needed program, or stops naming the package to install.
httpd_need() {
	command -v "$1" 2>/dev/null || {
		[ -x "/usr/sbin/$1" ] && { echo "/usr/sbin/$1"; return 0; }
		httpd_die "$1 is not installed (scripts/deps.sh test installs $2)"
	}
}

# httpd_subst TEMPLATE: the template with this run's paths, as the build's
# sed rule does with the installed ones (keep both lists in step).
# HTTPD_CGIBIN, HTTPD_HTDOCS, HTTPD_CONFDIR and HTTPD_DATADIR replace the
# scratch paths.
httpd_subst() {
	sed -e "s|@cgibindir@|${HTTPD_CGIBIN:-$HTTPD_DIR/cgi-bin}|g" \
	    -e "s|@htdocsdir@|${HTTPD_HTDOCS:-$HTTPD_DIR/htdocs}|g" \
	    -e "s|@confdir@|${HTTPD_CONFDIR:-$HTTPD_DIR/etc}|g" \
	    -e "s|@authuserfile@|$HTTPD_DIR/etc/htpasswd|g" \
	    -e "s|@socketdir@|$HTTPD_DIR/run|g" \
	    -e "s|@lighttpd_errorlog@|$HTTPD_DIR/error.log|g" \
	    -e "s|@datadir_state@|${HTTPD_DATADIR:-$HTTPD_DIR/data}|g" \
	    -e "s|@body_max@|$HTTPD_BODY_MAX|g" \
	    -e "s|@body_hard_max@|$((HTTPD_BODY_MAX * 2))|g" \
	    -e "s|@body_max_kb@|$((HTTPD_BODY_MAX / 1024))|g" \
	    -e "s|@kick_media@|${HTTPD_KICK_MEDIA:-https://*.kick.com https://*.live-video.net}|g" "$1" |
	if [ "$HTTPD_AUTH" = 1 ]; then
		cat
	elif [ "${1##*/lighttpd/}" != "$1" ]; then
		sed -e '/# BEGIN write-auth/,/# END write-auth/d'
	else
		# Apache: without the auth block, everything is granted.
		sed -e '/# END write-auth/i\
	Require all granted' \
		    -e '/# BEGIN write-auth/,/# END write-auth/d'
	fi
}

# Drops the fastcgi.server entries whose program is missing, so a partial
# build can be served (lighttpd refuses to start without its programs).
httpd_lighttpd_present() {
	awk '
	/^\t"\/[^"]*" => \(\($/ { held = $0 "\n"; keep = 1; inblock = 1; next }
	inblock {
		held = held $0 "\n"
		if (match($0, /"bin-path" => "[^"]*"/)) {
			p = substr($0, RSTART + 15, RLENGTH - 16)
			if (system("test -x \"" p "\"") != 0)
				keep = 0
		}
		if ($0 ~ /^\t\)\),$/) {
			if (keep)
				printf "%s", held
			inblock = 0
		}
		next
	}
	{ print }'
}

# A port that nothing listens on now (the start retries on a race).
httpd_pick_port() {
	_p=$(( ( $$ * 7 + $(date +%N | sed 's/^0*//;s/^$/0/') / 1000 ) % 30000 + 20000 ))
	while curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$_p/"; do
		_p=$((_p + 1))
	done
	echo "$_p"
}

httpd_apache_conf() {
	_mode=$1
	_user=
	[ "$(id -u)" -eq 0 ] && _user="User www-data
Group www-data"
	if [ "$_mode" = cgi ]; then
		_mpm="LoadModule mpm_prefork_module $HTTPD_APACHE_MODULES/mod_mpm_prefork.so
LoadModule cgi_module $HTTPD_APACHE_MODULES/mod_cgi.so"
	else
		_mpm="LoadModule mpm_event_module $HTTPD_APACHE_MODULES/mod_mpm_event.so
LoadModule fcgid_module $HTTPD_APACHE_MODULES/mod_fcgid.so
FcgidIPCDir $HTTPD_DIR/run
FcgidProcessTableFile $HTTPD_DIR/run/fcgid_shm"
	fi
	cat <<EOC
ServerRoot "$HTTPD_DIR"
ServerName 127.0.0.1
Listen 127.0.0.1:$HTTPD_PORT
PidFile "$HTTPD_DIR/run/httpd.pid"
DefaultRuntimeDir "$HTTPD_DIR/run"
Mutex file:$HTTPD_DIR/run default
ErrorLog "$HTTPD_DIR/error.log"
LogLevel warn
$_user
$_mpm
LoadModule authz_core_module $HTTPD_APACHE_MODULES/mod_authz_core.so
LoadModule authz_host_module $HTTPD_APACHE_MODULES/mod_authz_host.so
LoadModule authz_user_module $HTTPD_APACHE_MODULES/mod_authz_user.so
LoadModule authn_core_module $HTTPD_APACHE_MODULES/mod_authn_core.so
LoadModule authn_file_module $HTTPD_APACHE_MODULES/mod_authn_file.so
LoadModule auth_basic_module $HTTPD_APACHE_MODULES/mod_auth_basic.so
LoadModule alias_module $HTTPD_APACHE_MODULES/mod_alias.so
LoadModule rewrite_module $HTTPD_APACHE_MODULES/mod_rewrite.so
LoadModule headers_module $HTTPD_APACHE_MODULES/mod_headers.so
LoadModule mime_module $HTTPD_APACHE_MODULES/mod_mime.so
LoadModule dir_module $HTTPD_APACHE_MODULES/mod_dir.so
LoadModule env_module $HTTPD_APACHE_MODULES/mod_env.so
TypesConfig /etc/mime.types
LogFormat "%h %u \"%r\" %>s %B" small
CustomLog "$HTTPD_DIR/access.log" small
<Directory />
	AllowOverride None
	Require all denied
</Directory>
EOC
	if [ "$_mode" = cgi ]; then
		cat <<EOC
DocumentRoot "$HTTPD_DIR/htdocs"
AccessFileName .htaccess
<Directory "$HTTPD_DIR/htdocs">
	AllowOverride All
	Require all granted
</Directory>
EOC
	else
		httpd_subst "$HTTPD_TOP_SRCDIR/apache/autoclip.conf.in" |
		    sed -e "s|<VirtualHost \*:80>|<VirtualHost 127.0.0.1:$HTTPD_PORT>|"
	fi
}

httpd_lighttpd_conf() {
	# As root, lighttpd keeps its user: the programs then run as root too,
	# which a scratch test server may do.
	cat <<EOC
server.bind = "127.0.0.1"
server.port = $HTTPD_PORT
server.pid-file = "$HTTPD_DIR/run/lighttpd.pid"
server.errorlog = "$HTTPD_DIR/error.log"
# Request bodies are buffered here before FastCGI (removed with HTTPD_DIR).
server.upload-dirs = ( "$HTTPD_DIR/upload" )
server.modules = ( "mod_access", "mod_accesslog" )
accesslog.filename = "$HTTPD_DIR/access.log"
server.http-parseopts = ( "header-strict" => "enable", "host-strict" => "enable",
	"host-normalize" => "enable", "url-normalize-unreserved" => "enable",
	"url-normalize-required" => "enable", "url-ctrls-reject" => "enable",
	"url-path-2f-decode" => "enable", "url-path-dotseg-remove" => "enable" )
mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".json" => "application/json",
	".js" => "text/javascript; charset=utf-8", ".mjs" => "text/javascript; charset=utf-8",
	".css" => "text/css; charset=utf-8",
	".svg" => "image/svg+xml", ".png" => "image/png", "" => "application/octet-stream" )
EOC
}

# httpd_start MODE CGIBIN HTDOCS
httpd_start() {
	_mode=$1 _cgibin=$2 _htdocs=$3
	[ -n "${HTTPD_TOP_SRCDIR:-}" ] || HTTPD_TOP_SRCDIR=${top_srcdir:?top_srcdir is not set}
	case $_mode in
	lighttpd) _server=$(httpd_need lighttpd lighttpd) || exit 1 ;;
	apache) _server=$(httpd_need apache2 apache2) || exit 1
		[ -f "$HTTPD_APACHE_MODULES/mod_fcgid.so" ] ||
		    httpd_die "mod_fcgid is not installed (package libapache2-mod-fcgid)" ;;
	cgi) _server=$(httpd_need apache2 apache2) || exit 1 ;;
	*) httpd_die "unknown mode $_mode (lighttpd, apache or cgi)" ;;
	esac
	httpd_need curl curl >/dev/null || exit 1
	[ "$HTTPD_AUTH" = 1 ] && { httpd_need htpasswd apache2-utils >/dev/null || exit 1; }

	HTTPD_DIR=$(mktemp -d "${TMPDIR:-/tmp}/autoclip-httpd.XXXXXX") ||
	    httpd_die "cannot make a scratch directory"
	mkdir "$HTTPD_DIR/cgi-bin" "$HTTPD_DIR/htdocs" "$HTTPD_DIR/etc" \
	    "$HTTPD_DIR/run" "$HTTPD_DIR/data" "$HTTPD_DIR/upload"
	HTTPD_LOG=$HTTPD_DIR/error.log
	_n=0
	for _p in "$_cgibin"/*.fcgi; do
		[ -f "$_p" ] || continue
		if head -c 2 "$_p" | grep -q '#!'; then
			httpd_die "$_p is a script (a libtool wrapper?): link the programs with the convenience library so they run from a copy"
		fi
		cp "$_p" "$HTTPD_DIR/cgi-bin/" && _n=$((_n + 1))
	done
	[ "$_n" -gt 0 ] || httpd_die "no *.fcgi program in $_cgibin"
	cp -R "$_htdocs"/. "$HTTPD_DIR/htdocs/" || httpd_die "cannot copy $_htdocs"
	if [ -n "${HTTPD_ENV_FILE:-}" ]; then
		cp "$HTTPD_ENV_FILE" "$HTTPD_DIR/etc/autoclip.conf"
	else
		: > "$HTTPD_DIR/etc/autoclip.conf"
	fi
	if [ "$HTTPD_AUTH" = 1 ]; then
		htpasswd -b -c "$HTTPD_DIR/etc/htpasswd" "$HTTPD_USER" "$HTTPD_PASS" \
		    2>/dev/null || httpd_die "htpasswd failed"
	fi
	if [ "$_mode" = cgi ]; then
		# Shared-hosting layout: programs in cgi-bin/ below the web directory.
		mv "$HTTPD_DIR/cgi-bin" "$HTTPD_DIR/htdocs/cgi-bin"
		httpd_subst "$HTTPD_TOP_SRCDIR/apache/htaccess.in" > "$HTTPD_DIR/htdocs/.htaccess"
	fi
	if [ "$(id -u)" -eq 0 ] && [ "$_mode" != lighttpd ]; then
		# Apache refuses to serve as root: its children run as www-data.
		id www-data >/dev/null 2>&1 || httpd_die "user www-data is missing"
		chmod 755 "$HTTPD_DIR"
		chmod -R a+rX "$HTTPD_DIR"
		chown -R www-data:www-data "$HTTPD_DIR/run" "$HTTPD_DIR/data"
	fi

	_try=0
	while :; do
		HTTPD_PORT=$(httpd_pick_port)
		HTTPD_URL=http://127.0.0.1:$HTTPD_PORT
		: > "$HTTPD_LOG"
		: > "$HTTPD_DIR/server.out"
		case $_mode in
		lighttpd)
			{
				httpd_lighttpd_conf
				httpd_subst "$HTTPD_TOP_SRCDIR/lighttpd/autoclip.conf.in" |
				    httpd_lighttpd_present
			} > "$HTTPD_DIR/lighttpd.conf"
			"$_server" -tt -f "$HTTPD_DIR/lighttpd.conf" >"$HTTPD_DIR/check.log" 2>&1 ||
			    { cat "$HTTPD_DIR/check.log" >&2; httpd_die "lighttpd rejects the configuration"; }
			# Not into the error log: the shipped configurations
			# must bring the programs' messages there themselves.
			setsid "$_server" -D -f "$HTTPD_DIR/lighttpd.conf" \
			    >>"$HTTPD_DIR/server.out" 2>&1 &
			HTTPD_PID=$!
			;;
		*)
			httpd_apache_conf "$_mode" > "$HTTPD_DIR/httpd.conf"
			"$_server" -t -f "$HTTPD_DIR/httpd.conf" >"$HTTPD_DIR/check.log" 2>&1 ||
			    { cat "$HTTPD_DIR/check.log" >&2; httpd_die "apache2 rejects the configuration"; }
			# Own session: Apache signals its whole process group on stop.
			setsid "$_server" -f "$HTTPD_DIR/httpd.conf" -DFOREGROUND \
			    >>"$HTTPD_DIR/server.out" 2>&1 &
			HTTPD_PID=$!
			;;
		esac
		# Ready when it answers; bounded wait.
		_i=0
		while [ $_i -lt 100 ]; do
			kill -0 "$HTTPD_PID" 2>/dev/null || break
			curl -s -o /dev/null --max-time 1 "$HTTPD_URL/" && return 0
			sleep 0.1
			_i=$((_i + 1))
		done
		if kill -0 "$HTTPD_PID" 2>/dev/null; then
			httpd_stop
			httpd_die "$_mode did not answer on $HTTPD_URL"
		fi
		wait "$HTTPD_PID" 2>/dev/null
		HTTPD_PID=
		_try=$((_try + 1))
		if cat "$HTTPD_LOG" "$HTTPD_DIR/server.out" |
		    grep -qi 'address already in use' && [ $_try -lt 5 ]; then
			continue
		fi
		cat "$HTTPD_LOG" "$HTTPD_DIR/server.out" >&2
		httpd_die "$_mode did not start"
	done
}

# Stops the server this shell started (by its pid) and removes its directory
# unless HTTPD_KEEP=1.
httpd_stop() {
	if [ -n "$HTTPD_PID" ]; then
		kill -TERM "$HTTPD_PID" 2>/dev/null
		wait "$HTTPD_PID" 2>/dev/null
		HTTPD_PID=
	fi
	if [ -n "$HTTPD_DIR" ] && [ "${HTTPD_KEEP:-0}" != 1 ]; then
		rm -rf "$HTTPD_DIR"
		HTTPD_DIR=
	fi
}
