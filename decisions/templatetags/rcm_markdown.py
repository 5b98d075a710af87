from django import template

from decisions.rules.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ update.note|markdown }}: Markdown rendered and sanitised."""
    return render_markdown(text)
