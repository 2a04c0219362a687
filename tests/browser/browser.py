#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""browser.py: autoclip's site in a real headless Chromium (Selenium).

Run by tests/browser.sh against a served site; prints one line per check,
"ok<TAB>description" or "not ok<TAB>description", which the shell turns
into TAP.  Suites: js (the whole review with script), nojs (the same
with script disabled: forms, 303s, server-rendered pages), token (the
API token asked once by the pages, and the forms' token field).
"""
import argparse
import json
import os
import sqlite3
import subprocess
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import (NoSuchElementException,
    StaleElementReferenceException, TimeoutException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

A = None
ERRORS = []


def check(cond, desc):
    print(("ok" if cond else "not ok") + "\t" + desc, flush=True)
    return bool(cond)


def browser(js=True, width=1280, height=900):
    o = webdriver.ChromeOptions()
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--autoplay-policy=no-user-gesture-required",
              f"--window-size={width},{height}"):
        o.add_argument(a)
    o.add_argument("--user-data-dir=" + tempfile.mkdtemp(dir=A.tmp))
    o.binary_location = "/usr/bin/chromium"
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not js:
        o.add_experimental_option("prefs", {
            "profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def submit_and_wait(d, el):
    """Click a form's button and wait for the page it leads to."""
    wait(d, lambda d: d.execute_script("return document.readyState") == "complete", 30)
    old = d.find_element(By.TAG_NAME, "html")
    el.click()
    wait(d, EC.staleness_of(old), 30)
    wait(d, lambda d: d.execute_script("return document.readyState") == "complete", 30)


def click_fresh(d, find, tries=20):
    """Click what find(d) returns, finding it again when the page was
    replaced in between (a page that reloads itself)."""
    for _ in range(tries):
        try:
            find(d).click()
            return True
        except (StaleElementReferenceException, NoSuchElementException,
                IndexError, WebDriverException):
            time.sleep(0.25)
    return False


def wait(d, cond, timeout=30):
    try:
        return WebDriverWait(d, timeout, poll_frequency=0.2, ignored_exceptions=(
            StaleElementReferenceException, NoSuchElementException, IndexError,
            # "Node ... does not belong to the document": read while a
            # page was being replaced; the next poll reads the new one.
            WebDriverException)).until(cond)
    except TimeoutException:
        return False


def errors(d, where):
    """Console errors since the last call, remembered for the final check."""
    found = [e["message"] for e in d.get_log("browser") if e["level"] == "SEVERE"]
    for m in found:
        ERRORS.append(f"{where}: {m}")
    return found


def shot(d, name):
    os.makedirs(A.shots, exist_ok=True)
    d.save_screenshot(os.path.join(A.shots, name + ".png"))


def db(sql, args=()):
    c = sqlite3.connect(A.db, timeout=10)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def get(path, accept="application/json"):
    r = urllib.request.urlopen(urllib.request.Request(
        A.url + path, headers={"Accept": accept}), timeout=30)
    return r.status, r.headers, r.read()


def request(method, path, token=None):
    h = {"Accept": "application/json"}
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(A.url + path, method=method, headers=h)
    try:
        return urllib.request.urlopen(req, timeout=30).status
    except urllib.error.HTTPError as e:
        return e.code


def upload_api(path, vod_id, token=None):
    """The chat as a multipart upload with curl; the stream id."""
    cmd = ["curl", "-s", "-H", "Accept: application/json",
           "-F", f"vod_id={vod_id}", "-F", f"chat=@{path}"]
    if token:
        cmd += ["-H", "Authorization: Bearer " + token]
    out = subprocess.run(cmd + [A.url + "/api/analyze"], capture_output=True,
                         text=True, check=False).stdout
    return json.loads(out).get("stream_id")


def clips_li(d):
    return d.find_elements(By.CSS_SELECTOR, "#clips > li")


def li_button(li, text):
    for b in li.find_elements(By.TAG_NAME, "button"):
        if b.text.strip() == text:
            return b
    raise WebDriverException(f"no button {text!r}")


def press_li(d, i, text):
    """Click a button of the i-th clip (the list re-renders as it saves)."""
    for _ in range(5):
        try:
            li_button(clips_li(d)[i], text).click()
            return
        except StaleElementReferenceException:
            time.sleep(0.2)
    raise WebDriverException(f"clip {i}: {text!r} stayed stale")


def stream_id_of(url):
    return int(url.split("id=")[1].split("&")[0])


def ui_status(d, i):
    return clips_li(d)[i].find_element(By.CSS_SELECTOR, ".badge").text.strip()


def no_overflow(d):
    return d.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1")


# --- with script ---

def suite_js():
    d = browser()
    try:
        d.get(A.url + "/")
        check(wait(d, lambda d: d.find_element(By.ID, "url")), "start page loads")
        shot(d, "01-start")
        # Keyboard only: Tab to the link field, type, Enter.
        body = d.find_element(By.TAG_NAME, "body")
        body.click()
        for _ in range(12):
            ActionChains(d).send_keys(Keys.TAB).perform()
            if d.switch_to.active_element.get_attribute("id") == "url":
                break
        check(d.switch_to.active_element.get_attribute("id") == "url",
              "keyboard: Tab reaches the link field")
        ActionChains(d).send_keys(f"https://kick.com/video/{A.uuid}", Keys.ENTER).perform()
        check(wait(d, lambda d: "job.html" in d.current_url, 30), "a link leads to the job page")
        wait(d, lambda d: d.find_element(By.ID, "pct").text not in ("", "–"), 20)
        shot(d, "02-job")
        errors(d, "job")
        check(wait(d, lambda d: "stream.html" in d.current_url, 180),
              "the finished download leads to the stream page")
        sid = stream_id_of(d.current_url)
        check(wait(d, lambda d: len(clips_li(d)) >= 3, 30), "the stream page lists at least 3 clips")
        check(not d.find_element(By.ID, "learned").is_displayed(),
              "before any review the page says nothing of learned weights")
        check(wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#chart canvas"), 10),
              "the hype chart is drawn")
        time.sleep(0.5)
        canvas = d.find_element(By.CSS_SELECTOR, "#chart .u-over")
        ActionChains(d).move_to_element(canvas).perform()
        check(wait(d, lambda d: "hype" in d.find_element(By.ID, "hover").text, 5),
              "hovering the chart shows the values")
        shot(d, "03-stream")

        # Approve two, reject one, move one's start.
        press_li(d, 0, "Approve")
        wait(d, lambda d: ui_status(d, 0) == "approved", 10)
        press_li(d, 1, "Approve")
        wait(d, lambda d: ui_status(d, 1) == "approved", 10)
        press_li(d, 2, "Reject")
        wait(d, lambda d: ui_status(d, 2) == "rejected", 10)
        before = db("SELECT start_s FROM clips WHERE stream_id = ? ORDER BY rank", (sid,))[0][0]
        # The list re-renders as it saves: find the button again when stale.
        click_fresh(d, lambda d: [
            b for b in clips_li(d)[0].find_elements(By.TAG_NAME, "button")
            if (b.get_attribute("aria-label") or "").startswith("Start of clip")
            and "later" in b.get_attribute("aria-label")][0])
        wait(d, lambda d: db("SELECT start_s FROM clips WHERE stream_id = ? ORDER BY rank", (sid,))[0][0] != before, 10)
        rows = db("SELECT id, status, start_s FROM clips WHERE stream_id = ? ORDER BY rank", (sid,))
        check([r[1] for r in rows[:3]] == ["approved", "approved", "rejected"],
              "the database has the statuses set on the page")
        check(abs(rows[0][2] - (before + 5)) < 0.01, "the database has the moved start (+5 s)")
        api = json.loads(get(f"/api/clips/stream/{sid}")[2])
        check(wait(d, lambda d: [c["status"] for c in api] ==
                   [ui_status(d, i) for i in range(len(api))], 10),
              "the list on the page and the API agree")
        from_db = time.strftime("%M:%S", time.gmtime(round(rows[0][2])))
        check(wait(d, lambda d: clips_li(d)[0].find_element(
                   By.CSS_SELECTOR, ".top span").text.split("–")[0].endswith(from_db), 10),
              f"the page shows the new start ({from_db})")

        # Dragging the selected band's start edge 40 px to the right.
        d.execute_script("window.scrollTo(0, 0)")
        clips_li(d)[0].click()
        pos = d.execute_script("""
            const c = document.querySelector('#chart .u-over'), r = c.getBoundingClientRect();
            return [r.width, r.height];""")
        start_s = db("SELECT start_s FROM clips WHERE id = ?", (rows[0][0],))[0][0]
        d.find_element(By.ID, "zoom-clip").click()
        time.sleep(0.3)
        # Find the edge: scan for the ew-resize cursor.
        over = d.find_element(By.CSS_SELECTOR, "#chart .u-over")
        edge_x = None
        for x in range(2, int(pos[0]) - 2, 2):
            ActionChains(d).move_to_element_with_offset(over, x - pos[0] / 2, 0).perform()
            if over.value_of_css_property("cursor") == "ew-resize":
                edge_x = x
                break
        if check(edge_x is not None, "the selected band's edge offers a resize cursor"):
            ActionChains(d).move_to_element_with_offset(over, edge_x - pos[0] / 2, 0) \
                .click_and_hold().move_by_offset(20, 0).move_by_offset(20, 0).release().perform()
            check(wait(d, lambda d: db("SELECT start_s FROM clips WHERE id = ?", (rows[0][0],))[0][0] > start_s + 0.5, 10),
                  "dragging the band's start edge saves a later start")

        # The keyboard: j/k, a/r/u, ?, with the help visible.
        d.find_element(By.TAG_NAME, "h1").click()
        ActionChains(d).send_keys("?").perform()
        check(d.find_element(By.ID, "help").is_displayed(), "keyboard: ? shows the help")
        ActionChains(d).send_keys(Keys.ESCAPE).perform()
        ActionChains(d).send_keys("j").perform()
        check(wait(d, lambda d: clips_li(d)[1].get_attribute("aria-selected") == "true", 5),
              "keyboard: j selects the next clip")
        ActionChains(d).send_keys("r").perform()
        check(wait(d, lambda d: db("SELECT status FROM clips WHERE id = ?", (rows[1][0],))[0][0] == "rejected", 10),
              "keyboard: r rejects it")
        ActionChains(d).send_keys("a").perform()
        check(wait(d, lambda d: db("SELECT status FROM clips WHERE id = ?", (rows[1][0],))[0][0] == "approved", 10),
              "keyboard: a approves it")
        ActionChains(d).send_keys("k").perform()
        check(wait(d, lambda d: clips_li(d)[0].get_attribute("aria-selected") == "true", 5),
              "keyboard: k goes back")
        errors(d, "stream")

        # Preview: the VOD's HLS source from the clip's start.
        press_li(d, 0, "▶ Preview")
        check(wait(d, lambda d: d.execute_script(
            "const v = document.getElementById('video'); return v.currentTime > 0 && !v.paused;"), 30),
            "preview plays the VOD from the clip's start")
        d.execute_script("document.getElementById('video').pause()")

        # Export one clip, then download and probe it.
        clip_id = rows[0][0]
        press_li(d, 0, "Export MP4")
        link = wait(d, lambda d: d.find_element(By.CSS_SELECTOR, f"#export-{clip_id} a[href$='/mp4']"), 180)
        if check(link, "export shows a download link when done"):
            st, hdr, body = get(link.get_attribute("href").replace(A.url, ""), accept="video/mp4")
            out = os.path.join(A.tmp, "clip.mp4")
            with open(out, "wb") as f:
                f.write(body)
            probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                                    "-of", "csv=p=0", out], capture_output=True, text=True)
            check(st == 200 and probe.returncode == 0 and float(probe.stdout or 0) > 1,
                  f"the downloaded MP4 plays (ffprobe: {probe.stdout.strip() or probe.stderr.strip()[:80]})")
        else:
            check(False, "the downloaded MP4 plays (no download)")
        errors(d, "stream (preview/export)")

        # Re-analysis with a parameter changed.
        d.find_element(By.CSS_SELECTOR, "#re-details summary").click()
        k = wait(d, lambda d: d.find_element(By.ID, "p-threshold_k"), 10)
        before_cfg = db("SELECT config FROM streams WHERE id = ?", (sid,))[0][0]
        k.clear()
        k.send_keys("4")
        check(wait(d, lambda d: "Preview:" in d.find_element(By.ID, "re-status").text, 30),
              "changing a parameter previews its clips (dry run)")
        check(db("SELECT config FROM streams WHERE id = ?", (sid,))[0][0] == before_cfg,
              "the preview stored nothing")
        d.find_element(By.CSS_SELECTOR, "#re-form button[type=submit]").click()
        check(wait(d, lambda d: "Done" in d.find_element(By.ID, "re-status").text, 30),
              "re-analysis shows its new result")
        cfg = json.loads(db("SELECT config FROM streams WHERE id = ?", (sid,))[0][0])
        check(float(cfg.get("threshold_k", 0)) == 4.0, "the stored analysis used threshold_k=4")
        errors(d, "stream (re-analysis)")

        # Upload a chat (gzip NDJSON) with progress.
        d.get(A.url + "/")
        d.find_element(By.ID, "chat").send_keys(A.upload)
        d.find_element(By.ID, "vod_id").send_keys("upload-flow")
        d.find_element(By.CSS_SELECTOR, "#upload-form button").click()
        check(wait(d, lambda d: "stream.html" in d.current_url, 60), "an upload leads to its stream page")
        check(wait(d, lambda d: len(clips_li(d)) >= 1, 20), "the upload has clips")
        # Learning from review: ranked with what the review above taught.
        n = db("SELECT count(*) FROM clips WHERE status IN ('approved', 'rejected') "
               "AND features IS NOT NULL")[0][0]
        want = (f"Ranked with what you taught: {n} reviewed clip{'' if n == 1 else 's'} "
                "from 1 VOD (all channels)")
        check(wait(d, lambda d: d.find_element(By.ID, "learned").text == want, 10),
              f"the upload's page says it was ranked with what the review taught ({want})")
        check(wait(d, lambda d: "No preview" in d.find_element(By.ID, "player-note").text, 5),
              "an upload without a video source has no preview, said so")
        errors(d, "upload")

        # The library: search, sort, delete with confirmation.
        d.get(A.url + "/library.html")
        check(wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tr")) == 2, 10),
              "the library lists both VODs")
        shot(d, "05-library")
        title = db("SELECT title FROM streams WHERE id = ?", (sid,))[0][0]
        word = title.split()[0]
        q = d.find_element(By.ID, "q")
        q.send_keys(word, Keys.ENTER)
        check(wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tr")) == 1 and
                   title in d.find_element(By.ID, "rows").text, 10), f"searching “{word}” finds the VOD")
        q.clear()
        q.send_keys(Keys.ENTER)
        wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tr")) == 2, 10)
        row = [r for r in d.find_elements(By.CSS_SELECTOR, "#rows tr") if "upload-flow" in r.text][0]
        row.find_element(By.CSS_SELECTOR, "button.danger").click()
        wait(d, lambda d: d.switch_to.alert, 5)
        d.switch_to.alert.accept()
        check(wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tr")) == 1, 10),
              "delete asks, then the row goes")
        check(db("SELECT count(*) FROM streams WHERE vod_id = 'upload-flow'")[0][0] == 0,
              "and the database row too")
        errors(d, "library")

        # API docs.
        d.get(A.url + "/docs/")
        check(wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".swagger-ui .info .title"), 20),
              "Swagger UI renders the API at /docs/")
        shot(d, "07-docs")
        errors(d, "docs")
        d.get(A.url + "/redoc")
        check(wait(d, lambda d: "autoclip" in d.find_element(By.TAG_NAME, "body").text and
                   d.find_elements(By.CSS_SELECTOR, "[role=menuitem], .menu-content"), 20),
              "Redoc renders the API at /redoc")
        time.sleep(1)
        shot(d, "08-redoc")
        errors(d, "redoc")

        # A 375 px wide window: no sideways scrolling.
        d.set_window_size(375, 812)
        for page, name in ((f"/stream.html?id={sid}", "06-mobile-stream"), ("/", "06-mobile-start"),
                           ("/library.html", "06-mobile-library")):
            d.get(A.url + page)
            time.sleep(1.5)
            check(no_overflow(d), f"375 px: {page} fits the width")
            shot(d, name)
            errors(d, "375px " + page)
        check(not ERRORS, "no console errors" + ("" if not ERRORS else ": " + " | ".join(ERRORS)[:600]))
    finally:
        d.quit()


# --- without script ---

def suite_nojs():
    # The same link again, from scratch.
    for (sid,) in db("SELECT id FROM streams"):
        request("DELETE", f"/api/streams/{sid}")
    d = browser(js=False)
    try:
        d.get(A.url + "/")
        d.find_element(By.ID, "url").send_keys(f"https://kick.com/video/{A.uuid}")
        d.find_element(By.CSS_SELECTOR, "#link-form button").click()
        check(wait(d, lambda d: "/api/jobs/" in d.current_url, 20), "no script: the link form leads to the job's page")
        shot(d, "10-nojs-job")
        check(wait(d, lambda d: d.find_elements(By.LINK_TEXT, "See the clips"), 180),
              "no script: the job page refreshes itself until the clips are ready")
        # The job page reloads itself: find and click the link in one go.
        click_fresh(d, lambda d: d.find_element(By.LINK_TEXT, "See the clips"))
        check(wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.hype-svg"), 10),
              "no script: the stream page has the chart as inline SVG")
        shot(d, "11-nojs-stream")
        sid = int(d.current_url.rstrip("/").split("/")[-1].split("#")[0])
        ids = [r[0] for r in db("SELECT id FROM clips WHERE stream_id = ? ORDER BY rank", (sid,))]
        before = db("SELECT start_s FROM clips WHERE id = ?", (ids[0],))[0][0]

        def press(cid, name, value):
            submit_and_wait(d, d.find_element(By.CSS_SELECTOR, f"#clip-{cid} button[name={name}][value='{value}']"))

        press(ids[0], "status", "approved")
        press(ids[1], "status", "approved")
        press(ids[2], "status", "rejected")
        submit_and_wait(d, d.find_elements(By.CSS_SELECTOR, f"#clip-{ids[0]} button[name=start]")[1])
        rows = db("SELECT status, start_s FROM clips WHERE stream_id = ? ORDER BY rank", (sid,))
        check([r[0] for r in rows[:3]] == ["approved", "approved", "rejected"],
              "no script: approve, approve, reject are stored (POST, 303 back)")
        check(abs(rows[0][1] - (before + 5)) < 0.01, "no script: the start +5 s is stored")
        badges = [e.text for e in d.find_elements(By.CSS_SELECTOR, "table.clips td .badge")][:3]
        check(badges == ["approved", "approved", "rejected"], "no script: the page shows what is stored")
        vod = db("SELECT vod_id FROM streams WHERE id = ?", (sid,))[0][0]
        st, hdr, body = get(f"/api/streams/{vod}/hype.svg", accept="image/svg+xml")
        check(st == 200 and hdr.get("Content-Type", "").startswith("image/svg+xml") and b"<svg" in body,
              "GET /api/streams/{vod}/hype.svg is the chart")

        d.find_element(By.CSS_SELECTOR, "#reanalyze ~ form details summary").click()
        k = d.find_element(By.CSS_SELECTOR, "input[name=threshold_k]")
        k.clear()
        k.send_keys("4.5")
        submit_and_wait(d, d.find_element(By.CSS_SELECTOR, "#reanalyze ~ form button[type=submit]"))
        check(wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.hype-svg"), 30),
              "no script: re-analysis returns to the stream page")
        cfg = json.loads(db("SELECT config FROM streams WHERE id = ?", (sid,))[0][0])
        check(float(cfg.get("threshold_k", 0)) == 4.5, "no script: re-analysis used threshold_k=4.5")

        # Export through its form (the export program answers with a job);
        # re-analysis made the clips anew.
        ids = [r[0] for r in db("SELECT id FROM clips WHERE stream_id = ? ORDER BY rank", (sid,))]
        submit_and_wait(d, d.find_element(By.CSS_SELECTOR, f"#clip-{ids[0]} form[action$='/export'] button"))
        check(wait(d, lambda d: "/api/jobs/" in d.current_url or "/mp4" in d.current_url, 20),
              "no script: the export form leads to the export's progress")

        # Upload form.
        d.get(A.url + "/")
        d.find_element(By.ID, "chat").send_keys(A.upload)
        d.find_element(By.ID, "vod_id").send_keys("nojs-upload")
        submit_and_wait(d, d.find_element(By.CSS_SELECTOR, "#upload-form button"))
        check(wait(d, lambda d: "nojs-upload" in d.find_element(By.TAG_NAME, "h1").text, 60),
              "no script: the upload form leads to the new stream's page")

        # Library: search, then delete with the confirmation box.
        d.get(A.url + "/api/streams")
        shot(d, "12-nojs-library")
        title = db("SELECT title FROM streams WHERE id = ?", (sid,))[0][0]
        q = d.find_element(By.NAME, "q")
        q.send_keys(title.split()[0])
        submit_and_wait(d, d.find_element(By.CSS_SELECTOR, "form.toolbar button"))
        check(wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "table.list tbody tr")) == 1, 10),
              "no script: the library's search form")
        d.get(A.url + "/api/streams")
        row = wait(d, lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
                                 if "nojs-upload" in r.text][0], 20)
        check(row, "no script: the library lists the upload")
        row.find_element(By.CSS_SELECTOR, "input[name=confirm]").click()
        submit_and_wait(d, row.find_element(By.CSS_SELECTOR, "button.danger"))
        check(wait(d, lambda d: "nojs-upload" not in d.find_element(By.TAG_NAME, "main").text, 10),
              "no script: delete with the confirmation box")
        check(db("SELECT count(*) FROM streams WHERE vod_id = 'nojs-upload'")[0][0] == 0,
              "no script: the VOD is gone from the database")
    finally:
        d.quit()


# --- a VOD Kick refuses ---

def suite_blocked():
    d = browser()
    try:
        d.get(A.url + "/")
        d.find_element(By.ID, "url").send_keys(f"https://kick.com/video/{A.uuid}", Keys.ENTER)
        check(wait(d, lambda d: "job.html" in d.current_url, 30), "blocked: the link leads to the job page")
        check(wait(d, lambda d: d.find_element(By.ID, "failure").is_displayed(), 120),
              "blocked: the failure is shown")
        err = d.find_element(By.ID, "error").text
        check("403" in err, f"blocked: it says what Kick answered ({err[:60]})")
        check("upload" in d.find_element(By.ID, "advice").text.lower(),
              "blocked: it says what to do next: upload the chat file")
        link = d.find_element(By.LINK_TEXT, "Upload the chat file instead")
        shot(d, "04-job-blocked")
        link.click()
        check(wait(d, lambda d: d.switch_to.active_element.get_attribute("id") == "chat", 10),
              "blocked: the link leads to the upload field")
        bad = [e for e in errors(d, "blocked")]
        check(not bad, "blocked: no console errors" + ("" if not bad else ": " + " | ".join(bad)[:300]))
    finally:
        d.quit()


# --- with API_TOKEN ---

def suite_token():
    check(request("DELETE", "/api/clips/1") == 401, "writes without the token are refused (401)")
    sid = upload_api(A.upload, "token-vod", A.token)
    check(sid, "an upload with the token is stored")
    ids = [r[0] for r in db("SELECT id FROM clips WHERE stream_id = ? ORDER BY rank", (sid,))]
    d = browser()
    try:
        d.get(A.url + f"/stream.html?id={sid}")
        wait(d, lambda d: len(clips_li(d)) >= 1, 20)
        press_li(d, 0, "Approve")
        field = wait(d, lambda d: d.find_element(By.ID, "token-input"), 10)
        check(field, "the page asks for the token")
        if field:
            field.send_keys(A.token, Keys.ENTER)
        check(wait(d, lambda d: db("SELECT status FROM clips WHERE id = ?", (ids[0],))[0][0] == "approved", 10),
              "with the token given, the approval is stored")
        if len(ids) > 1:
            press_li(d, 1, "Reject")
            check(wait(d, lambda d: db("SELECT status FROM clips WHERE id = ?", (ids[1],))[0][0] == "rejected", 10),
                  "the token is asked once: the next write needs no prompt")
        check(not d.find_elements(By.ID, "token-input"), "no second prompt")
        errors(d, "token")
        bad = [e for e in ERRORS if "401" not in e]
        check(not bad, "no console errors but the expected 401" + ("" if not bad else ": " + " | ".join(bad)[:400]))
    finally:
        d.quit()
    d = browser(js=False)
    try:
        d.get(A.url + f"/api/streams/{sid}")
        tok = d.find_element(By.CSS_SELECTOR, f"#clip-{ids[0]} input[name=token]")
        check(tok.get_attribute("type") == "password", "no script: the forms have a token field")
        tok.send_keys(A.token)
        submit_and_wait(d, d.find_element(By.CSS_SELECTOR, f"#clip-{ids[0]} button[name=status][value=rejected]"))
        check(wait(d, lambda d: db("SELECT status FROM clips WHERE id = ?", (ids[0],))[0][0] == "rejected", 10),
              "no script: a form with the token writes")
        # The upload form: its token field comes before the file field.
        d.get(A.url + "/")
        tok = d.find_element(By.CSS_SELECTOR, "#upload-form input[name=token]")
        tok.send_keys(A.token)
        d.find_element(By.ID, "chat").send_keys(A.upload)
        d.find_element(By.ID, "vod_id").send_keys("token-nojs-vod")
        submit_and_wait(d, d.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]"))
        check(wait(d, lambda d: db("SELECT COUNT(*) FROM streams WHERE vod_id = ?",
                                   ("token-nojs-vod",))[0][0] > 0, 20),
              "no script: an upload with the form's token field is stored")
    finally:
        d.quit()


def main():
    global A
    p = argparse.ArgumentParser()
    for k in ("url", "db", "uuid", "upload", "shots", "suite", "token", "tmp"):
        p.add_argument("--" + k, required=True)
    A = p.parse_args()
    os.makedirs(A.tmp, exist_ok=True)
    {"js": suite_js, "nojs": suite_nojs, "blocked": suite_blocked,
     "token": suite_token}[A.suite]()


if __name__ == "__main__":
    main()
