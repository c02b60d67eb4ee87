"""Who said what: direct and indirect quotations in Indonesian news, with their speakers.

:func:`extract_quotes` returns :class:`Quote` records whose offsets index the
text exactly as given (``text[q.start:q.end] == q.text``), so it works on raw or
cleaned text alike.

Direct quotations are found by one linear pass over the quotation marks of each
paragraph (``"`` ``“`` ``”`` ``„`` ``«`` ``»`` are one family, paired by
alternation, since copy often uses ``”`` to open; ``‘…’`` and ``'…'`` pair only
outside double quotes and never inside a word, so ``Jum'at`` is no quote).
The pairing repairs itself after a stray mark: ``“`` always opens, and a mark
with punctuation before it and a reporting cue after it (``,” kata``) always
closes. A quotation left open at the end of a paragraph continues into the next
one when that paragraph starts with a quotation mark (the newswire convention
for multi-paragraph quotes), or when it opened at the start of its paragraph and
the next paragraph holds the closing mark; otherwise it ends with its
paragraph. A quoted span is kept when a reporting cue stands next to it
(``“…,” kata X``, ``X mengatakan, “…”``) or when it reads like speech (at least
five words and ending with punctuation); short cue-less spans are scare quotes
or titles (``“Hari Kemenangan”``) and are skipped. A cue-less quotation within
300 characters after an attributed one keeps that speaker.

Indirect quotations are clauses reported with a cue from ``lang/id/cues.txt``:
``X mengatakan (bahwa) …`` (the rest of the sentence; verbs in ``[verb-bahwa]``
such as ``menyampaikan`` count only before ``bahwa``, a comma or a colon),
``…, kata X.`` (the sentence up to the comma), ``…, lanjut X, …`` (the rest
after the speaker when too little precedes), ``menurut X, …`` and
``…, menurut X.``. They never overlap a direct quotation or each other.

Speakers come from :func:`find_speaker_after` / :func:`find_subject_before`, a
capitalised-name heuristic kept behind those two functions so named-entity
recognition can replace it. A run of capitalised words is split into a role
part and a name by a small lexicon of titles and institution words
(``Juru bicara … Gedung Putih John Kirby`` -> role ``Juru bicara … Gedung
Putih``, name ``John Kirby``); the word after a place head (``Universitas``,
``Kota``, ``Polda``) names a place, not a person; a bare name after a
comma-separated role is the name (``kata Kepala Dusun X, Wahyu Wibowo``); an
apposition after or around the name (``Artyom Lukin, seorang profesor di …``)
becomes the role. ``katanya``, ``ujarnya``, ``kata dia``, ``Ia mengatakan``
resolve to the latest person introduced with a title since the last speaker
(``… Ketua KPK Firli Bahuri …. “…,” katanya``), else the most recent named
person speaker, else the most recent capitalised two-word name (given a
tagger's ``people`` spans, only names that overlap a tagged person); a bare surname
(``ujar Kirby``) becomes the earlier full name it belongs to.
:attr:`Speaker.start`/``end`` locate a written mention of the name: the one at
the cue, or the antecedent's for a pronoun. ``entity_id`` is left ``None`` for
the entity linker to fill.

Every step is a regex scan without nested quantifiers or a bounded window
around a cue, so the work is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from warta.lang.id.sentences import split_sentences
from warta.lang.id.stopwords import stopwords
from warta.lang.id.wordlists import read_sections
from warta.records import Quote, QuoteKind, Speaker

__all__ = ["Quote", "Speaker", "cues", "extract_quotes", "find_speaker_after", "find_subject_before", "quote_json"]


def quote_json(q: Quote) -> dict[str, Any]:
    """``q`` as a JSON-ready dict."""
    sp = q.speaker
    speaker = (
        None
        if sp is None
        else {"name": sp.name, "entity_id": sp.entity_id, "role": sp.role, "start": sp.start, "end": sp.end}
    )
    return {"text": q.text, "start": q.start, "end": q.end, "kind": q.kind, "cue": q.cue, "speaker": speaker}


# --------------------------------------------------------------------------- lexicons


@cache
def cues() -> dict[str, frozenset[str]]:
    """Sections of ``cues.txt`` (``short``, ``verb``, ``prep``), lower case."""
    return read_sections("cues.txt")


_PRONOUNS = frozenset({"ia", "dia", "beliau", "mereka", "ibu", "bapak"})
_PRONOUN_SUBJECTS = frozenset({"ia", "dia", "beliau"})


# Titles and role words: they stay in the role, not the name.
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ROLE_WORDS = _wordset(
    """
    presiden wapres wakil menteri menko mensos menkeu menlu menhan mendagri kepala ketua ketum direktur dirut
    jenderal juru bicara jubir sekretaris sekjen sekda gubernur wagub bupati wabup wali walkot koordinator
    komisaris kapolri kapolda kapolres kapolsek kabareskrim kadiv kabid kasubdit kabag kasat kasi kasubbag kapuspen
    panglima kasad kasal kasau pangdam danrem dandim jaksa hakim anggota pengamat profesor prof guru besar dosen
    peneliti analis deputi asisten staf khusus ahli pelaksana tugas plt pj camat lurah duta dubes senator
    perdana raja ratu pangeran ayatollah paus uskup kiai kh ustaz habib imam pendeta sultan
    komandan kepolisian brigjen irjen komjen jenderal kombes akbp kompol letjen mayjen laksamana marsekal kolonel
    pimpinan pemimpin pendiri founder ceo cfo coo chairman manajer kabiro karo sesmen sestama inspektur
    pengajar ekonom pakar epidemiolog sosiolog psikolog praktisi aktivis pegiat sejarawan budayawan rektor dekan
    mantan eks dokter dr advokat pengacara kuasa
    """
)
# Institution, place and generic words that end a role rather than start a name.
_ORG_WORDS = _wordset(
    """
    kementerian kemenkes kemenkeu kemendagri kemenlu badan dewan komisi partai gedung putih keamanan nasional
    pertahanan keuangan sosial luar dalam negeri republik rakyat daerah perwakilan agung tinggi pusat umum
    gabungan pemerintah pemerintahan provinsi kabupaten kota universitas institut kantor berita pengadilan
    kejaksaan kepolisian mahkamah konstitusi bank lembaga otoritas dinas direktorat biro sekretariat kabinet
    istana negara militer angkatan darat laut udara tentara polisi federal timur barat tengah jauh
    korea utara selatan rusia china cina tiongkok amerika serikat jepang indonesia inggris prancis perancis
    jerman india iran irak israel palestina ukraina australia arab saudi eropa uni asia afrika
    jakarta jawa sumatera kalimantan sulawesi papua bali dki jabar jateng jatim yogyakarta diy
    kesehatan pendidikan kebudayaan agama hukum ham politik perhubungan perdagangan perindustrian pertanian
    energi sumber daya mineral lingkungan hidup kehutanan pariwisata ketenagakerjaan tenaga kerja investasi
    koordinator perekonomian kemaritiman pembangunan perencanaan informatika komunikasi bidang urusan hubungan
    masyarakat humas strategis operasi umum pidana khusus perkara siber narkoba reserse kriminal lalu lintas
    fakir miskin penanganan perlindungan anak perempuan pemberdayaan desa eksekutif asosiasi kepulauan satgas
    gugus tugas covid network institute labs president vice director executive officer polda polres polsek
    pemkot pemkab pemprov dinkes bandara pasar bnpb bpbd kpu bawaslu humas riset teknologi ilmu pengetahuan
    penelitian kajian studi forum koalisi aliansi yayasan perusahaan pt persero tbk holding grup group koperasi
    pyongyang seoul beijing moskwa moskow washington tokyo kremlin surabaya bandung medan semarang makassar
    bogor depok tangerang bekasi manado denpasar kupang ambon jayapura
    """
)
# Heads whose next capitalised word is a proper name of a place or institution, not a person.
_PLACE_HEADS = _wordset(
    """
    universitas kabupaten kab kota provinsi polda polres polresta polrestabes polsek kodam korem kodim desa
    kelurahan kecamatan dusun kampung rs rsud sakit hotel sekolah sma smp sd smk bandara stasiun pulau gunung
    sungai jalan jl pt cv daop masjid gereja pelabuhan institut politeknik kepulauan teluk danau kawasan pasar
    lapas rutan kejari kejati pn pengadilan
    """
)
# Second words of two-word place names: "Metro Jaya", "Gadjah Mada".
# Roles and regional bodies whose next capitalised word names their region when a name of two or
# more words follows it: "Bupati Dompu Bambang M Yasin", "Ketua DPRD Sumenep Abdul Hamid Ali Munir".
_REGIONAL = _wordset(
    """
    bupati wabup gubernur wagub walkot camat lurah sekda kapolda kapolres kapolresta kapolrestabes kapolsek
    wakapolda wakapolres pangdam danrem dandim danlanal danlanud kajati kajari kadinkes bpbd dprd kpud dinkes
    bappeda pemkab pemkot pemprov
    """
)
# A brand or company name rather than a personal name: "Go-Jek", "GoPay", "SoftBank", "Kompas.com", "7-Eleven".
_ORG_SHAPE = re.compile(r"^\w+-[A-Z0-9]|^[A-Z][a-z]+[A-Z]|\d|\.(?:com|id|co)$")
_PLACE_TAILS = _wordset("jaya raya mada barat timur utara selatan tengah baru lama besar kecil")
_NAME_TITLES = frozenset({"dr", "dr.", "drg", "dokter", "ir", "prof", "h", "hj", "kh"})
_CONNECTORS = frozenset({"bin", "binti", "van", "de", "von", "al", "el"})
# Capitalised words that are never part of a name: days and months (report dates), headings.
_NOT_NAME = _wordset(
    """
    senin selasa rabu kamis jumat jum'at sabtu minggu ahad januari februari maret april mei juni juli agustus
    september oktober november desember nomor
    """
)
# Lower-case heads that may stand as a speaker on their own: "lapor media Korea Utara", "kata polisi".
_GENERIC_HEADS = frozenset(
    {
        "media",
        "kantor",
        "analis",
        "pejabat",
        "sumber",
        "polisi",
        "pengamat",
        "pihak",
        "juru",
        "jubir",
        "warga",
        "pakar",
        "ahli",
    }
)
_SKIP_AFTER_CUE = frozenset({"oleh", "para", "sang"})

_WORD = re.compile(r"[^\W_](?:[^\W_]|['’.\-](?=[^\W_]))*")
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’.\-](?=[^\W_]))*|[^\w\s]")

_WINDOW = 200  # characters examined on either side of a cue for a speaker
_FOLLOW_ON = 300  # a cue-less quotation this close after an attributed one keeps its speaker


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper() and word.isalpha()


_INSTITUTION_NOUN = re.compile(r"(?:pe|ke)[a-z]{3,}an|[a-z]{4,}asi")  # Pencegahan, Kesehatan, Koperasi


def _role_or_org(word: str) -> bool:
    lower = word.lower()
    return (
        lower in _ROLE_WORDS
        or lower in _ORG_WORDS
        or lower in _PLACE_HEADS
        or _is_acronym(word)
        or _INSTITUTION_NOUN.fullmatch(lower) is not None
    )


@dataclass(frozen=True, slots=True)
class _Mention:
    """A speaker as read at a cue, before pronoun and alias resolution."""

    name: str
    role: str | None
    start: int
    end: int
    person: bool  # a personal name (not an outlet, institution or bare title)
    pronoun: bool = False


# --------------------------------------------------------------------------- name runs


def _tokens(text: str, start: int, end: int, limit: int = 64) -> list[tuple[int, int, str]]:
    """At most ``limit`` tokens (words or single punctuation marks) of ``text[start:end]``."""
    return [(m.start(), m.end(), m.group()) for m in itertools.islice(_TOKEN.finditer(text, start, end), limit)]


def _run(toks: list[tuple[int, int, str]], i: int) -> int:
    """Index after the run of capitalised words starting at ``toks[i]`` (connectors allowed inside)."""
    j = i
    while j < len(toks):
        word = toks[j][2]
        if _is_cap(word) and word[0].isalpha() and word.lower() not in _NOT_NAME:
            j += 1
        elif (word == "dan" or word == "/") and j > i and _role_or_org(toks[j - 1][2]):
            # "Menteri Riset dan Teknologi", "Kementerian Koperasi dan UKM"
            if j + 1 < len(toks) and _is_cap(toks[j + 1][2]) and toks[j + 1][2][0].isalpha():
                j += 1
            else:
                break
        elif (word == "-" or word.isdigit()) and j > i:
            # "Gugus Tugas Covid - 19 Kabupaten Bekasi", "Daop 8 Surabaya": numbers inside a role
            k = j
            while k < len(toks) and k - j < 3 and (toks[k][2] == "-" or toks[k][2].isdigit()):
                k += 1
            if k < len(toks) and _is_cap(toks[k][2]) and toks[k][2][0].isalpha():
                j = k
            else:
                break
        elif word == "(" and j > i:
            # "Direktur Utama PT Kereta Commuter Indonesia (KAI Commuter) Wiwik Widayanti"
            close = next((k for k in range(j + 1, min(j + 8, len(toks))) if toks[k][2] == ")"), -1)
            if close < 0 or close + 1 >= len(toks) or not _is_cap(toks[close + 1][2]):
                break
            j = close + 1
        elif word.lower() in _CONNECTORS and j + 1 < len(toks) and _is_cap(toks[j + 1][2]) and j > i:
            j += 1
        else:
            break
    return j


def _mention_from_run(
    text: str,
    toks: list[tuple[int, int, str]],
    i: int,
    j: int,
    prefix_start: int | None,
    *,
    strip_stopwords: bool = True,
) -> _Mention | None:
    """Split ``toks[i:j]`` into a role part and a name; ``prefix_start`` begins a lower-case role before it.

    ``strip_stopwords`` drops leading capitalised function words ("Seorang", "Para") at a sentence
    start; after a cue a capitalised word is a name even when it is also a word ("kata Hari").
    """
    run = toks[i:j]
    while strip_stopwords and run and run[0][2].lower() in stopwords() and run[0][2].lower() not in _PRONOUNS:
        run = run[1:]
    if not run:
        return None
    last_role = -1
    depth = 0
    for k, (_, _, word) in enumerate(run):
        if word == "(":
            depth += 1
        initial = (
            _is_acronym(word) and len(word) <= 3 and k > 0 and run[k - 1][2][0].isalpha() and k - 1 > last_role
        )  # "Mahfud MD", "Bambang PS Brodjonegoro": initials inside a name
        if depth or (_role_or_org(word) and not initial) or not word[0].isalpha():
            last_role = k
        if word == ")":
            depth = max(depth - 1, 0)
    name_toks = run[last_role + 1 :]
    if name_toks and last_role >= 0 and run[last_role][2].lower() in _PLACE_HEADS:
        # "Universitas Gadjah Mada", "Wali Kota Surabaya Tri Rismaharini": the first word names the place.
        name_toks = name_toks[1:]
        if name_toks and name_toks[0][2].lower() in _PLACE_TAILS:
            name_toks = name_toks[1:]
    elif len(name_toks) >= 3 and last_role >= 0 and run[last_role][2].lower() in _REGIONAL:
        # "Bupati Dompu Bambang M Yasin", "Kepala BPBD Dompu Muhammad Rum": the region, then the name.
        name_toks = name_toks[1:]
    while len(name_toks) >= 3 and _ORG_SHAPE.search(name_toks[0][2]) is not None:
        name_toks = name_toks[1:]  # "Chief Marketing Officer Go-Jek Piotr Jakubowski": a brand, then the name
    role_start = prefix_start if prefix_start is not None else run[0][0]
    if name_toks:
        role = _clean_role(text[role_start : name_toks[0][0]])
        return _Mention(text[name_toks[0][0] : name_toks[-1][1]], role, name_toks[0][0], name_toks[-1][1], True)
    # No name part: an outlet, institution or bare title ("KCNA", "Korea Utara", "Presiden").
    return _Mention(text[run[0][0] : run[-1][1]], None, run[0][0], run[-1][1], False)


_LEADING_FILLER = re.compile(
    r"^(?:(?:tetapi|namun|dan|sedangkan|sementara(?:\s+itu)?|adapun|kemudian|lalu|bahkan|oleh|para|sang)\b[\s,]*)+",
    re.IGNORECASE,
)


def _clean_role(role: str) -> str | None:
    role = _LEADING_FILLER.sub("", role.strip(" ,")).strip(" ,")
    return role or None


_COMMA = re.compile(r"\s*,\s*")
_APPOS_END = re.compile(r"[,;\n]|[.!?](?!\S)")


def _apposition(text: str, pos: int, limit: int) -> str | None:
    """The role in ``, apposition,`` or ``, apposition.`` right after ``pos``, if it starts in lower case."""
    m = _COMMA.match(text, pos, limit)
    if m is None:
        return None
    start = m.end()
    stop = min(limit, start + _WINDOW)
    found = _APPOS_END.search(text, start, stop)
    seg_end = found.start() if found is not None else stop
    appos = text[start:seg_end].strip()
    words = appos.split()
    if not words or not words[0][:1].islower() or words[0] in cues()["short"] or words[0] in cues()["verb"]:
        return None
    if words[0] in stopwords() and words[0] not in ("seorang", "salah", "mantan", "eks"):
        return None  # "…, lanjut X, dalam penerapannya …": a clause, not an apposition
    return appos


def find_speaker_after(text: str, pos: int, limit: int | None = None) -> _Mention | None:
    """The speaker named right after a cue ending at ``pos`` ("kata Ankit Panda dari …", "lapor media Korea Utara")."""
    stop = min(len(text) if limit is None else limit, pos + _WINDOW)
    toks = _tokens(text, pos, stop, 12)
    if len(toks) == 12:
        mention, exhausted = _speaker_after(text, toks, stop)
        if not exhausted:
            return mention
        toks = _tokens(text, pos, stop, 48)
    return _speaker_after(text, toks, stop)[0]


def _speaker_after(text: str, toks: list[tuple[int, int, str]], stop: int) -> tuple[_Mention | None, bool]:
    """:func:`find_speaker_after` on ``toks``; the flag says whether more tokens might change the answer."""
    i = 0
    while i < len(toks) and toks[i][2].lower() in _SKIP_AFTER_CUE:
        i += 1
    if i >= len(toks):
        return None, True
    first = toks[i][2]
    if first.lower() in _PRONOUNS and (first.islower() or first.lower() in _PRONOUN_SUBJECTS):
        return _Mention(first, None, toks[i][0], toks[i][1], True, pronoun=True), False
    desc_start = toks[i][0]
    k = i
    while k < len(toks) and k - i < 4 and toks[k][2][:1].islower() and toks[k][2][0].isalpha():
        k += 1
    if k < len(toks) and _is_cap(toks[k][2]) and toks[k][2][0].isalpha():
        j = _run(toks, k)
        exhausted = j >= len(toks) - 1
        mention = _mention_from_run(text, toks, k, j, desc_start if k > i else None, strip_stopwords=False)
        if mention is None:
            return None, exhausted
        if k > i and not mention.person:
            # "media Korea Utara", "kantor berita Yonhap": the descriptor belongs to the name.
            mention = _Mention(text[desc_start : mention.end], None, desc_start, mention.end, False)
        single = mention.person and mention.role is not None and " " not in mention.name
        if k > i or toks[k][2].lower() in _ROLE_WORDS or single:
            # The name may come several commas later: "kata Kepala Dusun X, Wahyu Wibowo", "ujar CEO dan
            # pendiri Grab, Anthony Tan", "kata Chief Marketing Officer Go-Jek, Piotr Jakubowski".
            exhausted = True
            tail = j if mention.person else _role_tail(toks, j)
            later = _name_after_role(text, toks, tail)
            if later is not None:
                role_start = desc_start if k > i else toks[k][0]
                role = _clean_role(text[role_start : toks[tail][0]])
                return _Mention(later.name, role, later.start, later.end, True), exhausted
        role = mention.role
        appos = _apposition(text, toks[j - 1][1], stop)
        if appos is not None and mention.person:
            role = appos if role is None else f"{role}, {appos}"
        return _Mention(mention.name, role, mention.start, mention.end, mention.person), exhausted
    if k > i and toks[i][2].lower() in _GENERIC_HEADS:
        end = toks[k - 1][1]
        return _Mention(text[desc_start:end], None, desc_start, end, False), False
    return None, k >= len(toks)


# Lower-case words that go on with a title up to the comma before the name: "CEO dan pendiri Grab, …".
_ROLE_LINKS = _wordset("dan serta sekaligus merangkap juga salah satu sebagai bidang urusan")


def _role_tail(toks: list[tuple[int, int, str]], j: int) -> int:
    """Index of the comma ending the role that goes on at ``toks[j]`` after a bare title, else ``j``."""
    for n in range(j, min(j + 10, len(toks))):
        word = toks[n][2]
        if word == ",":
            return n
        lower = word.lower()
        if not (_is_cap(word) or lower in _ROLE_LINKS or lower in _ROLE_WORDS or lower in _ORG_WORDS):
            break
    return j


def _name_after_role(text: str, toks: list[tuple[int, int, str]], j: int) -> _Mention | None:
    """A bare name closing a comma-separated role: "kata Kepala Dusun X, Kelurahan Y, Wahyu Wibowo di ..."."""
    for _ in range(4):
        if j + 1 >= len(toks) or toks[j][2] != ",":
            return None
        n = j + 1
        while n < len(toks) and toks[n][2].lower() in _NAME_TITLES:
            n += 1  # "…, dr Algazali"
        r = _run(toks, n)
        if r == n:
            return None
        mention = _mention_from_run(text, toks, n, r, None)
        if mention is not None and mention.person and _bare_or_rank(mention.role):
            return mention  # "…, Wahyu Wibowo", "…, Jenderal Leon Kasonga"
        j = r
    return None


# A dateline opening a sentence: "JAKARTA, KOMPAS.com - ", "Bukavu (ANTARA News) - ", "MISANO - ".
_DATELINE = re.compile(r"[A-Z][\w.'’]*(?:[ \t]*,?[ \t]+[A-Z][\w.'’]*|[ \t]*\([^()\n]{1,40}\)){0,6}[ \t]*[-–—][ \t]+")
# Words of a time phrase set off by commas: "Retno Marsudi, Selasa (4/4/2017), menyatakan".
_TIME_WORDS = _NOT_NAME | _wordset(
    "lalu kemarin pagi siang sore malam dini hari ini tadi pada tanggal pukul wib wita wit"
)
# Words opening an adverbial set off by commas: "Ahmad, saat ditemui di kantornya, mengatakan".
_ADVERBIAL_OPENERS = _wordset(
    """
    di dalam saat ketika kepada usai seusai setelah sebelum sesudah selepas pada ditemui dihubungi dikonfirmasi
    melalui lewat via sambil sembari kemarin juga pun
    """
)


def _skippable(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a time phrase or an adverbial between a subject and its verb."""
    words = _WORD.findall(text, start, end)
    if not words:
        return True
    if words[0].lower() in _ADVERBIAL_OPENERS and words[0][0].islower():
        return True
    return all(w.lower() in _TIME_WORDS or not w.isalpha() for w in words)


def _is_apposition(segment: str) -> bool:
    """``koordinator Dewan …``, ``yang juga …``, ``CEO sekaligus pendiri Grab``: a description, not a subject."""
    words = segment.split(None, 1)
    if not words or len(segment.split()) > 25:
        return False
    return words[0][:1].islower() or words[0].lower() in _ROLE_WORDS


def _bare_or_rank(role: str | None) -> bool:
    """No role, or only a rank or title before the name ("Jenderal", "AKBP", "Prof")."""
    return role is None or all(w.lower().rstrip(".") in _ROLE_WORDS for w in role.split())


def find_subject_before(text: str, start: int, cue: int) -> _Mention | None:
    """The subject of a reporting verb at ``cue`` in the clause beginning at ``start``.

    ``John Kirby, koordinator …, mengatakan`` (the apposition is the role),
    ``Juru bicara … Gedung Putih John Kirby mengatakan``, ``Ia mengatakan``,
    ``Maman Sidikou, yang merupakan …, misi …, mengatakan`` (the subject before the relative clause),
    ``JAKARTA, KOMPAS.com - Menteri … Retno Marsudi, Selasa (4/4/2017), menyatakan`` (dateline and
    time phrase skipped).
    """
    lo = max(start, cue - _WINDOW)
    if lo == start:
        dateline = _DATELINE.match(text, lo, min(cue, lo + 80))
        if dateline is not None:
            start = lo = dateline.end()
    segs: list[tuple[int, int]] = []
    seg = lo
    comma = text.find(",", lo, cue)
    while comma >= 0:
        segs.append((seg, comma))
        seg = comma + 1
        comma = text.find(",", seg, cue)
    segs.append((seg, cue))
    last = _subject_in(text, *segs[-1], at_clause_start=len(segs) == 1 and lo == start)
    if last is not None:
        return last
    # The verb follows a comma: walk back over time phrases, adverbials and appositions to the subject.
    body = [sg for sg in segs[:-1] if not _skippable(text, *sg)]
    appositions: list[str] = []
    while len(body) >= 2 and len(appositions) < 4 and _is_apposition(text[slice(*body[-1])].strip()):
        appositions.insert(0, text[slice(*body[-1])].strip())
        body.pop()
    if appositions and body:
        # "John Kirby, koordinator …, mengatakan"; "Ahmad, yang juga …, menyatakan" (no role)
        b0, b1 = body[-1]
        subject = _subject_in(text, b0, b1, at_clause_start=b0 == start)
        if subject is not None and not subject.pronoun:
            if appositions[0].startswith("yang "):
                return subject
            appos = ", ".join(appositions)
            role = appos if subject.role is None else f"{subject.role}, {appos}"
            return _Mention(subject.name, role, subject.start, subject.end, True)
    if len(body) >= 2 and not appositions:
        # "Pengajar Sekolah Tinggi …, Sutaryono, mengungkapkan": a bare name after a titled role
        a0, a1 = body[-1]
        name = _subject_in(text, a0, a1, at_clause_start=False)
        r0, r1 = body[-2]
        titled = next((t for t in _tokens(text, r0, r1) if t[2].lower() in _ROLE_WORDS), None)
        if name is not None and name.person and name.role is None and titled is not None:
            return _Mention(name.name, _clean_role(text[titled[0] : r1]), name.start, name.end, True)
    if len(body) == 1 and len(segs) > 2:
        # "Menteri … Retno Marsudi, Selasa (4/4/2017), menyatakan": only time phrases between.
        b0, b1 = body[0]
        subject = _subject_in(text, b0, b1, at_clause_start=b0 == start)
        if subject is not None and subject.person:
            return subject
    return None


def _subject_in(text: str, start: int, end: int, *, at_clause_start: bool) -> _Mention | None:
    toks = [t for t in _tokens(text, start, end) if t[2][0].isalnum() or t[2] in "()"]
    if not toks:
        return None
    for s, e, word in toks:
        if word.lower() in _PRONOUN_SUBJECTS:
            return _Mention(word, None, s, e, True, pronoun=True)
    best: _Mention | None = None
    best_score = -1
    i = 0
    while i < len(toks):
        if not (_is_cap(toks[i][2]) and toks[i][2][0].isalpha()):
            i += 1
            continue
        j = _run(toks, i)
        if j == i:
            i += 1
            continue
        mention = _mention_from_run(text, toks, i, j, toks[0][0] if i > 0 or at_clause_start else None)
        if mention is not None:
            if not mention.person:
                score = 0
                head = next((t for t in toks[max(0, i - 3) : i] if t[2] in _GENERIC_HEADS), None)
                if head is not None:  # "pejabat pemerintah Korea Selatan", "media pemerintah Pyongyang"
                    mention = _Mention(text[head[0] : mention.end], None, head[0], mention.end, False)
            elif mention.role is not None or " " in mention.name:
                score = 3
            elif i > 0 or not at_clause_start:
                score = 2
            else:
                score = 1  # one capitalised word opening the sentence: "Kirby", but also "Prosedur"
            if score > best_score:
                best, best_score = mention, score
        i = j
    if best is None:
        # No name: a described speaker, "Seorang analis mengatakan", "para pengamat menilai".
        for k, (_s, e, word) in enumerate(toks):
            if word.lower() in _GENERIC_HEADS:
                first = k - 1 if k > 0 and toks[k - 1][2].lower() in stopwords() else k
                return _Mention(text[toks[first][0] : e], None, toks[first][0], e, False)
    return best


# --------------------------------------------------------------------------- direct quotes

_DOUBLE = '"“”„‟«»'
_MARKS = re.compile('["“”„‟«»]')
_SINGLE = re.compile("['‘’]")


class _Layout:
    """Paragraph and sentence bounds of a text, looked up by position (sentences split lazily per paragraph)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self._sentences: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}

    def para_index(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos)

    def para(self, index: int) -> tuple[int, int]:
        start = self.newlines[index - 1] + 1 if index > 0 else 0
        end = self.newlines[index] if index < len(self.newlines) else len(self.text)
        return start, end

    def para_of(self, pos: int) -> tuple[int, int]:
        return self.para(self.para_index(pos))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        ps, pe = self.para_of(pos)
        cached = self._sentences.get(ps)
        if cached is None:
            spans = [(ps + a, ps + b) for a, b in split_sentences(self.text[ps:pe])] or [(ps, pe)]
            cached = ([a for a, _ in spans], spans)
            self._sentences[ps] = cached
        starts, spans = cached
        i = max(bisect.bisect_right(starts, pos) - 1, 0)
        return spans[i]


_NEWLINE = re.compile("\n")


def _first_nonspace(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


_OPEN_ONLY = "“„«"


def _closes_before_cue(text: str, mark: int, limit: int) -> bool:
    """Whether the mark at ``mark`` must close a quotation: punctuation before it, a reporting cue after it."""
    k = mark - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    if k < 0 or text[k] not in ",.!?…":
        return False
    m = _AFTER.match(text, mark + 1, min(limit, mark + 40))
    return m is not None and (_is_short_cue(m.group("cue")) or _is_verb_cue(m.group("cue")))


def _double_spans(text: str, layout: _Layout) -> list[tuple[int, int, bool]]:
    """``(open_mark, close_mark_or_paragraph_end, closed)`` of each double-quoted span, in order."""
    out: list[tuple[int, int, bool]] = []
    groups: list[tuple[int, list[int]]] = []
    para_end = -1
    for m in _MARKS.finditer(text):
        pos = m.start()
        if pos > para_end:
            p = layout.para_index(pos)
            para_end = layout.para(p)[1]
            groups.append((p, []))
        groups[-1][1].append(pos)
    open_at: int | None = None
    opened_at_start = False
    for g, (p, marks) in enumerate(groups):
        ps, pe = layout.para(p)
        first = _first_nonspace(text, ps, pe)
        idx = 0
        if open_at is not None and marks[0] == first:
            idx = 1  # the continuation mark of a multi-paragraph quotation
        for mark in marks[idx:]:
            if open_at is None:
                if out and out[-1][2] and out[-1][1] >= ps and _closes_before_cue(text, mark, pe):
                    # A closing mark while no quotation is open: the pairing slipped on a stray mark
                    # earlier; the last "closing" mark really opened this quotation.
                    out[-1] = (out[-1][1], mark, True)
                    continue
                open_at = mark
                opened_at_start = mark == first
            elif text[mark] in _OPEN_ONLY:
                open_at = mark  # an opening mark while open: the earlier one was stray
                opened_at_start = mark == first
            else:
                out.append((open_at, mark, True))
                open_at = None
        if open_at is None:
            continue
        if g + 1 < len(groups) and groups[g + 1][0] == p + 1:
            nxt = groups[g + 1][1]
            n_first = _first_nonspace(text, *layout.para(p + 1))
            if nxt[0] == n_first or (opened_at_start and len(nxt) % 2 == 1):
                continue  # the quotation goes on in the next paragraph
        out.append((open_at, pe, False))
        open_at = None
    return out


def _single_spans(text: str, ps: int, pe: int, taken: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """``‘…’`` / ``'…'`` spans in one paragraph, outside double-quoted spans; apostrophes are skipped."""
    out: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    t = 0  # ``taken`` is sorted: walk it alongside the marks
    for m in _SINGLE.finditer(text, ps, pe):
        k = m.start()
        while t < len(taken) and taken[t][1] < k:
            t += 1
        if t < len(taken) and taken[t][0] <= k:
            continue
        before = text[k - 1] if k > ps else " "
        after = text[k + 1] if k + 1 < pe else " "
        if before.isalnum() and after.isalnum():
            continue  # Jum'at, Ma’ruf
        if open_at is None:
            if not before.isalnum() and not after.isspace() and m.group() != "’":
                open_at = k
        elif not before.isspace() and not after.isalnum() and m.group() != "‘":
            out.append((open_at, k, True))
            open_at = None
    return out


# Cue words are found by a cheap word scan and a set look-up: a long alternation is slow in ``re``.
# After a closing mark: ",” kata X", "” katanya", ". kata X", "” demikian kata X".
_AFTER = re.compile(r"[\s,.]{0,4}(?:[Dd]emikian\s+)?(?P<cue>[^\W\d_]+)")
# Indirect: "X mengatakan (bahwa) …" and "…, kata X" / "…, menurut X" / "…, tambahnya".
_VERB = re.compile(r"\b(?P<cue>(?:me|ber)[a-z]+)\b")
_SHORT = re.compile(r",\s*(?P<cue>[^\W\d_]+)\b")


def _is_short_cue(word: str) -> bool:
    """``kata``, ``ujar``, ``katanya``, ``ujarnya`` ... (any case)."""
    word = word.lower()
    short = cues()["short"]
    return word in short or (word.endswith("nya") and word[:-3] in short)


def _is_verb_cue(word: str) -> bool:
    word = word.lower()
    c = cues()
    return word in c["verb"] or word in c["verb-bahwa"] or word in c["verb-clause"]


# A predicate opening a reported clause: "timnya bermain", "tidak ada", "KBRI masih memverifikasi".
_PREDICATES = _wordset(
    """
    tidak tak belum akan sudah telah masih sedang tengah bisa dapat harus mesti perlu ingin hendak ada adalah
    merupakan menjadi sempat bakal pernah mampu berhasil gagal enggan tetap terus segera
    """
)
_VERB_SHAPE = re.compile(r"(?:me|ber|ter)[a-z]{3,}|di[a-z]{3,}(?:kan|i)")
# Words of verb shape that are nouns, pronouns or prepositions.
_NOT_PREDICATES = _wordset(
    """
    mereka menteri media medis metode meter merah mesin menit mental merek melati berita beras berbagai bersama
    berdasarkan beserta berikut terhadap termasuk terkait terakhir terbaru terbesar tertinggi terendah teroris
    terminal tersebut tertentu terutama terdakwa tersangka terpidana dinasti direksi diskusi distribusi dimensi
    diplomasi
    """
)


def _has_predicate(text: str, start: int, end: int) -> bool:
    """Whether the words after a verb at ``start`` open a clause: a predicate among the first eight words
    before a comma, the word after "yang" (a relative clause inside the subject) aside."""
    stop = text.find(",", start, end)
    after_yang = False
    for m in itertools.islice(_WORD.finditer(text, start, end if stop < 0 else stop), 8):
        word = m.group().lower()
        predicate = word in _PREDICATES or _VERB_SHAPE.fullmatch(word) is not None
        if predicate and not after_yang and word not in _NOT_PREDICATES:
            return True
        after_yang = word == "yang"
    return False


def _last_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of the word that ends ``text[start:end]`` (trailing spaces, commas and colons allowed)."""
    stripped = text[start:end].rstrip(" \t,:")
    words = stripped.rsplit(None, 1)  # empty when only other whitespace (\x1f, \u2028…) is left
    if not words:
        return None
    word = words[-1]
    if not word.isalpha():
        return None
    word_end = start + len(stripped)
    return word_end - len(word), word_end


def _cue_before(text: str, start: int, open_at: int, content: str) -> tuple[int, int] | None:
    """The reporting verb just before a quotation opening at ``open_at``: "X mengatakan, “", "menegaskan bahwa: "".

    Without a comma or colon between verb and quotation, the quotation must read like speech
    ('menegaskan "kebijakan hegemonik" Barat' quotes a phrase, not a statement).
    """
    found = _last_word(text, start, open_at)
    if found is None:
        return None
    word_start, word_end = found
    if text[word_start:word_end].lower() == "bahwa":
        found = _last_word(text, start, word_start)
        if found is None:
            return None
        word_start, word_end = found
    if not _is_verb_cue(text[word_start:word_end]):
        return None
    if not (_speechlike(content) or any(c in ",:" for c in text[word_end:open_at])):
        return None
    return word_start, word_end


_LATE_BAHWA = re.compile(r"(?<![,.;:])\s+bahwa\s+")
_BODY = re.compile(r"\s*(?:bahwa\b)?\s*[,:]?\s*")


def _has_words(text: str, start: int, end: int, n: int = 3) -> bool:
    """Whether ``text[start:end]`` holds at least ``n`` words (stops looking after ``n``)."""
    return sum(1 for _ in itertools.islice(_WORD.finditer(text, start, end), n)) >= n


def _speechlike(content: str) -> bool:
    words = _WORD.findall(content)
    return len(words) >= 5 and content.rstrip()[-1:] in ".,!?…;:-–—"


# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class _Pending:
    start: int
    end: int
    kind: QuoteKind
    cue: str | None
    at: int  # where the attribution is read (order of resolution)
    mention: _Mention | None
    nya: bool  # cue word ends in -nya: "katanya"
    finder: Callable[[], _Mention | None] | None = None  # reads the speaker once the quote is kept
    needs_speaker: bool = False  # drop the quote when ``finder`` finds nobody
    person_only: bool = False  # drop the quote unless its speaker is a person (the tagger's, if given)


class _People:
    """Character spans of the people a named-entity tagger found, for overlap tests."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [a for a, _ in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        # Tagger spans never overlap each other, so the last one starting before ``end`` decides.
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self._spans[i][1] > start

    def last_in(self, start: int, end: int) -> tuple[int, int] | None:
        """The last tagged span overlapping ``[start, end)``."""
        i = bisect.bisect_left(self._starts, end) - 1
        return self._spans[i] if i >= 0 and self._spans[i][1] > start else None


def _trim_to_tagged(text: str, mention: _Mention, tagged: _People | None) -> _Mention:
    """A name whose first words the tagger leaves out of the person it found there: those words name an
    organisation or a place and go to the role ("Manajer Arsenal Arsene Wenger" -> "Arsene Wenger")."""
    if tagged is None or not mention.person or mention.pronoun:
        return mention
    span = tagged.last_in(mention.start, mention.end)
    if span is None or not mention.start < span[0] < mention.end or not text[span[0] - 1].isspace():
        return mention
    name = text[span[0] : mention.end]
    if len(name.split()) < 2:
        return mention  # "Joko Widodo" tagged "Widodo" only: keep the fuller name
    if all(len(w) <= 4 for w in mention.name.split()):
        return mention  # "Kang Sun Nam" tagged "Sun Nam": a name of short syllables is one name
    cut = text[mention.start : span[0]].strip()
    role = cut if mention.role is None else f"{mention.role} {cut}"
    return _Mention(name, role, span[0], mention.end, True)


def extract_quotes(text: str, people: Iterable[tuple[int, int]] | None = None) -> list[Quote]:
    """Direct and indirect quotations of ``text`` with their speakers, in text order.

    ``people``: the ``(start, end)`` spans of the persons (PER) a named-entity tagger found in
    ``text``, when the caller has them. A ``katanya`` / ``ia`` antecedent is then only taken
    from a name that overlaps one of them, so no organisation, place or heading
    ("Kereta Api", "Taman Suroboyo") is made a pronoun's speaker.
    """
    if not text:
        return []
    layout = _Layout(text)
    sentence_of = layout.sentence_of
    pending: list[_Pending] = []
    used_cues: set[int] = set()
    direct: list[tuple[int, int]] = []

    spans = _double_spans(text, layout)
    taken = [(a, b) for a, b, _ in spans]
    for para_no, _group in itertools.groupby(_SINGLE.finditer(text), key=lambda m: layout.para_index(m.start())):
        ps, pe = layout.para(para_no)
        lo = max(bisect.bisect_left(taken, (ps, -1)) - 1, 0)
        hi = bisect.bisect_right(taken, (pe, len(text) + 1))
        local = [t for t in taken[lo:hi] if t[0] <= pe and t[1] >= ps]
        spans.extend(_single_spans(text, ps, pe, local))
    spans.sort()

    for open_at, close_at, closed in spans:
        cs, ce = open_at + 1, close_at
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        if ce <= cs:
            continue
        content = text[cs:ce]
        cue: str | None = None
        mention: _Mention | None = None
        at = cs
        nya = False
        if closed:
            pe = layout.para_of(close_at)[1]
            m = _AFTER.match(text, close_at + 1, min(pe, close_at + 40))
            if m is not None and (_is_short_cue(m.group("cue")) or _is_verb_cue(m.group("cue"))):
                cue = m.group("cue")
                used_cues.add(m.start("cue"))
                at = m.start("cue")
                word = cue.lower()
                if _is_verb_cue(word):
                    mention = find_subject_before(text, close_at + 1, m.start("cue"))  # ”, Kirby menegaskan
                else:
                    nya = word.endswith("nya") and word[:-3] in cues()["short"]
                    mention = None if nya else find_speaker_after(text, m.end("cue"), pe)
        if cue is None:
            ps = layout.para_of(open_at)[0]
            cue_at = _cue_before(text, max(ps, open_at - 60), open_at, content)
            if cue_at is not None:
                cue = text[cue_at[0] : cue_at[1]]
                used_cues.add(cue_at[0])
                at = cue_at[0]
                s0 = max(sentence_of(at)[0], ps)
                mention = find_subject_before(text, s0, at)
        if cue is None and not _speechlike(content):
            continue
        direct.append((open_at, close_at))
        pending.append(_Pending(cs, ce, "direct", cue, at, mention, nya))

    def in_direct(pos: int) -> bool:
        i = bisect.bisect_right(direct, (pos, len(text) + 1)) - 1
        return i >= 0 and direct[i][0] <= pos <= direct[i][1]

    def overlaps_direct(a: int, b: int) -> bool:
        i = bisect.bisect_left(direct, (a, -1))
        return any(0 <= j < len(direct) and direct[j][0] < b and a < direct[j][1] for j in (i - 1, i))

    indirect: list[_Pending] = []
    # "X mengatakan (bahwa) …"
    verb_words = cues()["verb"]
    bahwa_words = cues()["verb-bahwa"]
    clause_words = cues()["verb-clause"]
    short_words = cues()["short"]
    for m in _VERB.finditer(text):
        word = m.group("cue")
        if word not in verb_words and word not in bahwa_words and word not in clause_words:
            continue
        pos = m.start("cue")
        if pos in used_cues or in_direct(pos):
            continue
        s0, s1 = sentence_of(pos)
        body = _BODY.match(text, m.end(), s1)
        b0 = body.end() if body is not None else m.end()
        # "Ia memastikan tidak ada korban": no "bahwa" or comma, only a clause after the verb. Read so, a
        # subject that is no person ("BMKG memastikan …", "Kementerian menyebut …") is too often a
        # fragment: such a quote is kept only with a person as its speaker.
        clause_only = body is None or not body.group().strip()
        if clause_only and (word in bahwa_words or (word in clause_words and not _has_predicate(text, m.end(), s1))):
            continue
        late = None if body is not None and "bahwa" in body.group() else _LATE_BAHWA.search(text, b0, min(s1, b0 + 80))
        if late is not None:
            b0 = late.end()  # "mengatakan dalam sebuah sesi informasi bahwa …"
        b1 = s1
        while b1 > b0 and text[b1 - 1] in ".!?… ":
            b1 -= 1
        if b1 <= b0 or text[b0] in _DOUBLE or not _has_words(text, b0, b1):
            continue
        finder: Callable[[], _Mention | None] | None = functools.partial(find_subject_before, text, s0, pos)
        clause = word in clause_words and clause_only
        indirect.append(_Pending(b0, b1, "indirect", m.group("cue"), pos, None, False, finder, clause, clause))
    # "…, kata X." / "…, menurut X." / "…, tambahnya."
    for m in _SHORT.finditer(text):
        word = m.group("cue").lower()
        base = word[:-3] if word.endswith("nya") else word
        if base not in short_words and base != "menurut":
            continue
        pos = m.start("cue")
        if pos in used_cues or in_direct(pos):
            continue
        s0, s1 = sentence_of(pos)
        b0, b1 = s0, m.start()
        if not _has_words(text, max(s0, b1 - 200), b1):
            # "Hanya, lanjut Simanjorang, dalam penerapannya …": the statement follows the speaker.
            comma = text.find(",", m.end(), min(s1, m.end() + 80))
            if comma < 0:
                continue
            b0, b1 = comma + 1, s1
            while b1 > b0 and text[b1 - 1] in ".!?… ":
                b1 -= 1
            if not _has_words(text, b0, b1):
                continue
        word = m.group("cue").lower()
        nya = word.endswith("nya")
        finder = None if nya else functools.partial(find_speaker_after, text, m.end("cue"))
        indirect.append(_Pending(b0, b1, "indirect", m.group("cue"), pos, None, nya, finder, not nya))
    # "Menurut X, …"
    for m in re.finditer(r"\b[Mm]enurut\s", text):
        pos = m.start()
        if pos in used_cues or in_direct(pos) or (pos > 0 and text[pos - 1] == ","):
            continue
        s0, s1 = sentence_of(pos)
        comma = text.find(",", m.end(), min(s1, m.end() + _WINDOW))
        if comma < 0:
            continue
        b0 = _first_nonspace(text, comma + 1, s1)
        b1 = s1
        while b1 > b0 and text[b1 - 1] in ".!?… ":
            b1 -= 1
        if not _has_words(text, b0, b1):
            continue
        finder = functools.partial(find_speaker_after, text, m.end(), comma + 1)
        indirect.append(_Pending(b0, b1, "indirect", "menurut", pos, None, False, finder, True))

    indirect.sort(key=lambda p: (p.start, p.at))
    last_end = -1
    for p in indirect:
        while p.start < p.end and text[p.start].isspace():
            p.start += 1
        if p.start >= p.end or p.start < last_end or overlaps_direct(p.start, p.end):
            continue
        if p.finder is not None:
            p.mention = p.finder()
            if p.mention is None and p.needs_speaker:
                continue
        pending.append(p)
        last_end = p.end

    pending.sort(key=lambda p: p.at)
    return _resolve(text, pending, direct, _People(people) if people is not None else None)


_NAME2 = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")


def _resolve(text: str, pending: list[_Pending], direct: list[tuple[int, int]], tagged: _People | None) -> list[Quote]:
    """Resolve pronouns, -nya cues and bare surnames to earlier speakers; return quotes in text order."""
    people: list[_Mention] = []
    # Word of a multi-word speaker name -> the latest such speaker: a bare surname finds its full
    # name in one look-up (scanning every earlier speaker made many quotes quadratic).
    by_part: dict[str, _Mention] = {}
    quotes: list[Quote] = []
    scanned = 0  # text before this offset has been searched for titled names and plain names
    introduced: _Mention | None = None
    named: _Mention | None = None
    for p in pending:
        mention = p.mention
        if p.nya or (mention is not None and mention.pronoun):
            before = min(p.start, p.at)
            lo = max(people[-1].end if people else 0, before - 4 * _WINDOW)
            if before > scanned:  # each stretch of text is scanned once: linear overall
                introduced = _introduced(text, max(scanned, lo), before, direct, tagged) or introduced
                named = _recent_name(text, max(scanned, lo), before, tagged) or named
                scanned = before
            if introduced is not None and introduced.start >= lo:
                mention = introduced
            elif people:
                mention = people[-1]
            else:
                mention = named if named is not None and named.start >= before - 4 * _WINDOW else None
        elif (
            mention is not None
            and (mention := _trim_to_tagged(text, mention, tagged)).person
            and (earlier := by_part.get(mention.name)) is not None
        ):
            mention = _Mention(earlier.name, mention.role or earlier.role, mention.start, mention.end, True)
        if mention is None and p.cue is None and quotes and (sp := quotes[-1].speaker) is not None:
            last = quotes[-1]
            if last.kind == "direct" and 0 <= p.start - last.end <= _FOLLOW_ON:
                # A cue-less quotation right after an attributed one goes on with the same speaker.
                mention = _Mention(sp.name, sp.role, sp.start, sp.end, False)
        if p.person_only and not _is_person(mention, tagged):
            continue
        speaker: Speaker | None = None
        if mention is not None:
            speaker = Speaker(mention.name, mention.role, mention.start, mention.end)
            if mention.person:
                people.append(mention)
                parts = mention.name.split()
                by_part.update(dict.fromkeys(parts if len(parts) > 1 else (), mention))
        end = p.end
        while end > p.start + 1 and text[end - 1] in ", ":
            end -= 1  # “… di kota,” kata Panda: the comma belongs to the attribution, not the quote
        quotes.append(Quote(text[p.start : end], p.start, end, p.kind, p.cue, speaker))
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _is_person(mention: _Mention | None, tagged: _People | None) -> bool:
    """Whether ``mention`` names a person: by its shape, and where a tagger ran, by its tags too."""
    if mention is None or not mention.person:
        return False
    return tagged is None or mention.pronoun or tagged.overlaps(mention.start, mention.end)


_CAPRUN = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*")


def _between_commas(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    after = text[end : end + 3].lstrip()
    return before.endswith(",") and after.startswith(",")


def _introduced(text: str, lo: int, hi: int, direct: list[tuple[int, int]], people: _People | None) -> _Mention | None:
    """The last person introduced with a title in ``text[lo:hi]`` outside quotations ("Ketua KPK Firli Bahuri")."""
    last: _Mention | None = None
    i = bisect.bisect_right(direct, (lo, len(text) + 1)) - 1
    for m in _CAPRUN.finditer(text, lo, hi):
        while i + 1 < len(direct) and direct[i + 1][0] <= m.start():
            i += 1
        if i >= 0 and direct[i][0] <= m.start() <= direct[i][1]:
            continue
        toks = _tokens(text, m.start(), m.end())
        mention = _mention_from_run(text, toks, 0, _run(toks, 0), None)
        if mention is None or not mention.person or " " not in mention.name:
            continue
        if people is not None and not people.overlaps(mention.start, mention.end):
            continue
        mention = _trim_to_tagged(text, mention, people)
        if mention.role is not None or _between_commas(text, m.start(), m.end()):
            last = mention  # "Ketua KPK Firli Bahuri", "Pengamat telekomunikasi, Heru Sutadi, menduga"
    return last


def _recent_name(text: str, lo: int, hi: int, people: _People | None) -> _Mention | None:
    """The last capitalised two-word (or longer) name in ``text[lo:hi]`` (a person's, when ``people`` is known)."""
    last: re.Match[str] | None = None
    for m in _NAME2.finditer(text, lo, hi):
        if people is None or people.overlaps(m.start(), m.end()):
            last = m
    if last is None:
        return None
    return _Mention(last.group(), None, last.start(), last.end(), True)
