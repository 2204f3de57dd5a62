"""What a person clicks, in a real headless Chromium against JupyterLab started here on 127.0.0.1.

A student opens the release, runs every cell, fills in ``sigmoid`` in the browser and sees its
public test pass, then clicks Validate and reads which functions are unfinished. An instructor
opens formgrader on a graded class, gives a free-response answer points and a comment, and
``make grades`` then shows them. Every step leaves a screenshot in the folder the test prints.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` package.
"""

from __future__ import annotations

import contextlib
import csv
import inspect
import os
import secrets
import shutil
import subprocess
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import RELEASE, ROOT, free_port

from solutions import logreg as reference

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google at every start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", ROOT / "build" / "browser-screenshots"))


@contextlib.contextmanager
def jupyter_lab(root: Path) -> Iterator[tuple[str, str]]:
    """JupyterLab serving `root` on 127.0.0.1 with a fresh token; yields (base url, token)."""
    from autograder.course import formgrader
    from autograder.course.paths import Course

    port, token = free_port(), secrets.token_hex(16)
    # The very command line of make formgrader, news and update checks off.
    command = formgrader.command(Course(root), port=port, browser=False, token=token)
    command += ["--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    logfile = root.parent / f"{root.name}-jupyterlab.log"
    env = {**formgrader.environment(), "JUPYTER_CONFIG_DIR": str(root.parent / f"{root.name}-jupyter-config")}
    log = logfile.open("w")
    proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{logfile.read_text()[-3000:]}") from None
                time.sleep(0.5)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail("the browser test needs Chromium: apt-get install chromium (CI's .ci/run does)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser screenshots: {SHOTS}")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _login(page, base: str, token: str, next_path: str) -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input[type=password]", token)
    page.click("#login_submit")


def _shot(page, name: str) -> None:
    news = page.locator(".jp-Notification-Toast-Close, button:has-text('No')").first
    if news.is_visible():  # JupyterLab's "get notified about news?" toast hides part of the page
        news.click()
    page.screenshot(path=str(SHOTS / name), full_page=False)


def _wait_idle(page, seconds: float = 180) -> None:
    """Until the kernel has run every queued cell (no prompt shows [*])."""
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))"
        " && document.body.innerText.includes('Idle')",
        timeout=seconds * 1000,
    )


def _code_cell(page, text: str):
    return page.locator(".jp-CodeCell", has=page.locator(".cm-content", has_text=text)).first


def test_a_student_fills_sigmoid_and_validates_in_the_browser(tmp_path, browser):
    folder = tmp_path / "student"
    folder.mkdir()
    shutil.copy(RELEASE, folder / "logreg.ipynb")
    with jupyter_lab(folder) as (base, token):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        _login(page, base, token, "/lab/tree/logreg.ipynb")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        _shot(page, "01-student-opens-the-release.png")

        page.locator(".lm-MenuBar-item", has_text="Run").click()
        page.locator(".lm-Menu-item", has_text="Restart Kernel and Run All Cells").click()
        page.locator(".jp-Dialog-footer button.jp-mod-accept").click()
        _wait_idle(page)
        _shot(page, "02-run-all-with-stubs.png")
        assert page.locator(".jp-OutputArea-output", has_text="NotImplementedError").count() >= 1

        cell = _code_cell(page, "def sigmoid(z)")
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(textwrap.dedent(inspect.getsource(reference.sigmoid)))
        page.keyboard.press("Shift+Enter")  # runs sigmoid, selects its public test
        _wait_idle(page, 60)
        page.keyboard.press("Shift+Enter")  # runs the public test
        _wait_idle(page, 60)
        test_cell = _code_cell(page, "Public tests for sigmoid")
        test_cell.scroll_into_view_if_needed()
        _shot(page, "03-sigmoid-filled-public-test-passes.png")
        assert "public tests passed" in test_cell.locator(".jp-OutputArea").inner_text()
        assert "Error" not in test_cell.locator(".jp-OutputArea").inner_text()

        page.keyboard.press("Control+s")
        # JupyterLab may ask whether to overwrite a file it thinks changed on disk: a person clicks Overwrite.
        overwrite = page.locator(".jp-Dialog-footer button", has_text="Overwrite")
        try:
            overwrite.wait_for(timeout=3000)
            overwrite.click()
        except Exception:
            pass
        page.wait_for_timeout(500)
        page.locator(".jp-Toolbar button, .jp-Toolbar jp-button", has_text="Validate").first.click()
        dialog = page.locator(".jp-Dialog-content")
        dialog.wait_for(timeout=120_000)
        page.wait_for_function(
            "() => !document.querySelector('.jp-Dialog-content')?.innerText.includes('Validating')", timeout=120_000
        )
        _shot(page, "04-validate-lists-the-unfinished-functions.png")
        text = dialog.inner_text()
        assert "Success" not in text, text[:2000]
        for unfinished in ("bce_loss", "fit", "add_interaction"):
            assert unfinished in text, f"Validate does not name {unfinished}: {text[:2000]}"
        page.close()


def _graded_course(root: Path) -> Path:
    """A small class collected, autograded and synced to its own gradebook, with its own nbgrader config."""
    from autograder.course.batch import autograde, load_results
    from autograder.course.collect import collect_zip
    from autograder.course.gradebook import sync
    from autograder.course.paths import Course
    from autograder.tools import demo

    course = Course(root)
    root.mkdir(parents=True, exist_ok=True)
    course.write_nbgrader_config()
    students = [s for s in demo.make_class() if s.kind == "correct"][:2]
    collect_zip(course, demo.write_zip(students, root / "download.zip"))
    autograde(course, workers=2, progress=False)
    sync(course, load_results(course))
    return root


def test_an_instructor_grades_a_written_answer_in_formgrader(tmp_path, browser):
    from autograder.course.batch import load_results
    from autograder.course.grades import write_all
    from autograder.course.paths import Course

    root = _graded_course(tmp_path / "course")
    with jupyter_lab(root) as (base, token):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        _login(page, base, token, "/formgrader/gradebook/logreg/logreg")
        page.locator("a", has_text="Submission #1").first.wait_for(timeout=90_000)
        _shot(page, "05-formgrader-lists-the-class.png")
        page.locator("a", has_text="Submission #1").first.click()
        score = page.locator("input#free_xor")
        score.wait_for(timeout=90_000)
        score.scroll_into_view_if_needed()
        score.fill("4")
        score.press("Tab")
        comment = page.locator("textarea#free_xor-comment")
        comment.fill("Right idea: no straight line separates the four points.")
        comment.press("Tab")
        page.wait_for_timeout(1500)  # formgrader saves on change
        comment.scroll_into_view_if_needed()
        _shot(page, "06-formgrader-points-and-comment.png")
        page.close()
    course = Course(root)
    rows = list(csv.DictReader(write_all(course, load_results(course))["grades.csv"].open()))
    graded = [r for r in rows if r["free_xor"] == "4"]
    assert len(graded) == 1, rows
    assert float(graded[0]["total"]) == float(graded[0]["autograded"]) + 4 and graded[0]["max_total"] == "110"
