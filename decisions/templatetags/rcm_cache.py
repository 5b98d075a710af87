"""`{% load rcm_cache %}`: the door Django needs onto decisions/caching/fragments.py, where the
`{% cached_fragment key %}` tag is defined (with the keys it is used with)."""

from django import template

from decisions.caching.fragments import cached_fragment_parse

register = template.Library()
register.tag("cached_fragment", cached_fragment_parse)
