import pytest

from decisions.rules.markdown import markdown_render


def test_markdown_is_rendered():
    assert markdown_render(text="**Done** in *Mexico*") == "<p><strong>Done</strong> in <em>Mexico</em></p>"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
        "<iframe src='https://evil.example'></iframe>",
        "<svg onload=alert(1)>",
    ],
)
def test_script_never_survives(hostile):
    html = markdown_render(text=hostile).lower()
    for marker in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg", "style="):
        assert marker not in html


def test_links_are_kept_and_made_safe():
    html = markdown_render(text="[report](https://example.org/report.pdf)")
    assert 'href="https://example.org/report.pdf"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
