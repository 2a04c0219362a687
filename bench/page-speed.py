#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""page-speed.py URL DB TMP: figures of the stream page (run by page-speed.sh)."""
import gzip
import sqlite3
import statistics
import sys
import tempfile
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

url, db, tmp = sys.argv[1:4]
c = sqlite3.connect(db)
sid, = c.execute("SELECT id FROM streams WHERE vod_id = 'bench-8h'").fetchone()
nclips, = c.execute("SELECT count(*) FROM clips WHERE stream_id = ?", (sid,)).fetchone()
timeline, = c.execute("SELECT timeline FROM streams WHERE id = ?", (sid,)).fetchone()
c.close()


def browser():
    o = webdriver.ChromeOptions()
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--window-size=1280,900"):
        o.add_argument(a)
    o.add_argument("--user-data-dir=" + tempfile.mkdtemp(dir=tmp))
    o.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


page = f"{url}/stream.html?id={sid}"
ttis, resources = [], []
for run in range(5):
    d = browser()        # a fresh profile: a cold cache every time
    try:
        d.get(page)
        WebDriverWait(d, 30).until(lambda d: d.execute_script(
            "return performance.getEntriesByName('autoclip:interactive').length"))
        ttis.append(d.execute_script(
            "return performance.getEntriesByName('autoclip:interactive')[0].startTime"))
        if run == 0:
            resources = [page] + d.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)")
            wire = d.execute_script(
                "return [performance.getEntriesByType('navigation')[0]].concat("
                "performance.getEntriesByType('resource')).reduce((a, e) => a + e.encodedBodySize, 0)")
            points = d.execute_script("return document.querySelectorAll('#clips > li').length")
            # Pan and zoom: a wheel event or a drag step on every frame for
            # 3 s; the frame intervals, and each frame's work.
            frames = d.execute_async_script("""
                const done = arguments[arguments.length - 1];
                const over = document.querySelector('#chart .u-over');
                const r = over.getBoundingClientRect();
                const iv = []; let last = performance.now(), t0 = last, i = 0, x = r.left + r.width / 2;
                function step(now) {
                    iv.push(now - last); last = now;
                    if (now - t0 > 3000) { done(iv); return; }
                    if (i % 60 < 20) over.dispatchEvent(new WheelEvent('wheel', {deltaY: -100, clientX: x, clientY: r.top + 50, bubbles: true, cancelable: true}));
                    else if (i % 60 < 40) {
                        if (i % 60 === 20) over.dispatchEvent(new PointerEvent('pointerdown', {clientX: x, clientY: r.top + 50, pointerId: 1, bubbles: true}));
                        x -= 4;
                        over.dispatchEvent(new PointerEvent('pointermove', {clientX: x, clientY: r.top + 50, pointerId: 1, bubbles: true}));
                        if (i % 60 === 39) over.dispatchEvent(new PointerEvent('pointerup', {clientX: x, clientY: r.top + 50, pointerId: 1, bubbles: true}));
                    } else over.dispatchEvent(new WheelEvent('wheel', {deltaY: 100, clientX: x, clientY: r.top + 50, bubbles: true, cancelable: true}));
                    i++;
                    requestAnimationFrame(step);
                }
                requestAnimationFrame(step);""")
    finally:
        d.quit()

raw = gz = 0
rows = []
for u in resources:
    if "/api/" in u and not u.endswith(("/params",)) and f"/api/streams/{sid}" not in u:
        continue
    body = urllib.request.urlopen(urllib.request.Request(u, headers={"Accept": "application/json"})).read()
    z = len(gzip.compress(body, 9))
    raw += len(body)
    gz += z
    rows.append((u.replace(url, ""), len(body), z))

iv = frames[1:]
print(f"stream page of an 8-hour VOD: {len(__import__('json').loads(timeline)['values'])} timeline points, {nclips} clips ({points} listed)")
print(f"time to interactive: best {min(ttis):.0f} ms, median {statistics.median(ttis):.0f} ms (5 cold loads)")
for u, r, z in rows:
    print(f"  {u}: {r / 1024:.1f} KB, {z / 1024:.1f} KB gzipped")
print(f"everything loaded: {raw / 1024:.0f} KB, {gz / 1024:.0f} KB gzipped (gzip -9 of each); "
      f"{wire / 1024:.0f} KB of bodies on the wire from the server")
print(f"pan and zoom for 3 s: {len(iv)} frames, interval median {statistics.median(iv):.1f} ms, "
      f"p95 {sorted(iv)[int(len(iv) * 0.95)]:.1f} ms, longest {max(iv):.1f} ms, "
      f"over 33 ms (a dropped frame at 60 Hz): {sum(1 for x in iv if x > 33.4)}")
