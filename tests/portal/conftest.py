import pytest
from playwright.sync_api import sync_playwright

from tests.portal.browser import chromium_launch_args


# Playwright's own session-wide fixtures keep an event loop running in the main thread until the
# session ends, which stops later tests from calling asyncio.run(); these start and stop it per module.
@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**chromium_launch_args())
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()
