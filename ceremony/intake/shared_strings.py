"""The text a workbook's shared strings make the reader build, counted before it reads.

A cell of type "s" holds an index into the shared-strings table, and the reader copies
that string into the cell: 6,000,000 cells pointing at one string of 1,000 characters
are a 12 MB file, within every other limit, that asks for 6 GB of text (13 GB with the
reader's and Python's copies). So the text that cells take from the table counts
against the unpacked-size limit (200 MB), measured streaming in two steps:

1. The table (the one part named sharedStrings.xml, read first): the length in bytes of
   each `<si>` element's content, markup included, an upper bound of the text the reader
   makes of it (entities and character references only shrink when decoded). Only the
   lengths are kept (4 bytes per string), never the strings.
2. The cells: a cell's type is compared as raw bytes, so every shared-string cell holds
   a `"s"` or `'s'`, and their number bounds the number of such cells. A chunk is
   bounded by that number times the longest string while the total stays within the
   budget (every ordinary delivery: no more work). From the chunk on where it would not,
   a cell spelt as Excel writes it (`<c r="B12" s="3" t="s"><v>17</v></c>`) counts its
   own string and every other `"s"` the longest; the file is refused as soon as these
   fine counts alone pass the budget. If only the cheap bounds passed it, every part is
   counted finely in a second pass.

The lengths are the reader's only if the table splits into strings one way: every `<`
closed by a `>` before the next (nothing hidden in an attribute value), no comment,
CDATA or processing instruction, `<si>` elements not nested, each closed by its own
name, none before `<sst>`. A table that is not plain in that sense is refused as
damaged (no spreadsheet writer makes one).
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections import Counter

from ceremony.errors import ImportRefused
from ceremony.texts import t

_CHUNK = 1 << 20
_MAX_OPEN_TAG = 1 << 16  # an unfinished tag longer than this is not honest XML
_TABLE_NAME = "sharedstrings.xml"
_NOT_ANGLE = bytes(set(range(256)) - {ord("<"), ord(">")})
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^<>]*\?>")
_SST = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst[\s/>]")
_SI_TAG = re.compile(rb"<(/?)((?:[A-Za-z_][\w.-]*:)?)si(?=[\s/>])([^>]*)>")
_ODD_SI = re.compile(rb"</?si[^>]")  # an si tag with attributes, a space or a slash, or a longer name
# a shared-string cell as Excel writes it: exactly one "s" in it, its index read as the reader reads it
_EXCEL_SHARED = re.compile(rb'<c r="[A-Z]{1,3}\d{1,7}"(?: s="\d{1,9}")? t="s"(?: s="\d{1,9}")?><v>(\d{1,10})</v></c>')
_SHARED_TYPES = (b'"s"', b"'s'")


def raise_too_much_text(limit_bytes: int):
    """Refuse: the cells would take more text from the shared strings than the file may unpack to."""
    raise ImportRefused(t("limits.shared_text", mb=limit_bytes // 1_000_000))


def whole_tags(buffer: bytes, final: bool) -> tuple[bytes, bytes]:
    """Split a chunk of XML into the part with whole tags and a tag cut by the chunk's end
    (carried over to the next chunk); a cut tag longer than any honest one is refused."""
    cut = len(buffer)
    if not final:
        start = buffer.rfind(b"<")
        if start >= 0 and buffer.find(b">", start) < 0:
            cut = start
    if len(buffer) - cut > _MAX_OPEN_TAG:
        _damaged()
    return buffer[:cut], buffer[cut:]


def _damaged():
    raise ImportRefused(t("formats.damaged"))


def is_table(name: str) -> bool:
    """Whether a package part is a shared-strings table as the reader looks it up."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].lower() == _TABLE_NAME


def _types_in(text: bytes) -> int:
    return text.count(_SHARED_TYPES[0]) + text.count(_SHARED_TYPES[1])


class _TypeCounter:
    """Counts `"s"` and `'s'` in a stream of pieces, also where one straddles two pieces."""

    def __init__(self) -> None:
        self.found = 0
        self._tail = b""

    def feed(self, piece: bytes) -> None:
        """Add the piece's occurrences, and one that starts in the previous piece."""
        self.found += _types_in(piece) + _types_in(self._tail + piece[:2])
        self._tail = (self._tail + piece)[-2:]


class Table:
    """The lengths of the strings of one shared-strings part, fed chunk by chunk."""

    def __init__(self, max_strings: int) -> None:
        self.lengths = array("I")
        self.max_strings = max_strings
        self._carry = b""
        self._first = True
        self._started = False
        self._open: list | None = None  # [prefix, length so far] of an unclosed <si>

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        complete, self._carry = whole_tags(self._carry + chunk, final)
        self._scan(complete)
        if len(self.lengths) > self.max_strings or (final and self._open is not None):
            _damaged()  # more strings than cells, or a string never closed

    def _scan(self, piece: bytes) -> None:
        if self._first and piece:
            self._first = False
            declaration = _DECLARATION.match(piece)
            piece = piece[declaration.end():] if declaration else piece
        skeleton = piece.translate(None, _NOT_ANGLE)  # "<><>...<>" when every tag is closed before the next
        if b"<!" in piece or b"<?" in piece or skeleton.count(b"<>") * 2 != len(skeleton):
            _damaged()
        if not self._started:
            found = _SST.search(piece)
            if _SI_TAG.search(piece, 0, found.start() if found else len(piece)):
                _damaged()  # the reader skips strings before <sst>: the indexes would shift
            if found is None:
                return
            self._started = True
            piece = piece[piece.index(b">", found.start()) + 1 :]
        plain = b":si" not in piece and _ODD_SI.search(piece) is None
        if plain and (self._open is None or self._open[0] == b""):
            self._scan_plain(piece)
        else:
            self._scan_tags(piece)

    def _scan_plain(self, piece: bytes) -> None:
        """Every si tag spelt `<si>` / `</si>`, each close followed by the next open: measured
        with a few bytes operations; any other layout goes tag by tag."""
        segments = piece.split(b"</si>")
        closes, first, tail = len(segments) - 1, segments[0], segments[-1]
        carried = self._open[1] if self._open is not None else None
        first_opens, tail_opens = first.count(b"<si>"), tail.count(b"<si>") if closes else 0
        expected_first = 0 if carried is not None else 1
        if closes == 0:
            if first_opens > expected_first:
                _damaged()  # nested
            if carried is not None:
                self._open[1] = carried + len(piece)
            elif first_opens:
                self._open = [b"", len(piece)]
            return
        # closes 1..n-1 followed by an open, the last one too if the tail opens a string,
        # and no open elsewhere: every segment holds exactly one string
        if (first_opens != expected_first or tail_opens > 1 or (tail_opens and not tail.startswith(b"<si>"))
                or piece.count(b"</si><si>") != closes - 1 + tail_opens
                or piece.count(b"<si>") != first_opens + closes - 1 + tail_opens):
            self._scan_tags(piece)
            return
        sizes = array("I", map(len, segments[:-1]))  # from its "<si>": 4 bytes more than its content
        if carried is not None:
            sizes[0] += carried
        self.lengths.extend(sizes)
        self._open = [b"", len(tail)] if tail_opens else None

    def _scan_tags(self, piece: bytes) -> None:
        """Any other spelling (prefixes, attributes, self-closing): tag by tag."""
        mark = 0
        for tag in _SI_TAG.finditer(piece):
            closing, prefix, rest = tag.groups()
            if closing:
                if self._open is None or self._open[0] != prefix:
                    _damaged()
                self.lengths.append(self._open[1] + tag.start() - mark)
                self._open = None
            elif self._open is not None:
                _damaged()  # nested: the reader would end the outer string at the inner one
            elif rest.rstrip().endswith(b"/"):
                self.lengths.append(0)
            else:
                self._open, mark = [prefix, 0], tag.end()
        if self._open is not None:
            self._open[1] += len(piece) - mark


class SharedText:
    """Measures, over one package, the text the cells take from the shared strings.

    The table must come first (`check_xlsx_package` orders the parts so), so that the
    longest string is known when the cells are counted. Each chunk is bounded cheaply
    (its `"s"` count times the longest string) while that keeps the total within the
    budget, and finely (each Excel-spelt cell its own string) from the chunk on where it
    would not; the file is refused as soon as the fine counts alone pass the budget.
    """

    def __init__(self, budget: int, max_strings: int) -> None:
        self.budget = budget
        self.table = Table(max_strings)
        self._parts: list[zipfile.ZipInfo] = []  # parts with a possible shared-string cell
        self._bound = 0  # an upper bound of the text so far
        self._fine = 0  # the part of it counted finely
        self._longest = 0
        self._counter = _TypeCounter()
        self._in_table = False
        self._tables = 0

    def start_part(self, info: zipfile.ZipInfo) -> None:
        """The next chunks are of this part."""
        self._in_table = is_table(info.filename)
        self._tables += self._in_table
        if self._tables > 1:
            _damaged()  # which of two tables the reader takes is not ours to guess
        self._counter = _TypeCounter()
        self._parts.append(info)

    def feed(self, chunk: bytes) -> None:
        before = self._counter.found
        self._counter.feed(chunk)
        if self._in_table:
            self.table.feed(chunk)
            return  # its own "s" are counted at its end, when its longest string is known
        possible = self._counter.found - before
        if not possible:
            return
        crude = possible * self._longest
        if self._bound + crude <= self.budget:
            self._bound += crude
            return
        fine = self._fine_bound(chunk, possible)
        self._bound += fine
        self._fine += fine
        if self._fine > self.budget:
            raise_too_much_text(self.budget)

    def end_part(self) -> None:
        if self._in_table:
            self.table.feed(b"", final=True)
            self._longest = self.table.longest
            self._bound += self._counter.found * self._longest
        if not self._counter.found:
            self._parts.pop()

    def check(self, package: zipfile.ZipFile) -> None:
        """Refuse when the bound passed the budget and a fine count of every part does too."""
        if self._bound <= self.budget:
            return
        total = 0
        for info in self._parts:
            counter = _TypeCounter()
            with package.open(info) as member:
                while chunk := member.read(_CHUNK):
                    before = counter.found
                    counter.feed(chunk)
                    total += self._fine_bound(chunk, counter.found - before)
                    if total > self.budget:
                        raise_too_much_text(self.budget)

    def _fine_bound(self, chunk: bytes, possible: int) -> int:
        """Each Excel-spelt cell its own string's length; every other possible cell the longest."""
        lengths, longest = self.table.lengths, self._longest
        indexes = Counter(_EXCEL_SHARED.findall(chunk))
        total = (possible - sum(indexes.values())) * longest  # each such cell holds one "s"
        for index, times in indexes.items():
            number = int(index)
            total += times * (lengths[number] if number < len(lengths) else longest)
        return total
