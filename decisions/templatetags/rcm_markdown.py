from django import template

from decisions.rules.markdown import markdown_render

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ update.note|markdown }}: Markdown rendered and sanitised."""
    return markdown_render(text=text)
