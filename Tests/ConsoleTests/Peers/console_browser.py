#!/usr/bin/env python3
"""The console in a real browser (headless Debian chromium through Selenium), its /metrics through Prometheus's own
text parser, and its API through schemathesis.

Usage: console_browser.py BASE_URL RUNS_DIR LIVE_RUN_ID SCREENSHOT_DIR

A paced simulated run of two temperature points (LIVE_RUN_ID) is running under RUNS_DIR when this starts; the console offers the station
files paced.yaml and simulated.yaml and the profile quick-check.yaml. Prints one line per check; exits non-zero on
the first failure.
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

BASE, RUNS, LIVE, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(SHOTS, exist_ok=True)


def check(condition, what):
    if not condition:
        print(f"FAIL: {what}", flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def wait(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # the page may be reloading
            pass
        time.sleep(0.1)
    check(False, f"{what} (waited {seconds} s)")


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def database(run_id):
    return sqlite3.connect(f"file:{os.path.join(RUNS, run_id, 'run.sqlite')}?mode=ro", uri=True)


options = Options()
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100"):
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(30)
try:
    # The run list: the live burn-in on top.
    driver.get(BASE + "/")
    first = driver.find_element(By.CSS_SELECTOR, "#runs tbody tr")
    check(first.get_attribute("data-run") == LIVE and "live" in first.text, "the live run stands on top of the run list")
    shot(driver, "run-list")

    # The live page: temperature and step follow the run, the lane map fills in.
    driver.get(f"{BASE}/runs/{LIVE}")
    seen_air, seen_steps, seen_phase, filled = set(), set(), set(), 0
    chart_points = set()
    deadline = time.time() + 150
    while time.time() < deadline:
        try:
            if text(driver, "state") != "live":
                break
            seen_air.add(text(driver, "air") + "|" + text(driver, "dut"))
            seen_phase.add(text(driver, "phase"))
            seen_steps.add(text(driver, "step"))
            chart_points.add(driver.find_element(By.ID, "air-line").get_attribute("points"))
            lanes = driver.find_elements(By.CSS_SELECTOR, "#lanes .lane:not(.waiting)")
            filled = max(filled, len(lanes))
            if filled and len(seen_air) > 2 and len(chart_points) > 2 and "gate" in seen_phase:
                shot(driver, "live-run")
        except Exception:
            pass
        time.sleep(0.15)
    check(len(seen_air) > 2, f"the live page's temperatures changed as the run advanced ({len(seen_air)} values)")
    check(len(chart_points) > 2, "the temperature chart was redrawn from the stream")
    check(len(seen_steps) > 1, f"the live page's step changed as the run advanced ({sorted(seen_steps)})")
    check(len(seen_phase) > 1, f"the phase changed ({sorted(seen_phase)})")
    check(filled > 0, f"the lane map filled in while the run was live ({filled} lanes)")

    # The finished run: verdict and a VALID verification (the page reloads itself when the run ends).
    wait(lambda: driver.find_elements(By.ID, "verdict"), 60, "the finished run shows its verdict")
    check(text(driver, "verdict") == "PASS", "the finished run's verdict is PASS")
    check(text(driver, "verification") == "VALID", "certificate verify says VALID")
    decided = len(driver.find_elements(By.CSS_SELECTOR, "#lanes .lane.accepted, #lanes .lane.rejected"))
    check(decided == 416, f"every lane is decided on the finished run ({decided})")
    shot(driver, "finished-run")

    # A run started from the page runs to its verdict.
    def start(dut, station):
        driver.get(BASE + "/start")
        Select(driver.find_element(By.ID, "station")).select_by_visible_text(station)
        Select(driver.find_element(By.ID, "profile")).select_by_visible_text("quick-check.yaml")
        driver.find_element(By.ID, "dut").send_keys(dut)
        driver.find_element(By.ID, "operator").send_keys("Selenium")
        driver.find_element(By.ID, "lot").send_keys("LOT-WEB")
        driver.find_element(By.ID, "check").click()
        result = wait(lambda: driver.find_element(By.ID, "check-result"), 20, "the start page shows the validate result")
        check("validate: OK" in result.text and "estimated" in result.text, "validate result and duration estimate are shown")
        check(driver.find_element(By.ID, "start").is_enabled(), "Start works once validated")
        shot(driver, "start-" + dut)
        driver.find_element(By.ID, "confirm").click()
        driver.find_element(By.ID, "start").click()
        wait(lambda: "/runs/" + dut in driver.current_url, 20, "Start leads to the new run's page")
        return driver.current_url.rsplit("/", 1)[1]

    started = start("WEB-1", "simulated.yaml")
    wait(lambda: text(driver, "verdict") == "PASS", 120, "the run started from the page reaches its verdict")
    check(text(driver, "verification") == "VALID", "the started run's certificate verifies")
    shot(driver, "started-run")

    # Abort: confirmation, then the run ends INCOMPLETE with its safe state recorded.
    aborted = start("WEB-2", "paced.yaml")
    wait(lambda: text(driver, "state") == "live" and driver.find_element(By.ID, "abort"), 30, "the started run is live")
    driver.find_element(By.ID, "abort").click()
    wait(lambda: driver.find_element(By.ID, "confirm-abort"), 10, "abort asks for confirmation")
    driver.find_element(By.ID, "requested_by").send_keys("night shift")
    driver.find_element(By.ID, "confirm").click()
    shot(driver, "abort-confirmation")
    driver.find_element(By.ID, "confirm-abort").click()
    wait(lambda: text(driver, "state") == "INCOMPLETE", 60, "abort brings the run to INCOMPLETE")
    wait(lambda: driver.find_element(By.ID, "resume"), 20, "the INCOMPLETE run's page offers Resume")
    events = text(driver, "events")
    check("safe state" in events and "supply off" in events, "the safe state is recorded in the run's events")
    check("abort requested from the console by night shift" in events, "who asked for the abort is recorded")
    shot(driver, "aborted-run")
finally:
    driver.quit()

# /metrics through Prometheus's own parser; the figures match run.sqlite.
metrics = urllib.request.urlopen(BASE + "/metrics", timeout=30).read().decode()
samples = {}
for family in text_string_to_metric_families(metrics):
    for sample in family.samples:
        samples[(sample.name, sample.labels.get("run"))] = (sample.labels, sample.value)
for run_id in (LIVE, started, aborted):
    with database(run_id) as db:
        # The lane figures are those of the latest gate: the last step whose current attempt counted bits.
        gate = db.execute(
            "SELECT s.step_index, s.attempt FROM step s WHERE EXISTS (SELECT 1 FROM measurement m WHERE m.step_index = s.step_index"
            " AND m.attempt = s.attempt AND m.quantity = 'ber_compared_bits') ORDER BY s.step_index DESC LIMIT 1").fetchone() or (-1, -1)
        decisions = "SELECT COUNT(*) FROM measurement WHERE quantity = 'ber_decision' AND step_index = ? AND attempt = ?"
        failed = db.execute(decisions + " AND value = 0", gate).fetchone()[0]
        decided = db.execute(decisions, gate).fetchone()[0]
        retries = db.execute("SELECT COUNT(*) FROM event WHERE kind = 'retry'").fetchone()[0]
        faults = db.execute("SELECT COUNT(*) FROM event WHERE kind = 'fault'").fetchone()[0]
        dut, status, verdict = db.execute("SELECT dut, status, verdict FROM run").fetchone()
    check(samples[("qualstation_lanes_failed", run_id)][1] == failed, f"{run_id}: lanes failed {failed} as in run.sqlite")
    check(samples[("qualstation_lanes_decided", run_id)][1] == decided, f"{run_id}: lanes decided {decided} as in run.sqlite")
    check(samples[("qualstation_instrument_retries_total", run_id)][1] == retries, f"{run_id}: retries {retries}")
    check(samples[("qualstation_station_faults_total", run_id)][1] == faults, f"{run_id}: station faults {faults}")
    labels, _ = samples[("qualstation_run_state", run_id)]
    check(labels["dut"] == dut and labels["state"] == (verdict or status.upper()), f"{run_id}: state {labels['state']}")

# schemathesis against the OpenAPI document: no server error (bounded: few examples).
result = subprocess.run(
    [sys.executable, "-m", "schemathesis.cli", "run", BASE + "/api/openapi.json", "--checks", "not_a_server_error",
     "--max-examples", "8", "--phases", "examples,fuzzing", "--seed", "1", "--workers", "1"],
    capture_output=True, text=True, timeout=300, cwd=tempfile.mkdtemp(prefix="qualstation-schemathesis-"))
tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
check(result.returncode == 0, "schemathesis found no server error\n" + tail)
print("all browser, metrics and API checks passed")
