"""Checks corroborate's exports with the platforms' own libraries.

Usage: check_exports.py BUNDLE.json EVENT.json REVIEWS.json
Prints what it checked and exits 1 on the first failure.
"""
import json
import sys

import stix2
from pymisp import MISPEvent
from pytaxonomies import Taxonomies


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def check_stix(path):
    text = open(path, encoding="utf-8").read()
    bundle = stix2.parse(text, allow_custom=False)
    kinds = {}
    for o in bundle.objects:
        kinds[o.type] = kinds.get(o.type, 0) + 1
    print(f"stix2.parse(allow_custom=False): {len(bundle.objects)} objects {dict(sorted(kinds.items()))}")
    raw = json.loads(text)
    for o in raw["objects"]:
        custom = [k for k in o if k.startswith("x_")]
        if custom:
            fail(f"{o['id']} has undeclared custom properties {custom}")
        for ext in o.get("extensions", {}):
            if not ext.startswith("extension-definition--"):
                fail(f"{o['id']} uses extension {ext}")
    print("no top-level custom property; every extension is an extension-definition")


def check_misp(path):
    event = MISPEvent()
    event.load_file(path)
    taxonomies = Taxonomies()
    known = set()
    for ns in ("admiralty-scale", "estimative-language", "tlp"):
        known.update(taxonomies[ns].machinetags())
    tags = [t.name for t in event.tags]
    opinions = notes = 0
    for a in event.attributes:
        tags.extend(t.name for t in a.tags)
        opinions += len(a.opinions)
        notes += len(a.notes)
        for o in a.opinions:
            if not 0 <= int(o.opinion) <= 100:
                fail(f"opinion {o.opinion} of {a.uuid}")
    checked = 0
    for t in tags:
        ns = t.split(":", 1)[0]
        if ns in ("admiralty-scale", "estimative-language", "tlp"):
            if t not in known:
                fail(f"tag {t} is not a machinetag of the MISP taxonomy {ns}")
            checked += 1
        elif ns != "corroborate":
            fail(f"tag {t} of an unexpected namespace")
    objects = {}
    for o in event.objects:
        objects[o.name] = objects.get(o.name, 0) + 1
        if o.name == "annotation" and not o._known_template:
            fail("annotation object does not match the MISP template")
    print(
        f"PyMISP loaded the event: {len(event.attributes)} attributes, {dict(objects)} objects, "
        f"{opinions} opinions and {notes} analyst notes; {checked} taxonomy tags, all valid machinetags"
    )


def check_claimreview(path):
    """Google's fact-check structured data requirements (Search Central, "Fact check (ClaimReview)
    structured data"): claimReviewed, reviewRating with alternateName (or a numeric rating within
    worst..best and a name), url, author; a claimReviewed under 75 characters; appearance URLs."""
    text = open(path, encoding="utf-8").read()
    for ch in "<>&":
        if ch in text:
            fail(f"raw {ch!r} in the JSON text: it could close a <script> block")
    reviews = json.loads(text)
    if not reviews:
        fail("no review")
    for r in reviews:
        rid = r.get("identifier")
        for key in ("claimReviewed", "reviewRating", "url", "author", "datePublished"):
            if key not in r:
                fail(f"{rid}: no {key}")
        if r["@type"] != "ClaimReview" or r["@context"] != "https://schema.org":
            fail(f"{rid}: not a schema.org ClaimReview")
        if len(r["claimReviewed"]) >= 75:
            fail(f"{rid}: claimReviewed has {len(r['claimReviewed'])} characters")
        rating = r["reviewRating"]
        if not rating.get("alternateName") or not rating.get("name"):
            fail(f"{rid}: reviewRating without name or alternateName")
        if not rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]:
            fail(f"{rid}: ratingValue outside worstRating..bestRating")
        if not r["url"].startswith(("https://", "http://")):
            fail(f"{rid}: url {r['url']}")
        for a in r.get("itemReviewed", {}).get("appearance", []):
            if not a.get("url", "").startswith(("https://", "http://")):
                fail(f"{rid}: appearance without a URL")
    print(f"ClaimReview: {len(reviews)} reviews meet Google's requirements; no raw <, > or &")


check_stix(sys.argv[1])
check_misp(sys.argv[2])
check_claimreview(sys.argv[3])
