// SPDX-License-Identifier: ISC
// start.js: a Kick link (cache check first) or a chat upload with progress.
import { $, h, api, upload, askToken, vodId, toast, duration } from "./api.js";

const linkForm = $("#link-form");
const uploadForm = $("#upload-form");
// With script the token is asked for once (a dialog): the no-script field goes.
$("#upload-token").remove();

function say(el, msg, bad = false) {
	el.textContent = msg;
	el.classList.toggle("error", bad);
}

linkForm.addEventListener("submit", async (ev) => {
	ev.preventDefault();
	const text = $("#url").value.trim();
	const st = $("#link-status");
	const id = vodId(text);
	if (!id) {
		say(st, "That is not a Kick VOD link. It looks like https://kick.com/CHANNEL/videos/UUID or a bare UUID.", true);
		return;
	}
	const btn = linkForm.querySelector("button");
	btn.disabled = true;
	try {
		say(st, "Looking in the library…");
		const c = await api(`api/streams/check/${encodeURIComponent(id)}`);
		if (c.cached) {
			location.href = `stream.html?id=${c.stream.id}`;
			return;
		}
		say(st, "Starting the chat download…");
		const r = await api("api/analyze", { method: "POST", body: { url: text } });
		if (r.job_id) location.href = `job.html?id=${r.job_id}`;
		else if (r.stream_id) location.href = `stream.html?id=${r.stream_id}`;
	} catch (e) {
		say(st, e.message, true);
	} finally {
		btn.disabled = false;
	}
});

async function sendUpload(form) {
	const st = $("#upload-status"), bar = $("#upload-bar");
	$("#upload-progress").hidden = false;
	say(st, "Uploading…");
	const r = await upload("api/analyze", form, (p) => {
		bar.value = p;
		say(st, p < 1 ? `Uploading… ${(100 * p).toFixed(0)} %` : "Analysing…");
	});
	return r;
}

uploadForm.addEventListener("submit", async (ev) => {
	ev.preventDefault();
	const st = $("#upload-status");
	const form = new FormData(uploadForm);
	if (!form.get("vod_id")) form.delete("vod_id");
	const btn = uploadForm.querySelector("button");
	btn.disabled = true;
	try {
		let r = await sendUpload(form);
		if (r.status === 401 && r.auth.startsWith("Bearer") && await askToken())
			r = await sendUpload(form);
		if (r.status === 200 && r.data && r.data.stream_id) {
			say(st, "Done.");
			location.href = `stream.html?id=${r.data.stream_id}`;
			return;
		}
		say(st, (r.data && r.data.detail) || `The upload failed (HTTP ${r.status}).`, true);
	} catch (e) {
		say(st, e.message, true);
	} finally {
		btn.disabled = false;
	}
});

for (const t of ["dragenter", "dragover"])
	uploadForm.addEventListener(t, (ev) => { ev.preventDefault(); uploadForm.classList.add("over"); });
for (const t of ["dragleave", "drop"])
	uploadForm.addEventListener(t, () => uploadForm.classList.remove("over"));
uploadForm.addEventListener("drop", (ev) => {
	ev.preventDefault();
	if (ev.dataTransfer.files.length) $("#chat").files = ev.dataTransfer.files;
});

if (location.hash === "#upload") $("#chat").focus();

// A few recent VODs.
api("api/streams?limit=5").then((list) => {
	if (!list.length) return;
	$("#recent-card").hidden = false;
	$("#recent").replaceChildren(...list.map((s) => h("li", {},
		h("div", { class: "top" },
			h("a", { href: `stream.html?id=${s.id}`, text: s.title || s.vod_id }),
			h("span", { class: "muted", text: `${s.clips_count} clips · ${duration(s.duration_s)}` })),
		h("div", { class: "muted", text: s.channel || "" }))));
}).catch((e) => toast(e.message, true));
