"""Reading what a widget shows as a learner reads it: HTML to plain text, numbers out of the text."""
import html
import re

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def plain(markup: str) -> str:
    """HTML as the words on screen: tags dropped (a <br> is a new line), entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\n", markup)))


def numbers_after(text: str, marker: str) -> list[float]:
    """The numbers written right after ``marker``: one, or a bracketed list like (0.1, -2.0)."""
    rest = text[text.index(marker) + len(marker):].lstrip()
    if rest.startswith("("):
        return [float(v) for v in re.findall(NUMBER, rest[1:rest.index(")")])]
    return [float(re.match(NUMBER, rest).group())]
