"""axe-core (vendored from the npm registry, ``vendor/axe-4.14.1.min.js``, MPL-2.0) run in the
page under test. The script is evaluated through the browser's debugging protocol, so the
page's Content Security Policy stays on while it runs."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
BLOCKING = ("serious", "critical")
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


def axe_violations(page, impacts=BLOCKING, exclude=(), also=()):
    """The violations of the given impacts on the page as it is now: a list of
    ``(rule id, impact, help, [targets])``, empty when the page passes. ``also``: rules axe
    leaves out by default to run as well ("target-size", WCAG 2.2)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async ([exclude, also]) => {
            const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
            const rules = Object.fromEntries(also.map(rule => [rule, {enabled: true}]));
            const r = await axe.run(context, {resultTypes: ['violations'], rules});
            return r.violations.map(v => [v.id, v.impact, v.help, v.nodes.map(n => n.target.join(' '))]);
        }""",
        [list(exclude), list(also)],
    )
    return [violation for violation in result if violation[1] in impacts]
