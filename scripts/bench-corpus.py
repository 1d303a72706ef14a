#!/usr/bin/env python3
"""Build the benchmark inputs for scripts/bench.sh from real English prose found on this machine.

Nothing built here is committed: the inputs go to OUT (default target/bench). Sources, in order,
all English documentation that ships with Debian, Python and the Rust toolchain:

  1. /usr/share/common-licenses/*            licences
  2. /usr/share/doc/*/copyright              Debian copyright files
  3. /usr/share/man/man[1-8]/*.gz            English man pages, roff markup stripped
  4. rustup's share/doc/rust/html books      The Rust Programming Language, the Reference, ...
                                             (HTML to text; print.html skipped: it repeats)
  5. Python's standard library and the PyPI  module, class and function docstrings (ast)
     packages installed beside it
  6. npm packages in /usr/lib/node_modules    their Markdown documentation
  7. Perl's .pod files                       perlfaq, perlop, ...
  8. /usr/share/doc/**/*.gz                  changelogs and NEWS files (whatever is still needed)

Paragraphs are deduplicated across everything (licence texts repeat in hundreds of copyright
files), so the large file is distinct prose, never one text repeated. The output is UTF-8 with
LF line ends, no NUL and no other control character but TAB.

Outputs (sizes are defaults):
  corpus-en.txt        >= 110 MB  (a) one large English file
  slice-1mb.txt          1 MB     its first MiB (for slow peers)
  slice-4mb.txt          4 MB     its first 4 MiB (criterion, if MTLINT_BENCH_CORPUS points here)
  small/NN/NNNN.txt    10,000 files of 2-10 KB cut at paragraph boundaries (b)
  small-list.txt         their paths, one a line (for xargs)
  nonl-50mb.txt         50 MB with no newline at all (c)
  words-1m.txt           1,000,000 one-word lines (c)
  words.txt              the literal words of the rule set, for `rg -F -f` (near-physical limit)
  seeded-<N>mb.txt       the first N MB with the seed article inserted every 64 KiB (fix --diff)

Usage: scripts/bench-corpus.py [--out DIR] [--mb 110] [--force]
"""

from __future__ import annotations

import argparse
import ast
import glob
import gzip
import hashlib
import html.parser
import os
import random
import re
import sys
import sysconfig

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1 << 20


def clean(text: str) -> str:
    """UTF-8-safe text: no NUL or control characters but TAB and LF; CRLF → LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


# --- roff --------------------------------------------------------------------------------------

ROFF_TEXT_MACROS = {
    "SH", "SS", "B", "I", "BR", "IR", "RB", "RI", "BI", "IB", "SM", "SB", "IP", "TP", "TQ",
    "Nm", "Nd", "Sh", "Ss", "Pa", "Ar", "Fl", "Em", "Dq", "Sq", "Ql", "Xr", "It",
}
ROFF_ESCAPES = {
    r"\(em": "—", r"\(en": "–", r"\(aq": "'", r"\(lq": "“", r"\(rq": "”", r"\(oq": "‘",
    r"\(cq": "’", r"\(bu": "•", r"\(co": "©", r"\(rg": "®", r"\(tm": "™", r"\(dq": '"',
    r"\(ga": "`", r"\(ha": "^", r"\(ti": "~", r"\(mu": "×", r"\(de": "°", r"\(+-": "±",
    r"\*(lq": "“", r"\*(rq": "”", r"\*(Tm": "™", r"\-": "-", r"\e": "\\", r"\&": "",
    r"\ ": " ", r"\~": " ", r"\|": "", r"\^": "", r"\%": "", r"\c": "", r"\:": "",
}
ROFF_ESC_RE = re.compile("|".join(re.escape(k) for k in sorted(ROFF_ESCAPES, key=len, reverse=True)))
ROFF_FONT_RE = re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)|\\s[+-]?\d+|\\[*n]\(..|\\[*n].|\\\(..")


def roff_to_text(src: str) -> str:
    out = []
    for line in src.split("\n"):
        if line.startswith((".\\\"", "'\\\"", '.\\"')):
            continue
        if line.startswith((".", "'")):
            parts = line[1:].strip().split(None, 1)
            if not parts:
                continue
            macro = parts[0]
            if macro in ("PP", "LP", "P", "sp", "br", "Pp"):
                out.append("")
                continue
            if macro in ROFF_TEXT_MACROS and len(parts) == 2:
                line = parts[1].replace('"', "")
            else:
                continue
        line = ROFF_ESC_RE.sub(lambda m: ROFF_ESCAPES[m.group(0)], line)
        line = ROFF_FONT_RE.sub("", line)
        out.append(line)
    return "\n".join(out)


# --- HTML --------------------------------------------------------------------------------------

class HtmlText(html.parser.HTMLParser):
    SKIP = {"script", "style", "nav", "head", "noscript", "svg", "button"}
    BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "table", "tr",
             "section", "blockquote", "dd", "dt", "br", "main", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(src: str) -> str:
    p = HtmlText()
    try:
        p.feed(src)
        p.close()
    except Exception:  # a broken page is skipped, not fatal
        return ""
    text = "".join(p.parts)
    # Collapse runs of blank lines and trailing spaces.
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


# --- Python docstrings -------------------------------------------------------------------------

def docstrings(src: str) -> str:
    try:
        tree = ast.parse(src)
    except (SyntaxError, ValueError):
        return ""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            d = ast.get_docstring(node)
            if d and len(d) > 80:
                out.append(d)
    return "\n\n".join(out)


# --- sources -----------------------------------------------------------------------------------

def read(path: str) -> str:
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            return f.read(64 * MB).decode("utf-8", errors="replace")
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""


def sources():
    """Yield (kind, text) documents, in a fixed order."""
    for p in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isfile(p):
            yield "licence", read(p)
    for p in sorted(glob.glob("/usr/share/doc/*/copyright")):
        yield "copyright", read(p)
    for sec in range(1, 9):
        for p in sorted(glob.glob(f"/usr/share/man/man{sec}/*.gz")):
            if not os.path.islink(p):
                yield "man", roff_to_text(read(p))
    html_roots = sorted(glob.glob(os.path.expanduser("~/.rustup/toolchains/*/share/doc/rust/html")))
    if html_roots:
        base = html_roots[0]
        for book in ("book", "reference", "nomicon", "rust-by-example", "edition-guide", "cargo",
                     "rustc", "rustdoc", "embedded-book", "style-guide", "unstable-book",
                     "error_codes"):
            for p in sorted(glob.glob(f"{base}/{book}/**/*.html", recursive=True)):
                if os.path.basename(p) not in ("print.html", "404.html", "toc.html"):
                    yield "rust-doc", html_to_text(read(p))
    paths = sysconfig.get_paths()
    for kind, top in (("python-doc", paths["stdlib"]), ("pypi-doc", paths["purelib"])):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in (
                "site-packages", "test", "tests", "idle_test", "__pycache__", "vendor", "_vendor"))
            for f in sorted(filenames):
                if f.endswith(".py"):
                    yield kind, docstrings(read(os.path.join(dirpath, f)))
    for p in sorted(glob.glob("/usr/lib/node_modules/**/*.md", recursive=True)):
        yield "npm-doc", read(p)
    for p in sorted(glob.glob("/usr/share/perl/*/pod/*.pod") + glob.glob("/usr/share/perl/*/**/*.pod",
                                                                             recursive=True)):
        yield "perl-pod", read(p)
    for p in sorted(glob.glob("/usr/share/doc/**/*.gz", recursive=True)):
        yield "changelog", read(p)


def build_corpus(path: str, target: int) -> dict:
    seen: set[bytes] = set()
    stats: dict[str, int] = {}
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for kind, text in sources():
            if written >= target:
                break
            text = clean(text)
            paras = []
            for para in re.split(r"\n[ \t]*\n", text):
                para = para.strip("\n")
                if len(para.strip()) < 20:
                    continue
                h = hashlib.blake2b(para.encode(), digest_size=12).digest()
                if h in seen:
                    continue
                seen.add(h)
                paras.append(para)
            if not paras:
                continue
            chunk = "\n\n".join(paras) + "\n\n"
            out.write(chunk)
            n = len(chunk.encode())
            written += n
            stats[kind] = stats.get(kind, 0) + n
    stats["total"] = written
    return stats


def first_bytes(path: str, n: int) -> str:
    with open(path, "rb") as f:
        data = f.read(n)
    # Cut at the last paragraph break so no character (or word) is split.
    cut = data.rfind(b"\n\n")
    return data[: cut + 1 if cut > 0 else len(data)].decode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench"))
    ap.add_argument("--mb", type=int, default=110, help="size of the large file in MiB (>= 100)")
    ap.add_argument("--small-files", type=int, default=10_000)
    ap.add_argument("--force", action="store_true", help="rebuild even if the outputs exist")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    corpus = os.path.join(args.out, "corpus-en.txt")
    stamp = os.path.join(args.out, "corpus.stamp")
    want = f"mb={args.mb} small={args.small_files} v=4"
    if not args.force and os.path.exists(stamp) and open(stamp).read() == want:
        print(f"bench-corpus: {args.out} is up to date", file=sys.stderr)
        return 0

    stats = build_corpus(corpus, args.mb * MB)
    print("bench-corpus: corpus-en.txt by source (bytes):", stats, file=sys.stderr)
    if stats["total"] < args.mb * MB:
        print(f"bench-corpus: only {stats['total'] / MB:.1f} MiB of distinct prose found "
              f"(wanted {args.mb}); the numbers are for a smaller file", file=sys.stderr)

    # Slices for slow peers and the engine bench.
    for mb in (1, 4):
        with open(os.path.join(args.out, f"slice-{mb}mb.txt"), "w", encoding="utf-8") as f:
            f.write(first_bytes(corpus, mb * MB))

    # (b) 10,000 small files of 2-10 KB, cut at paragraph boundaries, in 100 directories.
    rng = random.Random(7)
    small = os.path.join(args.out, "small")
    if os.path.isdir(small):
        for d, _, fs in os.walk(small, topdown=False):
            for f in fs:
                os.unlink(os.path.join(d, f))
            os.rmdir(d)
    paths = []
    with open(corpus, encoding="utf-8") as src:
        buf = ""
        for i in range(args.small_files):
            size = rng.randint(2048, 10240)
            while len(buf.encode()) < size + 4096:
                more = src.read(1 << 16)
                if not more:
                    src.seek(0)
                    more = src.read(1 << 16)
                buf += more
            enc = buf.encode()
            cut = enc.rfind(b"\n\n", 0, size)
            if cut < 1024:
                cut = enc.rfind(b" ", 0, size)
            piece, buf = enc[: cut + 1].decode("utf-8"), enc[cut + 1 :].decode("utf-8").lstrip("\n")
            d = os.path.join(small, f"{i // 100:02d}")
            os.makedirs(d, exist_ok=True)
            p = os.path.join(d, f"{i % 100:04d}.txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(piece)
            paths.append(p)
    with open(os.path.join(args.out, "small-list.txt"), "w") as f:
        f.write("\n".join(paths) + "\n")

    # (c) 50 MB without a newline, and 1,000,000 one-word lines.
    with open(corpus, encoding="utf-8") as src, \
            open(os.path.join(args.out, "nonl-50mb.txt"), "w", encoding="utf-8") as out:
        left = 50 * MB
        while left > 0:
            chunk = src.read(1 << 20)
            if not chunk:
                src.seek(0)
                continue
            chunk = chunk.replace("\n", " ")
            b = chunk.encode()[:left]
            chunk = b.decode("utf-8", errors="ignore")
            out.write(chunk)
            left -= len(chunk.encode())
    words = []
    with open(corpus, encoding="utf-8") as src:
        for line in src:
            words.extend(w for w in line.split() if w.isalpha())
            if len(words) >= 1_000_000:
                break
    with open(os.path.join(args.out, "words-1m.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(words[:1_000_000]) + "\n")

    # The literal words of the rule set: what a plain multi-pattern search would look for.
    lits: set[str] = set()
    data = os.path.join(ROOT, "rules", "en", "data")
    for tsv in sorted(glob.glob(os.path.join(data, "*.tsv"))):
        for line in open(tsv, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                lits.add(line.split("\t")[0].strip())
    for lst in ("proper-nouns.txt", "calendar.txt"):
        p = os.path.join(data, lst)
        if os.path.exists(p):
            for line in open(p, encoding="utf-8"):
                if line.strip() and not line.startswith("#"):
                    lits.add(line.strip().lower())  # casing flags the lowercase form
    with open(os.path.join(args.out, "words.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(w for w in lits if w)) + "\n")

    # A file with artifacts to fix: the seed article every 64 KiB of the first 16 MiB.
    seed = open(os.path.join(ROOT, "fixtures", "kursk-offensive.en.txt"), encoding="utf-8").read()
    body = first_bytes(corpus, 16 * MB)
    parts, at = [], 0
    while at < len(body):
        nxt = body.find("\n\n", at + 65536)
        nxt = len(body) if nxt < 0 else nxt + 2
        parts.append(body[at:nxt])
        parts.append(seed.rstrip("\n") + "\n\n")
        at = nxt
    with open(os.path.join(args.out, "seeded-16mb.txt"), "w", encoding="utf-8") as f:
        f.write("".join(parts))

    with open(stamp, "w") as f:
        f.write(want)
    print(f"bench-corpus: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
