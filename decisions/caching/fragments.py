"""`{% cached_fragment key %}…{% endcached_fragment %}`: the enclosed part of a page is rendered once per key
and then served from the cache. A page cached in several parts under one key names each part:
`{% cached_fragment key "figures" %}`. The key comes from the view (`cache_key_build` in this package: it holds the
record's version, the request, the language, the reader's scope key from decisions/selectors/visibility.py, and
the day), and is None when nothing may be cached; then the part is rendered as usual. Views pass what the part
needs as lazy objects, so a cached part costs no queries at all.

Unlike Django's `{% cache %}`, the key is made by one function for every page, and never leaves a
per-visitor detail (a CSRF token, the signed-in name) in a shared entry: fragments hold neither.

The tag is registered by decisions/templatetags/rcm_cache.py (Django finds tag libraries there only); what it
does lives here, beside the keys and `cache_get_or_compute()` it uses."""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token

from decisions.caching import cache_get_or_compute


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, key: FilterExpression, part: FilterExpression | None = None) -> None:
        self.nodelist = nodelist
        self.key = key
        self.part = part

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        if key and self.part is not None:
            key = f"{key}:{self.part.resolve(context)}"
        return cache_get_or_compute(
            key=f"fragment:{key}" if key else None, compute=lambda: self.nodelist.render(context)
        )


def cached_fragment_parse(parser: Parser, token: Token) -> CachedFragmentNode:
    """The tag's compile function: the key, and the part's name when the key has several; the body up to
    `{% endcached_fragment %}`."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("cached_fragment takes the key, and the part's name if it has several")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    part = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]), part)
