/* SPDX-License-Identifier: ISC */
/*
 * codes.c: the one table of error codes.  Every {"detail", "code"}
 * answer of the library and the programs carries a code from here, with
 * the one status that code always has; ac_reply_fail looks it up.
 */
#include "config.h"

#include <string.h>

#include "web/web.h"

static const struct {
	const char	*code;
	int		 status;
} codes[] = {
	{ "bad_request",		400 },	/* request line unusable */
	{ "bad_body",			400 },	/* body not what it claims */
	{ "empty_body",			400 },
	{ "unexpected_body",		400 },	/* a body where none is taken */
	{ "empty_file",			400 },
	{ "truncated_body",		400 },	/* shorter than Content-Length */
	{ "invalid_path",		400 },
	{ "invalid_query",		400 },
	{ "invalid_json",		400 },
	{ "invalid_form",		400 },
	{ "invalid_multipart",		400 },
	{ "invalid_upload",		400 },
	{ "missing_field",		400 },
	{ "duplicate_field",		400 },	/* one value given twice */
	{ "duplicate_key",		400 },	/* a JSON key repeated in one object */
	{ "unauthorized",		401 },
	{ "cross_site",			403 },
	{ "forbidden",			403 },
	{ "untrusted_host",		403 },	/* loopback write naming another Host */
	{ "not_found",			404 },
	{ "no_export",			404 },	/* a clip without a current export */
	{ "method_not_allowed",		405 },
	{ "request_timeout",		408 },	/* the web server's own answers: */
	{ "length_required",		411 },	/* htdocs/errors/error-NNN.html */
	{ "archive_missing",		409 },
	{ "job_ended",			409 },
	{ "job_running",		409 },
	{ "export_not_ready",		409 },	/* the export is queued or running */
	{ "payload_too_large",		413 },
	{ "inflated_too_large",		413 },	/* gzip over MAX_INFLATED_BYTES or ratio */
	{ "uri_too_long",		414 },
	{ "unsupported_media_type",	415 },
	{ "range_not_satisfiable",	416 },
	{ "expectation_failed",		417 },
	{ "headers_too_large",		431 },
	{ "chat_too_complex",		422 },
	{ "conversion_failed",		422 },
	{ "invalid_bounds",		422 },	/* a clip's start and end */
	{ "invalid_config",		422 },
	{ "invalid_field",		422 },	/* a key that may not be set */
	{ "invalid_link",		422 },
	{ "invalid_status",		422 },
	{ "invalid_vod_id",		422 },
	{ "no_messages",		422 },
	{ "no_video_source",		422 },	/* export of a VOD without HLS source */
	{ "not_a_chat",			422 },
	{ "unknown_quality",		422 },	/* the VOD has no such variant */
	{ "not_confirmed",		422 },	/* a delete form without its box */
	{ "internal_error",		500 },	/* details in the log only */
	{ "archive_unreadable",		500 },
	{ "configuration_error",	500 },
	{ "storage_failed",		500 },
	{ "not_implemented",		501 },
	{ "bad_gateway",		502 },
	{ "database_unavailable",	503 },
	{ "service_unavailable",	503 },
	{ "gateway_timeout",		504 },
	{ "http_version_not_supported",	505 },
	{ "ffmpeg_unavailable",		503 },
};

int
ac_code_status(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i].code, code) == 0)
			return codes[i].status;
	return 0;
}

const char *
ac_code_at(size_t i)
{
	return i < sizeof(codes) / sizeof(codes[0]) ? codes[i].code : NULL;
}

int
ac_reply_fail(struct ac_req *req, const char *code, const char *detail)
{
	int	 status;

	if ((status = ac_code_status(code)) == 0) {
		ac_req_log(req, __func__, "code %s is not in the table",
		    code != NULL ? code : "(null)");
		return ac_reply_error(req, 500, "internal_error",
		    "internal error");
	}
	return ac_reply_error(req, status, code, detail);
}
