#!/usr/bin/env python3
"""Checks that every citation of a project document in the tree names a real section.

Code comments, tests and docs cite the rule behind a line as `docs/design.md, "The pipeline"`
(docs/design.md says the headings are stable). This lists each citation of a docs/ or
config/ Markdown file whose quoted text is not one of that file's headings (or the start of
one), and each citation of a file that does not exist; exits 1 when there is any.
Usage: scripts/check-citations.py   (from anywhere; reads `git ls-files`)
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CITATION = re.compile(r'((?:docs|config)/[A-Za-z0-9_-]+\.md)[)\]]*,? "([^"]+)"')
SKIP = ("tests/fuzz/corpus/", "tests/fixtures/")


def headings(doc):
    """The heading texts of a Markdown file, without the leading #s."""
    return [re.sub(r"^#+\s*", "", line).strip().replace("`", "") for line in doc.read_text(encoding="utf-8").splitlines()
            if line.startswith("#")]


def main():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    known = {}
    bad = []
    count = 0
    for name in files:
        if name.startswith(SKIP):
            continue
        try:
            lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        for number, line in enumerate(lines, 1):
            for doc, section in CITATION.findall(line):
                count += 1
                if doc not in known:
                    path = ROOT / doc
                    known[doc] = headings(path) if path.is_file() else None
                if known[doc] is None:
                    bad.append(f"{name}:{number}: {doc} does not exist")
                elif not any(h == section or h.startswith(section) for h in known[doc]):
                    bad.append(f'{name}:{number}: {doc} has no section "{section}"')
    for line in bad:
        print(line, file=sys.stderr)
    print(f"check-citations.py: {count} citations, {len(bad)} of them to no section")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
