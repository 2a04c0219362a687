// SPDX-License-Identifier: ISC
// job.js: follow a download job until its stream is analysed.
import { $, api, param } from "./api.js";

const ACTIVE = new Set(["queued", "running"]);
const id = /^[0-9]{1,18}$/.test(param("id") || "") ? param("id") : null;
let delay = 1000, timer = 0;

function eta(s) {
	if (s === null || s === undefined || !(s >= 0)) return "unknown";
	s = Math.round(s);
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
	return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function advice(err) {
	if (/403|blocked|Cloudflare/i.test(err)) return "Kick refused autoclip's requests. Download the chat in your browser (or with a tool) and upload the file: the analysis is the same.";
	if (/423|country/i.test(err)) return "Kick blocks this VOD in the server's country. Upload the chat file instead.";
	if (/404|deleted|expired/i.test(err)) return "The VOD is gone from Kick. If you saved its chat, upload it.";
	return "Try again in a while; if it keeps failing, upload the chat file instead.";
}

function show(j) {
	const p = typeof j.progress === "number" ? j.progress : 0;
	const active = ACTIVE.has(j.state);
	document.title = `autoclip · ${(100 * p).toFixed(0)} % · job ${j.id}`;
	$("#state").textContent = j.state;
	$("#state").className = `badge ${j.state}`;
	$("#vod").textContent = j.vod_id ? `VOD ${j.vod_id}` : "";
	$("#bar").value = Math.max(0, Math.min(1, p));
	$("#pct").textContent = `${(100 * p).toFixed(1)} %`;
	$("#msgs").textContent = Number(j.messages || 0).toLocaleString();
	$("#reqs").textContent = `${j.requests} (${j.retries})`;
	$("#eta").textContent = active ? eta(j.eta_s) : "–";
	// The raw progress line repeats the facts above: only other notes show.
	const note = j.message || "";
	$("#message").textContent = j.error || /^[0-9]+ messages, /.test(note) ? "" : note;
	$("#failure").hidden = !j.error;
	if (j.error) {
		$("#title").textContent = "The download failed";
		$("#error").textContent = j.error;
		$("#advice").textContent = advice(j.error);
	}
	$("#cancel").hidden = !active;
	if (j.state === "cancelled") $("#title").textContent = "Download cancelled";
	if (j.state === "done" && j.stream_id) {
		$("#title").textContent = "Done";
		$("#stream").href = `stream.html?id=${j.stream_id}`;
		$("#result").hidden = false;
		setTimeout(() => { location.href = `stream.html?id=${j.stream_id}`; }, 800);
	}
	return active;
}

async function poll() {
	timer = 0;
	try {
		const j = await api(`api/jobs/${id}`);
		$("#fail").hidden = true;
		delay = 1000;
		if (show(j)) timer = setTimeout(poll, delay);
	} catch (e) {
		if (e.status === 404) {
			$("#fail").textContent = `There is no job ${id}.`;
			$("#fail").hidden = false;
			return;
		}
		$("#fail").textContent = `${e.message}; retrying.`;
		$("#fail").hidden = false;
		delay = Math.min(2 * delay, 10000);
		timer = setTimeout(poll, delay);
	}
}

$("#cancel").addEventListener("click", async () => {
	if (timer) clearTimeout(timer);
	try {
		show(await api(`api/jobs/${id}`, { method: "DELETE" }));
	} catch (e) {
		$("#fail").textContent = `Cancelling failed: ${e.message}`;
		$("#fail").hidden = false;
	}
});

if (id === null) {
	$("#title").textContent = "No job given";
	$("#fail").textContent = "Open this page from the start page.";
	$("#fail").hidden = false;
} else poll();
