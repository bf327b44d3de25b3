"""Customer-facing HTML pages reached by token links: the customer's billing page.

Server-rendered (Jinja2, autoescaped) with one small stylesheet served by Billbook itself; no
JavaScript, nothing from another origin."""
