"""`{% cached_fragment key %}…{% endcached_fragment %}`: the enclosed part of a page is rendered once per key
and then served from the cache. The key comes from the view (`cache_key_build` in this package: it holds the
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
    def __init__(self, nodelist: NodeList, key: FilterExpression) -> None:
        self.nodelist = nodelist
        self.key = key

    def render(self, context: template.Context) -> str:
        key = self.key.resolve(context)
        return cache_get_or_compute(
            key=f"fragment:{key}" if key else None, compute=lambda: self.nodelist.render(context)
        )


def cached_fragment_parse(parser: Parser, token: Token) -> CachedFragmentNode:
    """The tag's compile function: one argument, the key; the body up to `{% endcached_fragment %}`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_fragment takes one argument: the key")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
