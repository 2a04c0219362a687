// SPDX-License-Identifier: ISC
// api.js: requests to the autoclip API from the pages (relative URLs, so
// the site works under a sub-path), the write token, small DOM helpers.

const TOKEN_KEY = "autoclip.token";

export const $ = (sel, root = document) => root.querySelector(sel);

/** An element with attributes and children; text is always text, never HTML. */
export function h(tag, attrs = {}, ...kids) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs)) {
		if (v === null || v === undefined || v === false) continue;
		if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
		else if (k === "class") e.className = v;
		else if (k === "text") e.textContent = v;
		else e.setAttribute(k, v === true ? "" : String(v));
	}
	for (const c of kids.flat()) {
		if (c === null || c === undefined || c === false) continue;
		e.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return e;
}

export class ApiError extends Error {
	constructor(status, detail, code) {
		super(detail || `HTTP ${status}`);
		this.status = status;
		this.code = code || "";
	}
}

function token() {
	try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch { return ""; }
}

/** Ask for the API token once (a modal dialog); resolves to it or "". */
export function askToken(why) {
	return new Promise((resolve) => {
		const input = h("input", { type: "password", id: "token-input", autocomplete: "current-password", required: true });
		const dlg = h("dialog", { class: "card", "aria-labelledby": "token-title" },
			h("form", { method: "dialog" },
				h("h2", { id: "token-title", text: "API token needed" }),
				h("p", { class: "muted", text: why || "This server needs its API token for changes. It is kept in this tab only." }),
				h("label", { for: "token-input", text: "API token" }), input,
				h("p", {}, h("button", { class: "primary", value: "ok", type: "submit", text: "Use token" }), " ",
					h("button", { value: "cancel", type: "submit", formnovalidate: true, text: "Cancel" }))));
		document.body.append(dlg);
		dlg.addEventListener("close", () => {
			const v = dlg.returnValue === "ok" ? input.value.trim() : "";
			dlg.remove();
			if (v) { try { sessionStorage.setItem(TOKEN_KEY, v); } catch { /* private mode */ } }
			resolve(v);
		});
		dlg.showModal();
		input.focus();
	});
}

/**
 * A request to the API: JSON in and out.  With the server's API_TOKEN,
 * a 401 asks for the token once and repeats the request with it; a
 * password of the web server is the browser's own login.
 */
export async function api(path, opts = {}) {
	const { method = "GET", body, raw = false } = opts;
	for (let attempt = 0; attempt < 2; attempt++) {
		const headers = { Accept: "application/json" };
		const t = token();
		if (t && method !== "GET") headers.Authorization = `Bearer ${t}`;
		let payload = body;
		if (body !== undefined && !(body instanceof FormData) && typeof body !== "string") {
			headers["Content-Type"] = "application/json";
			payload = JSON.stringify(body);
		}
		const r = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
		if (r.status === 401 && attempt === 0 && (r.headers.get("WWW-Authenticate") || "").startsWith("Bearer")) {
			if (await askToken()) continue;
		}
		if (r.status === 403 && t && attempt === 0) {
			const e = await r.clone().json().catch(() => ({}));
			if (e.detail === "wrong API token") {
				try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* ignore */ }
				if (await askToken("That token was refused. Enter the right one.")) continue;
			}
		}
		if (raw) return r;
		if (r.status === 204) return null;
		const data = await r.json().catch(() => null);
		if (!r.ok) throw new ApiError(r.status, data && data.detail, data && data.code);
		Object.defineProperty(data ?? {}, "_response", { value: r, enumerable: false });
		return data;
	}
	throw new ApiError(401, "writes need the API token");
}

/** Upload with progress (fetch has none): resolves to {status, data}. */
export function upload(path, form, onProgress) {
	return new Promise((resolve, reject) => {
		const x = new XMLHttpRequest();
		x.open("POST", path);
		x.setRequestHeader("Accept", "application/json");
		const t = token();
		if (t) x.setRequestHeader("Authorization", `Bearer ${t}`);
		x.upload.onprogress = (ev) => { if (ev.lengthComputable) onProgress(ev.loaded / ev.total); };
		x.onload = () => {
			let data = null;
			try { data = JSON.parse(x.responseText); } catch { /* not JSON */ }
			resolve({ status: x.status, data, auth: x.getResponseHeader("WWW-Authenticate") || "" });
		};
		x.onerror = () => reject(new ApiError(0, "the upload failed: the server did not answer"));
		x.send(form);
	});
}

/** "1:02:03" or "2:03". */
export function hms(s) {
	s = Math.max(0, Math.round(Number(s) || 0));
	const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
	const p = (n) => String(n).padStart(2, "0");
	return hh > 0 ? `${hh}:${p(mm)}:${p(ss)}` : `${mm}:${p(ss)}`;
}

export function duration(s) {
	if (!(s > 0)) return "length unknown";
	s = Math.round(s);
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min`;
	return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function date(iso) {
	if (!iso) return "";
	const d = new Date(iso);
	return isNaN(d) ? "" : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The VOD id in a Kick link or a bare id, else null. */
export function vodId(text) {
	const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(text || "");
	return m ? m[1].toLowerCase() : null;
}

let toastTimer = 0;
export function toast(msg, bad = false) {
	let t = $("#toast");
	if (!t) {
		t = h("div", { id: "toast", class: "toast", role: "status", "aria-live": "polite" });
		document.body.append(t);
	}
	t.textContent = msg;
	t.classList.toggle("bad", bad);
	t.hidden = false;
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => { t.hidden = true; }, bad ? 6000 : 2500);
}

export function param(name) {
	return new URLSearchParams(location.search).get(name);
}
