// SPDX-License-Identifier: ISC
// stream.js: the review page of one VOD: chart (uPlot), clips, preview
// (native HLS, else hls.js loaded on demand), export, re-analysis, keys.
import uPlot from "../vendor/uplot/uPlot.esm.js";
import { $, h, api, hms, duration, date, toast, param } from "./api.js";

const NUDGE = 5;
const id = /^[0-9]{1,18}$/.test(param("id") || "") ? param("id") : null;
const COLORS = { pending: "rgba(245,158,11,", approved: "rgba(74,222,128,", rejected: "rgba(248,113,113," };
let stream = null, analysis = null, clips = [], sel = -1, plot = null, xs = null, ys = null;
let params = [], hls = null, dryClips = null, previewTimer = 0, previewSeq = 0;

// --- data ---

async function load() {
	const d = await api(`api/streams/${id}`);
	stream = d.stream;
	analysis = d.analysis;
	clips = (analysis && analysis.potential_clips) || [];
	clips.sort((a, b) => a.rank - b.rank);
	header();
	chart();
	list();
	player();
}

function header() {
	document.title = `autoclip · ${stream.title || stream.vod_id}`;
	$("#title").textContent = stream.title || stream.vod_id;
	$("#channel").textContent = stream.channel || "unknown channel";
	$("#date").textContent = date(stream.vod_start || stream.created_at);
	$("#length").textContent = duration(stream.duration_s);
	$("#messages").textContent = `${Number(stream.message_count || 0).toLocaleString()} messages`;
	$("#nojs").href = `api/streams/${stream.id}`;
	learnedNote();
}

/* When weights learned from review ranked the analysis, say so. */
function learnedNote() {
	const lw = analysis && analysis.config && analysis.config.learned_weights;
	const el = $("#learned");
	el.hidden = !lw;
	if (!lw) return;
	const n = Number(lw.labels) || 0, v = Number(lw.vods) || 0;
	el.textContent = `Ranked with what you taught: ${n} reviewed clip${n === 1 ? "" : "s"} from ` +
		`${v} VOD${v === 1 ? "" : "s"} (${lw.scope ? `channel ${lw.scope}` : "all channels"})`;
}

// --- the chart ---

/* The local threshold as the engine defines it (baseline + k·spread,
 * at least min_peak_ratio·baseline), sampled every few seconds. */
function threshold(vals, step, cfg) {
	const n = vals.length, out = new Array(n).fill(null);
	const half = Math.round((cfg.baseline_window_s || 600) / 2 / step);
	const ex = Math.round((cfg.baseline_exclude_s || 30) / step);
	const k = cfg.threshold_k || 5, ratio = cfg.min_peak_ratio || 1.5, floor = cfg.min_spread || 2;
	const every = Math.max(1, Math.round(15 / step));
	const buf = [];
	let last = null;
	for (let i = 0; i < n; i += every) {
		buf.length = 0;
		for (let j = Math.max(0, i - half); j < Math.min(n, i + half); j += 2)
			if (Math.abs(j - i) > ex) buf.push(vals[j]);
		if (!buf.length) continue;
		buf.sort((a, b) => a - b);
		const med = buf[buf.length >> 1];
		for (let q = 0; q < buf.length; q++) buf[q] = Math.abs(buf[q] - med);
		buf.sort((a, b) => a - b);
		const spread = Math.max(1.4826 * buf[buf.length >> 1], Math.sqrt(Math.max(med, 0)), floor);
		const t = Math.max(med + k * spread, ratio * med);
		for (let q = i; q < Math.min(n, i + every); q++) out[q] = t;
		last = t;
	}
	return last === null ? out : out;
}

function chart() {
	const tl = analysis && analysis.hype_timeline;
	const el = $("#chart");
	if (!tl || !tl.values || !tl.values.length) {
		el.replaceChildren(h("p", { class: "empty", text: "No timeline: this VOD was not analysed." }));
		return;
	}
	const n = tl.values.length, step = tl.step || 1, start = tl.start || 0;
	xs = new Float64Array(n);
	ys = Float64Array.from(tl.values);
	for (let i = 0; i < n; i++) xs[i] = start + i * step;
	const thr = new Array(n).fill(null);
	const opts = {
		width: el.clientWidth || 800, height: Math.max(240, Math.min(360, Math.round((el.clientWidth || 800) * 0.38))),
		scales: { x: { time: false } },
		cursor: { drag: { x: false, y: false }, points: { show: false } },
		legend: { show: false },
		axes: [
			{ stroke: "#9aa3b2", grid: { stroke: "#2a2f3a" }, ticks: { stroke: "#2a2f3a" }, values: (u, v) => v.map(hms) },
			{ stroke: "#9aa3b2", grid: { stroke: "#2a2f3a" }, ticks: { stroke: "#2a2f3a" }, size: 48 },
		],
		series: [
			{},
			{ label: "hype", stroke: "#60a5fa", width: 1.2, fill: "rgba(96,165,250,0.12)", points: { show: false } },
			{ label: "threshold", stroke: "#f59e0b", width: 1, dash: [6, 4], points: { show: false } },
		],
		hooks: {
			drawClear: [drawBands],
			setCursor: [hover],
		},
	};
	plot = new uPlot(opts, [xs, ys, thr], el);
	// The threshold after the first paint: the page is usable at once.
	const later = window.requestIdleCallback || ((f) => setTimeout(f, 50));
	later(() => { plot.setData([xs, ys, threshold(ys, step, (analysis && analysis.config) || {})], false); plot.redraw(); });
	new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: Math.max(240, Math.min(360, Math.round(el.clientWidth * 0.38))) })).observe(el);
	interact(el);
}

function drawBands(u) {
	const ctx = u.ctx, top = u.bbox.top, ht = u.bbox.height;
	ctx.save();
	ctx.beginPath();
	ctx.rect(u.bbox.left, top, u.bbox.width, ht);
	ctx.clip();
	ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
	ctx.textAlign = "center";
	clips.forEach((c, i) => {
		const x0 = u.valToPos(c.start, "x", true), x1 = u.valToPos(c.end, "x", true);
		const base = COLORS[c.status] || COLORS.pending;
		ctx.fillStyle = `${base}${i === sel ? 0.38 : 0.2})`;
		ctx.fillRect(x0, top, Math.max(2, x1 - x0), ht);
		if (i === sel) {
			ctx.fillStyle = "#53fc18";
			ctx.fillRect(x0 - devicePixelRatio, top, 2 * devicePixelRatio, ht);
			ctx.fillRect(x1 - devicePixelRatio, top, 2 * devicePixelRatio, ht);
		}
		ctx.fillStyle = "#e8eaf0";
		ctx.fillText(String(c.rank), (x0 + x1) / 2, top + 14 * devicePixelRatio);
	});
	// A re-analysis preview (dry run): outlined bands in the lower half.
	if (dryClips) {
		ctx.strokeStyle = "#22d3ee";
		ctx.lineWidth = 2 * devicePixelRatio;
		ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
		for (const c of dryClips) {
			const x0 = u.valToPos(c.start, "x", true), x1 = u.valToPos(c.end, "x", true);
			ctx.strokeRect(x0, top + ht / 2, Math.max(2, x1 - x0), ht / 2 - devicePixelRatio);
		}
		ctx.setLineDash([]);
	}
	ctx.restore();
}

function hover(u) {
	const i = u.cursor.idx;
	if (i === null || i === undefined || !xs) { $("#hover").textContent = ""; return; }
	const t = xs[i], c = clips.find((k) => t >= k.start && t <= k.end);
	const thr = u.data[2][i];
	$("#hover").textContent = `${hms(t)} · hype ${ys[i].toFixed(1)}${thr ? ` · threshold ${thr.toFixed(1)}` : ""}${c ? ` · clip #${c.rank} (${c.status}, virality ${c.virality})` : ""}`;
}

function zoom(factor, center) {
	if (!plot) return;
	const { min, max } = plot.scales.x, lo = xs[0], hi = xs[xs.length - 1];
	const c = center ?? (min + max) / 2;
	let span = Math.max(30, Math.min(hi - lo, (max - min) * factor));
	let a = c - (c - min) * span / (max - min), b = a + span;
	if (a < lo) { a = lo; b = lo + span; }
	if (b > hi) { b = hi; a = hi - span; }
	plot.setScale("x", { min: a, max: b });
}

function interact(el) {
	const over = plot.over;
	let drag = null;
	over.addEventListener("wheel", (ev) => {
		ev.preventDefault();
		zoom(ev.deltaY < 0 ? 0.8 : 1.25, plot.posToVal(ev.offsetX, "x"));
	}, { passive: false });
	const edgeAt = (x) => {
		if (sel < 0) return null;
		const c = clips[sel], px = (v) => plot.valToPos(v, "x");
		if (Math.abs(px(c.start) - x) < 7) return "start";
		if (Math.abs(px(c.end) - x) < 7) return "end";
		return null;
	};
	over.addEventListener("pointerdown", (ev) => {
		const edge = edgeAt(ev.offsetX);
		drag = { x: ev.clientX, moved: false, edge, min: plot.scales.x.min, max: plot.scales.x.max };
		over.setPointerCapture(ev.pointerId);
	});
	over.addEventListener("pointermove", (ev) => {
		over.style.cursor = edgeAt(ev.offsetX) ? "ew-resize" : (drag ? "grabbing" : "crosshair");
		if (!drag) return;
		const dx = ev.clientX - drag.x;
		if (Math.abs(dx) > 3) drag.moved = true;
		if (!drag.moved) return;
		if (drag.edge) {
			const c = clips[sel], v = Math.round(plot.posToVal(ev.offsetX, "x") * 10) / 10;
			if (drag.edge === "start") c.start = Math.max(0, Math.min(v, c.end - 1));
			else c.end = Math.max(v, c.start + 1);
			plot.redraw(false);
			renderItem(sel);
		} else {
			const per = (drag.max - drag.min) / plot.bbox.width * devicePixelRatio;
			let a = drag.min - dx * per, b = drag.max - dx * per;
			const lo = xs[0], hi = xs[xs.length - 1];
			if (a < lo) { b += lo - a; a = lo; }
			if (b > hi) { a -= b - hi; b = hi; }
			plot.setScale("x", { min: a, max: b });
		}
	});
	over.addEventListener("pointerup", (ev) => {
		const d = drag;
		drag = null;
		if (!d) return;
		if (d.edge && d.moved) { const c = clips[sel]; save(sel, { start: c.start, end: c.end }); return; }
		if (!d.moved) {
			const t = plot.posToVal(ev.offsetX, "x");
			const i = clips.findIndex((c) => t >= c.start && t <= c.end);
			if (i >= 0) select(i, true);
		}
	});
	$("#zoom-in").addEventListener("click", () => zoom(0.5));
	$("#zoom-out").addEventListener("click", () => zoom(2));
	$("#zoom-reset").addEventListener("click", () => plot.setScale("x", { min: xs[0], max: xs[xs.length - 1] }));
	$("#zoom-clip").addEventListener("click", () => {
		if (sel < 0) return;
		const c = clips[sel], pad = Math.max(60, (c.end - c.start));
		plot.setScale("x", { min: Math.max(xs[0], c.start - pad), max: Math.min(xs[xs.length - 1], c.end + pad) });
	});
}

// --- the clip list ---

function list() {
	const approved = clips.filter((c) => c.status === "approved").length;
	$("#clip-count").textContent = clips.length ? `${clips.length} clips · ${approved} approved` : "No clips: the chat has no moment above the threshold. Lower threshold_k below and re-analyse.";
	$("#clips").replaceChildren(...clips.map((c, i) => item(c, i)));
	if (clips.length && sel < 0) select(0, false);
	else if (sel >= clips.length) select(clips.length - 1, false);
	$("#export-approved").disabled = approved === 0;
}

function item(c, i) {
	const b = (label, fn, extra = {}) => h("button", { class: "small", type: "button", onclick: (ev) => { ev.stopPropagation(); fn(); }, ...extra }, label);
	return h("li", { id: `clip-${c.id}`, role: "option", "aria-selected": i === sel ? "true" : "false", onclick: () => select(i, true) },
		h("div", { class: "top" },
			h("strong", { text: `#${c.rank}` }),
			h("span", { text: `${hms(c.start)}–${hms(c.end)}` }),
			h("span", { class: "muted", text: `${Math.round(c.end - c.start)} s` }),
			h("span", { title: `virality ${c.virality}` }, h("span", { class: "vir", style: null, "data-v": c.virality }), ` ${c.virality}`),
			h("span", { class: `badge ${c.status}`, text: c.status })),
		h("div", { class: "row" },
			b("Approve", () => setStatus(i, "approved"), { "aria-pressed": c.status === "approved" ? "true" : "false" }),
			b("Reject", () => setStatus(i, "rejected"), { "aria-pressed": c.status === "rejected" ? "true" : "false" }),
			b("Undo", () => setStatus(i, "pending"), { disabled: c.status === "pending" }),
			b("▶ Preview", () => preview(i)),
			b("Export MP4", () => exportClip(i)),
			b("Delete", () => removeClip(i), { class: "small danger" })),
		h("div", { class: "row" },
			h("span", { class: "nudge", text: "Start" }),
			b(`−${NUDGE} s`, () => nudge(i, "start", -NUDGE), { "aria-label": `Start of clip ${c.rank} ${NUDGE} s earlier` }),
			b(`+${NUDGE} s`, () => nudge(i, "start", NUDGE), { "aria-label": `Start of clip ${c.rank} ${NUDGE} s later` }),
			h("span", { class: "nudge", text: "End" }),
			b(`−${NUDGE} s`, () => nudge(i, "end", -NUDGE), { "aria-label": `End of clip ${c.rank} ${NUDGE} s earlier` }),
			b(`+${NUDGE} s`, () => nudge(i, "end", NUDGE), { "aria-label": `End of clip ${c.rank} ${NUDGE} s later` })),
		h("div", { class: "export-state muted", id: `export-${c.id}` }));
}

function renderItem(i) {
	const old = $("#clips").children[i];
	if (!old) return;
	const keep = old.querySelector(".export-state").cloneNode(true);
	const fresh = item(clips[i], i);
	fresh.querySelector(".export-state").replaceWith(keep);
	old.replaceWith(fresh);
	const approved = clips.filter((c) => c.status === "approved").length;
	$("#clip-count").textContent = `${clips.length} clips · ${approved} approved`;
	$("#export-approved").disabled = approved === 0;
	for (const bar of document.querySelectorAll(".vir")) bar.style.width = `${Math.max(4, Number(bar.dataset.v) * 0.6)}px`;
}

function select(i, scroll) {
	if (i < 0 || i >= clips.length) return;
	sel = i;
	for (const [k, li] of [...$("#clips").children].entries()) li.setAttribute("aria-selected", k === i ? "true" : "false");
	const li = $("#clips").children[i];
	if (li && scroll) li.scrollIntoView({ block: "nearest" });
	if (plot) {
		const c = clips[i], { min, max } = plot.scales.x;
		if (c.start < min || c.end > max) {
			const span = max - min;
			let a = Math.max(xs[0], (c.start + c.end) / 2 - span / 2);
			plot.setScale("x", { min: a, max: a + span });
		} else plot.redraw(false);
	}
	for (const bar of document.querySelectorAll(".vir")) bar.style.width = `${Math.max(4, Number(bar.dataset.v) * 0.6)}px`;
}

async function save(i, change) {
	const c = clips[i];
	try {
		const n = await api(`api/clips/${c.id}`, { method: "PUT", body: change });
		Object.assign(c, { start: Number(n.start), end: Number(n.end), status: n.status });
		renderItem(i);
		if (plot) plot.redraw(false);
		return true;
	} catch (e) {
		toast(e.message, true);
		load();
		return false;
	}
}

function setStatus(i, status) {
	save(i, { status }).then((ok) => ok && toast(`Clip #${clips[i].rank} ${status === "pending" ? "back to pending" : status}.`));
}

function nudge(i, edge, by) {
	const c = clips[i];
	const v = Math.round((c[edge] + by) * 10) / 10;
	if (edge === "start" && (v < 0 || v >= c.end)) return;
	if (edge === "end" && v <= c.start) return;
	save(i, { [edge]: v });
}

async function removeClip(i) {
	const c = clips[i];
	if (!confirm(`Delete clip #${c.rank} (${hms(c.start)}–${hms(c.end)})?`)) return;
	try {
		await api(`api/clips/${c.id}`, { method: "DELETE" });
		clips.splice(i, 1);
		list();
		if (plot) plot.redraw(false);
		toast(`Clip #${c.rank} deleted.`);
	} catch (e) { toast(e.message, true); }
}

// --- preview ---

function player() {
	const note = $("#player-note"), v = $("#video");
	if (!stream.source) {
		v.hidden = true;
		note.textContent = "No preview: this VOD was uploaded as a chat file, without its video source.";
		return;
	}
	note.textContent = "Choose a clip's ▶ Preview (or press space) to play it from its start.";
}

async function attach() {
	const v = $("#video");
	if (v.dataset.ready) return v;
	// hls.js where Media Source Extensions exist (Chromium may answer
	// "maybe" for HLS and still not play it); the browser's own HLS
	// (Safari, iOS) otherwise.
	if (!window.MediaSource && v.canPlayType("application/vnd.apple.mpegurl")) {
		v.src = stream.source;
	} else {
		const { default: Hls } = await import("../vendor/hls.js/hls.min.mjs");
		if (!Hls.isSupported()) throw new Error("this browser cannot play HLS");
		hls = new Hls({ enableWorker: true });
		hls.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) toast(`Preview failed: ${d.details}`, true); });
		hls.loadSource(stream.source);
		hls.attachMedia(v);
	}
	v.dataset.ready = "1";
	return v;
}

async function preview(i) {
	if (!stream.source) { toast("No video source for this VOD.", true); return; }
	select(i, true);
	try {
		const v = await attach(), c = clips[i];
		const go = () => { v.currentTime = c.start; v.play().catch(() => {}); };
		if (v.readyState >= 1) go(); else v.addEventListener("loadedmetadata", go, { once: true });
		const stop = () => { if (v.currentTime >= c.end) { v.pause(); v.removeEventListener("timeupdate", stop); } };
		v.addEventListener("timeupdate", stop);
	} catch (e) { toast(`Preview failed: ${e.message}`, true); }
}

// --- export ---

async function exportClip(i) {
	const c = clips[i], st = document.getElementById(`export-${c.id}`);
	st.replaceChildren("Starting the export…");
	try {
		const r = await api(`api/clips/${c.id}/export`, { method: "POST", body: {} });
		const job = r && (r.job || (r.id && r.state ? r : null));
		if (job) await follow(job.id, st);
		st.replaceChildren(h("a", { class: "button small primary", href: `api/clips/${c.id}/mp4`, download: `clip-${c.rank}.mp4`, text: "Download MP4" }));
	} catch (e) {
		st.replaceChildren(h("span", { class: "error", text: `Export failed: ${e.message}` }));
	}
}

async function follow(jobId, st) {
	const bar = h("progress", { max: 1, value: 0, "aria-label": "Export progress" });
	st.replaceChildren(bar);
	for (;;) {
		const j = await api(`api/jobs/${jobId}`);
		bar.value = j.progress || 0;
		if (j.state === "done") return;
		if (j.state === "failed" || j.state === "cancelled") throw new Error(j.error || j.state);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

$("#export-approved").addEventListener("click", async () => {
	for (const [i, c] of clips.entries()) if (c.status === "approved") await exportClip(i);
});

// --- re-analysis ---

async function paramsPanel() {
	try { params = await api("api/streams/params"); } catch { params = []; }
	const cfg = (analysis && analysis.config) || {};
	$("#params").replaceChildren(...params.map((p) => {
		const cur = cfg[p.name] ?? p.value;
		const input = h("input", { name: p.name, id: `p-${p.name}`, inputmode: "decimal", value: cur, "data-default": p.default, "aria-describedby": `ph-${p.name}` });
		const label = h("label", { for: `p-${p.name}` }, h("code", { text: p.name }), input,
			h("small", { id: `ph-${p.name}`, text: `${p.help} (default ${p.default})` }));
		const mark = () => label.classList.toggle("changed", Number(input.value) !== Number(p.default));
		input.addEventListener("input", mark);
		mark();
		return label;
	}));
}

$("#re-reset").addEventListener("click", () => {
	for (const inp of $("#params").querySelectorAll("input")) { inp.value = inp.dataset.default; inp.dispatchEvent(new Event("input")); }
});

/* The panel's values as overrides: every parameter as shown, so the result
 * is what the panel says; null (and the field focused) when one is no number. */
function overrides(focus) {
	const body = {};
	for (const inp of $("#params").querySelectorAll("input")) {
		const v = Number(inp.value);
		if (inp.value.trim() === "" || Number.isNaN(v)) {
			if (focus) { toast(`${inp.name}: not a number`, true); inp.focus(); }
			return null;
		}
		body[inp.name] = v;
	}
	return body;
}

/* A dry run (?dry_run=1): the clips these parameters would give, drawn as
 * outlined bands, nothing stored. */
async function runPreview() {
	const body = overrides(false), seq = ++previewSeq;
	if (!body) return;
	$("#re-status").textContent = "Previewing…";
	try {
		const r = await api(`api/streams/reanalyze/${encodeURIComponent(stream.vod_id)}?dry_run=1`, { method: "POST", body });
		if (seq !== previewSeq) return;
		dryClips = (r && r.potential_clips) || [];
		const near = (a, b) => Math.abs(a.peak - b.peak) <= 15;
		const kept = dryClips.filter((p) => clips.some((c) => near(p, c))).length;
		$("#re-status").textContent = `Preview: ${dryClips.length} clips (${kept} as now, ${dryClips.length - kept} new, ${clips.length - kept} gone). Not saved.`;
		// The threshold line follows the previewed parameters.
		if (plot) plot.setData([xs, ys, threshold(ys, (analysis.hype_timeline && analysis.hype_timeline.step) || 1,
			{ ...(analysis.config || {}), ...body })], false);
		if (plot) plot.redraw(false);
	} catch (e) {
		if (seq === previewSeq) $("#re-status").textContent = `Preview failed: ${e.message}`;
	}
}

$("#re-preview").addEventListener("click", () => runPreview());
$("#params").addEventListener("input", () => {
	clearTimeout(previewTimer);
	previewTimer = setTimeout(runPreview, 400);
});

$("#re-form").addEventListener("submit", async (ev) => {
	ev.preventDefault();
	const body = overrides(true);
	if (!body) return;
	clearTimeout(previewTimer);
	previewSeq++;
	dryClips = null;
	$("#re-status").textContent = "Re-analysing…";
	try {
		await api(`api/streams/reanalyze/${encodeURIComponent(stream.vod_id)}`, { method: "POST", body });
		sel = -1;
		await load();
		$("#re-status").textContent = `Done: ${clips.length} clips.`;
	} catch (e) {
		$("#re-status").textContent = "";
		toast(e.message, true);
	}
});

// --- keyboard ---

function help(show) {
	const el = $("#help");
	el.hidden = show === undefined ? !el.hidden : !show;
	$("#help-btn").setAttribute("aria-expanded", String(!el.hidden));
}
$("#help-btn").addEventListener("click", () => help());

document.addEventListener("keydown", (ev) => {
	if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
	const t = ev.target;
	if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t instanceof HTMLElement && t.isContentEditable)) return;
	if (t instanceof HTMLButtonElement && (ev.key === " " || ev.key === "Enter")) return;
	switch (ev.key) {
	case "j": select(Math.min(clips.length - 1, sel + 1), true); break;
	case "k": select(Math.max(0, sel - 1), true); break;
	case "a": if (sel >= 0) setStatus(sel, "approved"); break;
	case "r": if (sel >= 0) setStatus(sel, "rejected"); break;
	case "u": if (sel >= 0) setStatus(sel, "pending"); break;
	case "[": if (sel >= 0) nudge(sel, "start", -1); break;
	case "]": if (sel >= 0) nudge(sel, "start", 1); break;
	case "?": help(); break;
	case "Escape": help(false); break;
	case " ": {
		if (t instanceof HTMLVideoElement) return;
		const v = $("#video");
		if (!stream || !stream.source) break;
		if (!v.dataset.ready) { if (sel >= 0) preview(sel); } else if (v.paused) v.play().catch(() => {}); else v.pause();
		break;
	}
	default: return;
	}
	ev.preventDefault();
});

if (id === null) {
	$("#title").textContent = "No stream given";
} else {
	load().then(() => {
		// The page is usable: chart drawn, clips listed (bench/page-speed).
		performance.mark("autoclip:interactive");
		return paramsPanel();
	}).catch((e) => {
		$("#title").textContent = e.status === 404 ? "There is no such stream" : "Could not load the stream";
		toast(e.message, true);
	});
}
