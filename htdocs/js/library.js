// SPDX-License-Identifier: ISC
// library.js: the stored VODs: search, sort, pages, downloads, delete.
import { $, h, api, duration, date, toast } from "./api.js";

const LIMIT = 20;
const url = new URLSearchParams(location.search);
const state = { q: url.get("q") || "", sort: url.get("sort") || "newest", offset: Math.max(0, parseInt(url.get("offset") || "0", 10) || 0), total: 0 };
let pendingTimer = 0;

$("#q").value = state.q;
$("#sort").value = state.sort;

async function load() {
	const qs = new URLSearchParams({ limit: LIMIT, offset: state.offset, sort: state.sort });
	if (state.q) qs.set("q", state.q);
	history.replaceState(null, "", `?${new URLSearchParams({ q: state.q, sort: state.sort, offset: state.offset })}`);
	let list;
	try {
		list = await api(`api/streams?${qs}`);
	} catch (e) {
		toast(e.message, true);
		return;
	}
	state.total = Number(list._response.headers.get("X-Total-Count") || list.length);
	$("#count").textContent = `${state.total} VOD${state.total === 1 ? "" : "s"}${state.q ? ` matching “${state.q}”` : ""}`;
	$("#rows").replaceChildren(...list.map(row));
	if (!list.length)
		$("#rows").append(h("tr", {}, h("td", { colspan: 6, class: "empty" }, state.q ? "Nothing matches." : "Nothing here yet. ", state.q ? "" : h("a", { href: "./", text: "Analyse a VOD" }))));
	const page = Math.floor(state.offset / LIMIT) + 1, pages = Math.max(1, Math.ceil(state.total / LIMIT));
	$("#page").textContent = `Page ${page} of ${pages}`;
	$("#prev").disabled = state.offset === 0;
	$("#next").disabled = state.offset + LIMIT >= state.total;
}

function row(s) {
	const name = s.title || s.vod_id;
	return h("tr", {},
		h("td", {}, h("a", { href: s.status === "analyzed" ? `stream.html?id=${s.id}` : `api/streams/${s.id}`, text: name }), h("br"),
			h("span", { class: "muted", text: s.channel || "unknown channel" }), " ",
			s.status !== "analyzed" ? h("span", { class: `badge ${s.status}`, text: s.status }) : ""),
		h("td", { class: "hide-sm", text: date(s.vod_start || s.created_at) }),
		h("td", { class: "hide-sm", text: duration(s.duration_s) }),
		h("td", { text: s.clips_count }),
		h("td", { text: s.approved_count ?? "" }),
		h("td", {}, h("button", { class: "danger small", type: "button", "aria-label": `Delete ${name}`, onclick: () => remove(s, name), text: "Delete" })));
}

async function remove(s, name) {
	if (!confirm(`Delete “${name}” with its ${s.clips_count} clips and its stored chat? This cannot be undone.`)) return;
	try {
		await api(`api/streams/${s.id}`, { method: "DELETE" });
		toast(`Deleted “${name}”.`);
		if (state.offset > 0 && state.offset >= state.total - 1) state.offset = Math.max(0, state.offset - LIMIT);
		load();
	} catch (e) {
		toast(e.message, true);
	}
}

async function pending() {
	clearTimeout(pendingTimer);
	let list = [];
	try { list = await api("api/streams/pending"); } catch { return; }
	const active = list.filter((s) => s.job);
	$("#pending-card").hidden = active.length === 0;
	$("#pending").replaceChildren(...active.map((s) => h("li", {},
		h("a", { href: `job.html?id=${s.job.id}`, text: s.title || s.vod_id }),
		h("progress", { max: 1, value: s.job.progress || 0, "aria-label": `Download of ${s.title || s.vod_id}` }),
		h("span", { class: "muted", text: `${(100 * (s.job.progress || 0)).toFixed(0)} %` }))));
	if (active.length) pendingTimer = setTimeout(pending, 2000);
}

$("#search").addEventListener("submit", (ev) => {
	ev.preventDefault();
	state.q = $("#q").value.trim();
	state.sort = $("#sort").value;
	state.offset = 0;
	load();
});
$("#sort").addEventListener("change", () => { state.sort = $("#sort").value; state.offset = 0; load(); });
$("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - LIMIT); load(); });
$("#next").addEventListener("click", () => { state.offset += LIMIT; load(); });
load();
pending();
