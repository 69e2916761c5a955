"""Take the README's screenshots from a running Chibo with the demo city.

    make run            # in one terminal
    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000] [dashboard.png ...]

Writes docs/screenshots/*.png (those named, or all). Uses Debian's Chromium, like the
browser tests.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
ONLY = set(sys.argv[2:])
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# (file, login, path, viewport width[, text of a link to follow first])
SHOTS = [
    ("dashboard.png", "demo-city", "/reports/?period=2026-Q3", 1280),
    ("dashboard-act.png", "demo-ward", "/reports/?period=2026-Q3", 1280, "Cần chỉ đạo"),
    ("tree.png", "demo-city", "/organizations/", 1280),
    ("members.png", "demo-city", "/members/?q=nguyen+van", 1280),
    ("ward-members.png", "demo-ward", "/members/?position=any", 1280),
    ("cell-phone.png", "demo-secretary", "/members/", 390),
    ("import.png", "demo-secretary", "/members/import/", 1280),
    ("meetings.png", "demo-secretary", "/meetings/", 1280),
    ("meeting-minutes.png", "demo-secretary", "/meetings/?kind=regular&status=adopted", 1280,
     "Sinh hoạt thường kỳ"),
    ("official-phone.png", "demo-ward", "/supervision/mine/", 390),
    ("supervision-figures.png", "demo-ward", "/supervision/figures/", 1280),
    ("concerns.png", "demo-ward", "/supervision/concerns/", 1280),
    ("grading-cell.png", "demo-secretary", "/grading/", 1280),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, login, path, width, *follow in SHOTS:
            if ONLY and name not in ONLY:
                continue
            context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
            page = context.new_page()
            page.goto(f"{BASE}/login/")
            page.fill("input[name=username]", login)
            page.fill("input[name=password]", "chibo-demo")
            page.click("button[type=submit]")
            page.goto(f"{BASE}{path}")
            if follow:
                page.locator("a", has_text=follow[0]).first.click()
                # A dashboard section loads when opened (htmx); Bootstrap scrolls smoothly.
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)
            page.screenshot(path=str(OUT / name))
            context.close()
            print(OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
