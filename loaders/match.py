"""Row names as clerks write them -> catalog codes: exact after normalising both sides, never a guess.

Both the written name (新签约项目（个）, 其中：民间投资占全部投资的比重, 地区生产总值（一季度）)
and every catalog name go through `parse_name`: numbering, 其中：, brackets, spaces and
full-width forms go, the statistical vocabulary of catalog/synonyms.toml is applied, and what the
brackets said (a unit, a period) is kept beside the bare words. Only equal keys match. A key may
stand for several indicators (地区生产总值: the amount and its growth); which one a value feeds is
decided by its column and unit (indicators.validate), not here.
"""
from __future__ import annotations

import bisect
import collections
import functools
import itertools
import re
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from loaders.periods import NO_TAG, Tag, plain, tag_of
from loaders.units import Unit, parse_unit

VOCABULARY = Path(__file__).resolve().parent.parent / "catalog" / "synonyms.toml"
_CIRCLED_CHARACTER = re.compile("[\u2460-\u2473\u2474-\u2487\u2776-\u277f]")
_CIRCLED = re.compile(r"^[\s\u3000]*" + _CIRCLED_CHARACTER.pattern)
_NUMBERING = re.compile(r"^(?:[#*△▲●○◆■□·\-—]+|其中[:：]?|内[:：]|[(]?[一二三四五六七八九十]{1,3}[)、.:：]|"
                        r"[(]?\d{1,2}[)、.:：](?!\d)|\d{1,2}\)|[a-zA-Z][、.)])")
# the same at the start of every line: parse_names runs it over names joined by line breaks
_NUMBERING_LINES = re.compile(_NUMBERING.pattern, re.MULTILINE)
_BRACKET = re.compile(r"[(\[【〔［]([^()\[\]【】〔〕［］]*)[)\]】〕］]")
_PUNCTUATION = re.compile(r"[\"'“”‘’「」『』《》〈〉、,，;；:：·•…。!！?？*#/]")


class Name(NamedTuple):
    """What a written name says: its bare words (`key`), a unit and a period stated in it, and
    whether it names a growth rate (…增速, …同比增长). A tuple: made once per row of every file."""
    key: str
    unit: Unit | None = None
    tag: Tag = Tag()
    growth: bool = False


@dataclass(frozen=True)
class Vocabulary:
    prefixes: tuple[str, ...]
    growth_suffixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    terms: dict[str, str]
    names: dict[str, str]
    pattern: re.Pattern  # every wording of [terms], the longest first, found in one pass
    ending: re.Pattern   # one suffix at the end, with at least two characters before it
    endings: tuple[str, ...] = ()  # the suffixes of `ending`, for str.endswith

    def canonical(self, words: str) -> str:
        return self.pattern.sub(lambda m: self.terms[m.group(0)], words)


@functools.lru_cache(maxsize=4)
def _vocabulary(path: Path, mtime: float) -> Vocabulary:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    terms = {plain(v): plain(canonical) for canonical, variants in raw.get("terms", {}).items()
             for v in [canonical, *variants]}
    growth, other = (tuple(map(plain, raw.get(k, []))) for k in ("growth_suffixes", "suffixes"))
    return Vocabulary(tuple(map(plain, raw.get("prefixes", []))), growth, other, terms, dict(raw.get("names", {})),
                      _longest_first(terms), re.compile(f"(?<=..)(?:{_longest_first(growth + other).pattern})$"),
                      growth + other)


def _longest_first(words) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


_checked = {"at": 0.0, "mtime": 0.0}


def _mtime() -> float:
    """The vocabulary file's modification time, looked at no more than once a second."""
    now = time.monotonic()
    if now - _checked["at"] > 1.0:
        _checked.update(at=now, mtime=VOCABULARY.stat().st_mtime)
    return _checked["mtime"]


def vocabulary() -> Vocabulary:
    """catalog/synonyms.toml, read again whenever the file changes."""
    return _vocabulary(VOCABULARY, _mtime())


def _decorations(text: str) -> str:
    """Drop numbering (一、 （一） 1. ①), 其中：, # and the like from the start, repeatedly."""
    text = plain(_CIRCLED.sub("", text))
    while found := _NUMBERING.match(text):
        text = text[found.end():]
    return text


def _brackets(text: str) -> tuple[str, Unit | None, Tag]:
    """The text without bracketed parts, and the unit and period those parts stated."""
    unit, tag = None, NO_TAG
    if not _BRACKET.search(text):  # most names have none: one scan instead of two
        return text, unit, tag
    for inside in _BRACKET.findall(text):
        unit = unit or parse_unit(inside)
        found = tag_of(inside)
        tag = tag if tag.month else found
    return _BRACKET.sub("", text), unit, tag


def _ends(words: str, vocab: Vocabulary) -> tuple[str, bool]:
    """Strip scope prefixes and modifier suffixes; True when a growth word was among them."""
    growth = False
    if words.startswith(vocab.prefixes):
        for prefix in vocab.prefixes:
            if words.startswith(prefix) and len(words) > len(prefix) + 1:
                words = words[len(prefix):]
    while words.endswith(vocab.endings):  # the search below tries every position: test the end first
        end = vocab.ending.search(words)
        if end is None:
            return words, growth
        growth = growth or end.group(0) in vocab.growth_suffixes
        words = words[:end.start()]
    return words, growth


def parse_name(text: str) -> Name:
    """The bare words of a name with what its brackets said (see the module docstring)."""
    return _parse_name(str(text), VOCABULARY, _mtime())


@functools.lru_cache(maxsize=8192)
def _parse_name(text: str, path: Path, mtime: float) -> Name:
    vocab = _vocabulary(path, mtime)
    words, unit, tag = _brackets(_decorations(text))
    return _named(_terms(words, vocab), unit, tag, path, mtime)


def _terms(words: str, vocab: Vocabulary) -> str:
    """Punctuation out, the vocabulary's wordings in. Also run over many names joined by line
    breaks: neither pattern matches a line break or reaches beyond what it matches."""
    return vocab.canonical(_PUNCTUATION.sub("", words))


def _named(words: str, unit: Unit | None, tag: Tag, path: Path, mtime: float) -> Name:
    """The Name of words whose punctuation and terms are done: prefixes and suffixes off, then an alias."""
    vocab = _vocabulary(path, mtime)
    words, growth = _ends(words, vocab)
    alias = vocab.names.get(words)
    return Name(_parse_name(alias, path, mtime).key if alias else words, unit, tag, growth)


def parse_names(texts) -> list[Name]:
    """parse_name of each text. A 月报 has thousands of distinct names, each a miss in parse_name's
    cache: here the steps run once over all of them joined by line breaks (plain() has taken every
    line break out of a name), and a per-name step only on the names it may change."""
    path, mtime = VOCABULARY, _mtime()
    texts = [str(t) for t in texts]
    if not texts:
        return []
    words = _decorated(texts)
    said = {}  # index -> (unit, period) of the names with brackets
    for i in _lines_hit(_BRACKET, words):
        words[i], *said[i] = _brackets(words[i])
    words = _terms("\n".join(words), _vocabulary(path, mtime)).split("\n")
    return _all_named(words, said, path, mtime)


def _all_named(words: list[str], said: dict, path: Path, mtime: float) -> list[Name]:
    """_named of each of many words; only where a prefix, a suffix or an alias may apply, or brackets said
    something, are they looked at one by one."""
    vocab = _vocabulary(path, mtime)
    # _ends changes only a name starting with a prefix's first character or ending with a suffix's last
    firsts, lasts = {p[:1] for p in vocab.prefixes}, {e[-1:] for e in vocab.endings}
    bare = functools.partial(tuple.__new__, Name)  # Name(w) without its Python-level __new__: thousands of names
    names = [bare((w, None, NO_TAG, False)) for w in words]
    for i, w in enumerate(words):
        if i in said or w[:1] in firsts or w[-1:] in lasts or w in vocab.names:
            names[i] = _named(w, *said.get(i, (None, NO_TAG)), path, mtime)
    return names


def _decorated(texts: list[str]) -> list[str]:
    """_decorations of each text; the whole step only where a circled number or numbering may go."""
    decorated = list(map(plain, texts))  # what _decorations leaves when it finds neither
    marked = _lines_hit(_NUMBERING_LINES, decorated)
    if _CIRCLED_CHARACTER.search("".join(texts)):
        marked.update(i for i, t in enumerate(texts) if _CIRCLED_CHARACTER.search(t))
    for i in marked:
        decorated[i] = _decorations(texts[i])
    return decorated


def _lines_hit(pattern: re.Pattern, lines: list[str]) -> set[int]:
    """The indexes of the lines (texts without line breaks) that a match of `pattern` in all of them
    joined by line breaks reaches into: every line where `pattern.search` finds something, as long as
    what the pattern looks at around a match reads a line break as it reads the end of a text (^ and $
    in MULTILINE mode, a look ahead for a digit; not a look for white space or a look behind)."""
    found = [m.span() for m in pattern.finditer("\n".join(lines))]
    if not found:
        return set()
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    line = functools.partial(bisect.bisect_right, starts)
    return {i for a, b in found for i in range(line(a) - 1, line(max(a, b - 1)))}


def key_of(text: str) -> str:
    """The matching key of a name (see parse_name)."""
    return parse_name(text).key


@dataclass(frozen=True)
class Index:
    """Matching keys -> catalog codes; the catalog's names and keys for suggestions."""
    codes: dict[str, list[str]]
    names: dict[str, str]
    pairs: dict[str, set[str]]        # code -> the character pairs of its key, in the catalog's order
    holders: dict[str, list[str]] = field(default_factory=dict)  # character pair -> the codes whose key has it
    order: dict[str, int] = field(default_factory=dict)  # code -> its place in the catalog


def build_index(catalog: pd.DataFrame, aliases: pd.DataFrame | None = None) -> Index:
    """The catalog's keys (code, name), plus administrators' aliases (alias key, code), which win.
    Kept for what it is built from and the vocabulary's version: a server checks many files against
    one catalog. The index is shared: read it, never change it."""
    named = tuple(zip(catalog["code"], catalog["name"]))
    said = () if aliases is None else tuple(zip(aliases["alias"], aliases["code"]))
    return _index(named, said, _mtime())


@functools.lru_cache(maxsize=8)
def _index(named: tuple, said: tuple, mtime: float) -> Index:
    codes: dict[str, list[str]] = {}
    keys = {code: _parse_name(str(name), VOCABULARY, mtime).key for code, name in named}
    for code, key in keys.items():
        codes.setdefault(key, []).append(code)
    codes |= {alias: [code] for alias, code in said}
    pairs = {c: _pairs(k) for c, k in keys.items()}
    holders: dict[str, list[str]] = {}
    for code, found in pairs.items():
        for pair in found:
            holders.setdefault(pair, []).append(code)
    return Index(codes, dict(named), pairs, holders, {code: i for i, code in enumerate(pairs)})


def candidates(name: Name, index: Index) -> list[str]:
    """The codes a written name stands for ([] when none: a false match is worse than a miss)."""
    return list(index.codes.get(name.key, []))


def candidates_of(names: list[Name], index: Index) -> list[list[str]]:
    """candidates of each name, in one pass: a 月报's thousands of rows match nothing."""
    codes = index.codes
    return [list(codes[name.key]) if name.key in codes else [] for name in names]


def _pairs(text: str) -> set[str]:
    """The character pairs of a text (single characters for a one-character text)."""
    return {text[i:i + 2] for i in range(len(text) - 1)} or set(text)


def nearest(name: Name, index: Index, count: int = 3) -> list[str]:
    """The `count` catalog codes whose names share most character pairs with `name` (Dice), for the
    clerk to choose from; ties go to the catalog's order."""
    mine = _pairs(name.key)
    shared = collections.Counter(code for pair in mine for code in index.holders.get(pair, ()))
    scored = sorted(((2 * n / (len(mine) + len(index.pairs[code])), code) for code, n in shared.items()),
                    key=lambda s: (-s[0], index.order[s[1]]))
    found = [code for _, code in scored[:count]]
    # too few share a pair: the rest, scored 0, in the catalog's order
    return found + [code for code in index.pairs if code not in shared][:count - len(found)]
