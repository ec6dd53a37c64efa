#!/usr/bin/env python3
"""Turns the AbeBooks author listings (book.txt, book_golden.txt) into corroborate triples.

    python3 benches/book_triples.py BOOK_DIR OUT_DIR

writes OUT_DIR/book-triples.csv (`source,question,value`: bookstore, ISBN, author list) and
OUT_DIR/book-gold.csv (`question,value`), with every author list normalised to the sorted set of
lower-cased last names joined by `;`. One claim per (store, book): a store's first usable listing of
a book counts, later listings of the same book by the same store are dropped. Listings without
authors ("Not Available", empty) are dropped.

Finding last names in free text (the stores write "Last, First", "First Last", lists separated by
`;`, `,`, `and` or `&`, and decorations such as "By (author)"):
- the text is lower-cased; decorations in parentheses and the words "by", "edited by" are removed;
- with `;`, each part is one name; without, `,`-separated parts that each hold two or more words
  are names written "First Last", otherwise the parts are read as "Last, First" pairs;
- " and " and " & " separate names too;
- a name written "Last, First" gives the text before the comma; "First Last" its last word, leaving
  out suffixes (jr, sr, ii, iii, phd);
- dots and other punctuation around a last name are removed.
"""

import csv
import re
import sys
from pathlib import Path

SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "dr", "prof"}
EMPTY = {"", "not available", "n/a", "na", "unknown", "various", "anonymous"}


def clean(word):
    return re.sub(r"[^\w'\-]", "", word, flags=re.UNICODE).strip("-'")


def last_of_first_last(name):
    words = [clean(w) for w in name.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def names(text):
    t = text.lower()
    t = re.sub(r"\([^)]*\)", " ", t)
    t = re.sub(r"\b(edited by|by|ed\.|eds\.|editor|editors)\b", " ", t)
    t = t.replace(" & ", ";").replace(" and ", ";")
    t = re.sub(r"\s+", " ", t).strip(" ;,")
    if t in EMPTY:
        return []
    lasts = []
    if ";" in t:
        parts = [p.strip(" ,") for p in t.split(";")]
        for p in parts:
            if not p:
                continue
            if "," in p:
                lasts.append(clean(p.split(",", 1)[0]))
            else:
                lasts.append(last_of_first_last(p))
    elif "," in t:
        parts = [p.strip() for p in t.split(",") if p.strip()]
        if len(parts) >= 2 and all(len(p.split()) >= 2 for p in parts):
            lasts = [last_of_first_last(p) for p in parts]
        else:
            # "Last, First" pairs: every other part is a last name.
            lasts = [clean(p) if len(p.split()) == 1 else last_of_first_last(p) for p in parts[0::2]]
    else:
        lasts = [last_of_first_last(t)]
    return sorted({x for x in lasts if x and x not in SUFFIXES})


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: book_triples.py BOOK_DIR OUT_DIR")
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    seen = set()
    rows = 0
    with open(src / "book.txt", encoding="utf-8", errors="replace", newline="") as f, open(
        out / "book-triples.csv", "w", encoding="utf-8", newline=""
    ) as o:
        w = csv.writer(o, lineterminator="\n")
        w.writerow(["source", "question", "value"])
        for line in f:
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 4:
                continue
            store, isbn, authors = fields[0].strip(), fields[1].strip(), fields[3]
            value = ";".join(names(authors))
            if not store or not isbn or not value or (store, isbn) in seen:
                continue
            seen.add((store, isbn))
            w.writerow([store, isbn, value])
            rows += 1
    gold = 0
    with open(src / "book_golden.txt", encoding="utf-8", errors="replace", newline="") as f, open(
        out / "book-gold.csv", "w", encoding="utf-8", newline=""
    ) as o:
        w = csv.writer(o, lineterminator="\n")
        w.writerow(["question", "value"])
        for line in f:
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 2:
                continue
            value = ";".join(names(fields[1]))
            if value:
                w.writerow([fields[0].strip(), value])
                gold += 1
    print(f"{rows} claims (one per store and book) -> {out / 'book-triples.csv'}")
    print(f"{gold} gold books -> {out / 'book-gold.csv'}")


if __name__ == "__main__":
    main()
