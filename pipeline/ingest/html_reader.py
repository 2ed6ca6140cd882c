"""HTML pages: the main text only, without menus, banners and scripts.

Site-level <header>/<footer>/<nav> and anything whose id/class names a cookie banner,
menu, breadcrumb or share bar are dropped; a <header> inside <main>/<article> is kept
because it carries the article's own heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from pipeline.ingest.base import RawDocument
from pipeline.ingest.clean import BULLET
from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.layout import PageDraft, assemble

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "template",
    "button",
    "select",
)
_BOILERPLATE = re.compile(r"cookie|consent|banner|breadcrumb|share|skip|(?:^|[^a-z])(?:nav|menu)")
_KEEP_ALWAYS = frozenset({"html", "body", "main", "article"})
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "hr",
        "caption",
        "details",
        "summary",
        "center",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_TITLE_SEPARATORS = re.compile(r"\s+[-–—|:]{1,2}\s+")
_SITE_NAME = re.compile(r"(?:\s(?:kommuns?|stad|landsting)$|^(?:Region|Länsstyrelsen)\s)")


class HtmlReader:
    """bs4 + lxml; block elements become lines, list items bullets, table rows 'a | b'."""

    file_format = "html"
    extensions = (".html", ".htm")

    def read(self, data: bytes, path: Path) -> RawDocument:
        markup, encoding = decode_bytes(data, declared=declared_charset(data))
        soup = BeautifulSoup(markup, "lxml")
        title = page_title(soup)
        warnings: tuple[str, ...] = ()
        if encoding in {"cp1252", "latin-1"} and not declared_charset(data):
            warnings = (f"no charset declared and not UTF-8; decoded as {encoding}",)
        drafts = [PageDraft(1, main_text(soup))]
        return assemble(drafts, self.file_format, title=title, warnings=warnings)


def declared_charset(data: bytes) -> str | None:
    """The charset named in a <meta> tag near the top of the file."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def page_title(soup: BeautifulSoup) -> str | None:
    """<title> without a trailing site name, else the first <h1>."""
    site_name = None
    meta = soup.find("meta", attrs={"property": "og:site_name"})
    if isinstance(meta, Tag) and meta.get("content"):
        site_name = str(meta["content"]).strip()
    if soup.title and soup.title.get_text(strip=True):
        return strip_site_suffix(" ".join(soup.title.get_text().split()), site_name)
    h1 = soup.find("h1")
    if isinstance(h1, Tag):
        text = " ".join(h1.get_text(" ").split())
        return text or None
    return None


def strip_site_suffix(title: str, site_name: str | None = None) -> str:
    """'Näringsliv - Kalix kommun' -> 'Näringsliv' when the last part is clearly the site.

    Clearly means: it equals og:site_name, or it is a short capitalised name ending in
    kommun/stad/landsting or starting with Region/Länsstyrelsen. Otherwise keep the title.
    """
    matches = list(_TITLE_SEPARATORS.finditer(title))
    if not matches:
        return title
    last_sep = matches[-1]
    head, last = title[: last_sep.start()].strip(), title[last_sep.end() :].strip()
    if len(head) < 3 or not last:
        return title
    if site_name and last.casefold() == site_name.casefold():
        return head
    if last[0].isupper() and len(last.split()) <= 4 and _SITE_NAME.search(last):
        return head
    return title


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in _KEEP_ALWAYS:
        return False
    attrs = getattr(tag, "attrs", None) or {}
    classes = attrs.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    values = [str(attrs.get("id") or ""), *map(str, classes), str(attrs.get("role") or "")]
    return any(_BOILERPLATE.search(v.lower()) for v in values if v)


def main_text(soup: BeautifulSoup) -> str:
    """The text of <main>, a single <article> or <body>, one block per line."""
    for tag in soup.find_all(_DROP_TAGS):
        # An article's own <header> holds its heading, not the site's banner.
        if tag.name == "header" and tag.find_parent(["main", "article"]):
            continue
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(_is_boilerplate):
        if not tag.decomposed:
            tag.decompose()
    root = soup.find("main")
    if root is None:
        articles = soup.find_all("article")
        root = articles[0] if len(articles) == 1 else None
    if root is None:
        root = soup.body or soup
    parts: list[str] = []
    _walk(root, parts)
    return "".join(parts)


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, _SKIP_STRINGS):
            continue
        if isinstance(child, NavigableString):
            parts.append(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            parts.append("\n")
        elif name == "li":
            parts.append("\n" + BULLET)
            _walk(child, parts)
        elif name == "tr":
            parts.append("\n")
            cells = [c for c in child.find_all(_CELL_TAGS, recursive=False)]
            texts = [" ".join(c.get_text(" ").split()) for c in cells]
            parts.append(" | ".join(t for t in texts if t))
        elif name in _BLOCK_TAGS:
            blank = "\n\n" if name in {"p", "h1", "h2", "h3", "h4", "h5", "h6"} else "\n"
            parts.append(blank)
            _walk(child, parts)
            parts.append(blank)
        else:
            _walk(child, parts)
