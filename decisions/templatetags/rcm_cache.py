"""`{% cached_fragment key %}…{% endcached_fragment %}`: the enclosed part of a page is rendered once per key
and then served from the cache. The key comes from the view (decisions/caching.py: it holds the record's
version, the request, the language, the reader's scope key from decisions/visibility.py, and the day), and is
None when nothing may be cached; then the part is rendered as usual. Views pass what the part needs as lazy
objects, so a cached part costs no queries at all.

Unlike Django's `{% cache %}`, the key is made by one function for every page, and never leaves a
per-visitor detail (a CSRF token, the signed-in name) in a shared entry: fragments hold neither."""

from django import template

from decisions.caching import cached

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context) -> str:
        key = self.key.resolve(context)
        return cached(f"fragment:{key}" if key else None, lambda: self.nodelist.render(context))


@register.tag("cached_fragment")
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_fragment takes one argument: the key")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
