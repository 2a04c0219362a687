// SPDX-License-Identifier: ISC
// redoc-init.js: Redoc on the site's own openapi.json, nothing external.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
	Redoc.init(new URL("../openapi.json", document.baseURI).href,
	    { hideDownloadButton: false, disableSearch: false }, document.getElementById("redoc"));
});
