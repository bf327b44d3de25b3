"""Screenshots of a seeded customer billing page, desktop (1280 wide) and phone (390 wide), for the
README: `.venv/bin/python scripts/billing-page-screenshots.py` from the repository's root."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.portal.browser import billing_link, chromium_launch_args, served_ledger  # noqa: E402
from tests.portal.support import seeded_customer  # noqa: E402

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"


def main() -> None:
    with served_ledger(name="Northwind Studio SAS", country="FR") as (base_url, api, account):
        ledger = seeded_customer(api, name="Client SARL")
        link = billing_link(account, ledger["customer"]["id"], base_url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**chromium_launch_args())
            for name, width, height in (("desktop", 1280, 800), ("phone", 390, 844)):
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                page.goto(link)
                page.screenshot(path=IMAGES / f"billing-page-{name}.png", full_page=True)
            browser.close()


if __name__ == "__main__":
    main()
