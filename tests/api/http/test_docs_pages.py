"""Each dialect's docs page works offline: Swagger UI's assets are served by Billbook itself."""

import re

import pytest

DIALECTS = ["/invoiced", "/invoiced/legacy", "/octobat/v1", "/octobat/v2"]


def referenced_urls(page: str) -> list[str]:
    return re.findall(r"""(?:src|href)="([^"]+)"|url: '([^']+)'""", page)


@pytest.mark.parametrize("base", DIALECTS)
def test_the_docs_page_loads_only_assets_the_server_answers_itself(anonymous, base):
    page = anonymous.get(f"{base}/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    urls = [attribute or document for attribute, document in referenced_urls(page.text)]
    assert len(urls) >= 4  # stylesheet, icon, script, the OpenAPI document
    for url in urls:
        assert url.startswith(f"{base}/") and not url.startswith("//"), url
        asset = anonymous.get(url)
        assert asset.status_code == 200 and asset.content, url
    assert not re.search(r"https?://", page.text), "the page must not reach outside the server"
