"""HTML pages: the main text only, without menus, banners and scripts.

Site-level <header>/<footer>/<nav> and anything whose id/class names a cookie banner,
menu, breadcrumb or share bar are dropped; a <header> inside <main>/<article> is kept
because it carries the article's own heading.

The page is read as a stream of parser events (lxml's parser with a target), never as a
tree: a tree of a 30 MB page took gigabytes, and a page of 100 000 nested <div>s broke any
recursive walk. Memory follows the text, and nesting depth costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

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
# Their strings are code or annotations, never part of a title (as in bs4's get_text).
_CODE_TAGS = frozenset({"script", "style", "template", "rt", "rp"})
_SPACE_RUN = re.compile(r"\s+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_TITLE_SEPARATORS = re.compile(r"\s+[-–—|:]{1,2}\s+")
_SITE_NAME = re.compile(r"(?:\s(?:kommuns?|stad|landsting)$|^(?:Region|Länsstyrelsen)\s)")


class HtmlReader:
    """lxml events; block elements become lines, list items bullets, table rows 'a | b'."""

    file_format = "html"
    extensions = (".html", ".htm")

    def read(self, data: bytes, path: Path) -> RawDocument:
        markup, encoding = decode_bytes(data, declared=declared_charset(data))
        page = read_page(markup)
        del markup
        warnings: tuple[str, ...] = ()
        if encoding in {"cp1252", "latin-1"} and not declared_charset(data):
            warnings = (f"no charset declared and not UTF-8; decoded as {encoding}",)
        drafts = [PageDraft(1, page.text)]
        return assemble(drafts, self.file_format, title=page.title, warnings=warnings)


def declared_charset(data: bytes) -> str | None:
    """The charset named in a <meta> tag near the top of the file."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


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


@dataclass(frozen=True)
class HtmlPage:
    """What a page holds: its main text and its title."""

    text: str
    title: str | None


def read_page(markup: str) -> HtmlPage:
    """The main text and title of an HTML page, from one pass of parser events."""
    target = _Target()
    parser = etree.HTMLParser(target=target, recover=True)
    parser.feed(markup)
    parser.close()
    return HtmlPage(target.main_text(), target.page_title())


def _is_boilerplate(name: str, attrs: dict[str, str]) -> bool:
    if name in _KEEP_ALWAYS:
        return False
    values = [attrs.get("id") or "", *(attrs.get("class") or "").split(), attrs.get("role") or ""]
    return any(_BOILERPLATE.search(v.lower()) for v in values if v)


class _Render:
    """The text of one element's content, written as events arrive: the rules of a walk
    over the element's children (block tags on their own lines, bullets, table rows)."""

    def __init__(self, depth: int) -> None:
        self.root = depth
        self.parts: list[str] = []
        self.row: list[str] | None = None  # cell texts of the open table row
        self.row_depth = 0
        self.cell: list[str] | None = None  # strings of the open cell
        self.cell_depth = 0

    def start(self, name: str, depth: int) -> None:
        if self.row is not None:
            if self.cell is None and depth == self.row_depth + 1 and name in _CELL_TAGS:
                self.cell, self.cell_depth = [], depth
            return
        if name == "br":
            self.parts.append("\n")
        elif name == "li":
            self.parts.append("\n" + BULLET)
        elif name == "tr":
            self.parts.append("\n")
            self.row, self.row_depth = [], depth
        elif name in _BLOCK_TAGS:
            self.parts.append(_blank(name))

    def end(self, name: str, depth: int) -> None:
        if self.row is not None:
            if self.cell is not None and depth == self.cell_depth:
                self.row.append(" ".join(" ".join(self.cell).split()))
                self.cell = None
            elif depth == self.row_depth:
                self.parts.append(" | ".join(t for t in self.row if t))
                self.row = None
            return
        if name in _BLOCK_TAGS:
            self.parts.append(_blank(name))

    def data(self, text: str) -> None:
        if self.row is None:
            self.parts.append(_SPACE_RUN.sub(" ", text))
        elif self.cell is not None:
            self.cell.append(text)

    def text(self) -> str:
        return "".join(self.parts)


def _blank(name: str) -> str:
    return "\n\n" if name in {"p", "h1", "h2", "h3", "h4", "h5", "h6"} else "\n"


class _Target:
    """lxml parser target: drops what is not content and renders the candidates for the
    main text (the first <main>, the first <article>, <body>, the whole page) at once,
    then picks one: <main>, else a single <article>, else <body>."""

    def __init__(self) -> None:
        self.depth = 0
        self.skip_at: int | None = None  # depth of the dropped element we are inside
        self.scopes: list[int] = []  # depths of the open <main>/<article> elements
        self.pending: list[str] = []  # text since the last event (one string)
        self.page = _Render(0)
        self.body: _Render | None = None
        self.main: _Render | None = None
        self.article: _Render | None = None
        self.n_articles = 0
        self.active: list[_Render] = [self.page]
        self.title: list[str] | None = None
        self.title_depth: int | None = None
        self.h1: list[str] | None = None
        self.h1_depth: int | None = None
        self.site_name: str | None = None
        self.site_name_seen = False
        self.containers: list[int] = []  # depths of open <script>, <style>, <template> ...

    # -------------------------------------------------------------- parser events

    def start(self, tag: object, attrib: dict) -> None:
        self._flush()
        self.depth += 1
        name = tag.lower() if isinstance(tag, str) else ""
        self._title_start(name, attrib)
        if name in _CODE_TAGS:
            self.containers.append(self.depth)
        if self.skip_at is not None:
            return
        attrs = {k: str(v) for k, v in attrib.items()}
        dropped = name in _DROP_TAGS and not (name == "header" and self.scopes)
        if dropped or _is_boilerplate(name, attrs):
            self.skip_at = self.depth
            return
        for render in self.active:
            render.start(name, self.depth)
        if name in ("main", "article"):
            self.scopes.append(self.depth)
        # Each candidate is dropped as soon as a better one makes it useless, so at most
        # two copies of the text are held: <main> beats all, <body> beats the whole page,
        # and a second <article> rules out the first.
        if name == "main" and self.main is None:
            self._drop(self.page, self.body, self.article)
            self.main = self._open(self.depth)
        elif name == "article":
            self.n_articles += 1
            if self.n_articles == 1 and self.main is None:
                self.article = self._open(self.depth)
            elif self.n_articles == 2:
                self._drop(self.article)
        elif name == "body" and self.body is None and self.main is None:
            self._drop(self.page)
            self.body = self._open(self.depth)

    def end(self, tag: object) -> None:
        self._flush()
        name = tag.lower() if isinstance(tag, str) else ""
        if self.title_depth == self.depth:
            self.title_depth = None
        if self.h1_depth == self.depth:
            self.h1_depth = None
        if self.containers and self.containers[-1] == self.depth:
            self.containers.pop()
        if self.skip_at is not None:
            if self.skip_at == self.depth:
                self.skip_at = None
            self.depth -= 1
            return
        self.active = [r for r in self.active if r.root != self.depth]
        for render in self.active:
            render.end(name, self.depth)
        if self.scopes and self.scopes[-1] == self.depth:
            self.scopes.pop()
        self.depth -= 1

    def data(self, text: str) -> None:
        self.pending.append(text)

    def comment(self, text: str) -> None:
        self._flush()

    def pi(self, target: str, data: str | None = None) -> None:
        self._flush()

    def doctype(self, *args: object) -> None:
        self._flush()

    def close(self) -> None:
        self._flush()

    # -------------------------------------------------------------- helpers

    def _drop(self, *renders: _Render | None) -> None:
        for render in renders:
            if render is not None:
                render.parts.clear()
                self.active = [r for r in self.active if r is not render]

    def _open(self, depth: int) -> _Render:
        render = _Render(depth)
        self.active.append(render)
        return render

    def _flush(self) -> None:
        if not self.pending:
            return
        text = "".join(self.pending)
        self.pending = []
        if not self.containers:  # a title's text is never code
            if self.title_depth is not None and self.title is not None:
                self.title.append(text)
            if self.h1_depth is not None and self.h1 is not None:
                self.h1.append(text)
        if self.skip_at is None:
            for render in self.active:
                render.data(text)

    def _title_start(self, name: str, attrib: dict) -> None:
        if name == "title" and self.title is None:
            self.title, self.title_depth = [], self.depth
        elif name == "h1" and self.h1 is None:
            self.h1, self.h1_depth = [], self.depth
        elif (
            name == "meta" and not self.site_name_seen and attrib.get("property") == "og:site_name"
        ):
            self.site_name_seen = True
            content = str(attrib.get("content") or "").strip()
            self.site_name = content or None

    # -------------------------------------------------------------- results

    def main_text(self) -> str:
        """The text of <main>, a single <article> or <body>, one block per line."""
        if self.main is not None:
            return self.main.text()
        if self.n_articles == 1 and self.article is not None:
            return self.article.text()
        return (self.body or self.page).text()

    def page_title(self) -> str | None:
        """<title> without a trailing site name, else the first <h1>."""
        if self.title is not None and "".join(self.title).strip():
            return strip_site_suffix(" ".join("".join(self.title).split()), self.site_name)
        if self.h1 is not None:
            return " ".join(" ".join(self.h1).split()) or None
        return None
