#!/usr/bin/env python3
"""Real-browser checks of the public pages, run by .ci/run against a running server.

For each page: headless Chromium loads it with JavaScript disabled where the page must work
without it, axe-core checks it against WCAG 2.0/2.1/2.2 A and AA, and any violation fails.
It also fills in the "near me" form with the keyboard and checks the results, and checks the
layout does not scroll sideways on a phone-sized window.

Usage: check_pages.py BASE_URL
"""
import json
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

PAGES = [
    "/",
    "/near?q=NR25+6BW",
    "/near?q=Priory",
    "/near?q=ZZ99+9ZZ",
    "/centres",
    "/centres?status=base",
    "/centres/cc-holt-children-s-centre",
    "/centres/cc-unidentified-centre-1-of-4-district-not-known",
    "/venues",
    "/venues/lib-holt-library",
    "/watch?type=centre&id=cc-holt-children-s-centre",
    "/districts",
    "/districts/E07000147",
    "/areas",
    "/areas/E01026419",
    "/map",
    "/map?shade=deprivation",
    "/data",
    "/proposals",
    "/proposals/decision-2019-01",
    "/proposals/compare?a=proposal-2018-09&b=decision-2019-01",
    "/proposals/postcode?q=NR25+6BW",
    "/optimiser",
    "/optimiser?problem=mclp&sites=15&within=30&candidates=centres&candidates=libraries&min_per_district=2"
    "&keep=City+and+Eaton+Children%27s+Centre",
    "/optimiser?sites=abc&keep=Nowhere",
    "/optimiser/frontier?up_to=20&candidates=centres,libraries",
    "/sign-in",
    "/password-reset",
    "/consultations",
    "/no-such-page",
]
# axe-core as shipped by axe-selenium-python 2.1.6 (the newest for Python 3.11) knows WCAG 2.0
# and 2.1 A/AA; the few criteria new in 2.2 (focus not obscured, target size) are checked by eye.
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]


def driver(width, height, javascript=True):
    options = webdriver.ChromeOptions()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"]:
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    browser.set_script_timeout(120)
    # The site's CSP forbids every script; axe is a test tool, so it is let in through DevTools.
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    return browser


def run_axe(browser):
    """axe.run on the whole document; a rejected promise is reported, not left to time out."""
    script = (
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: %s}})"
        ".then(function (r) { done(r); }, function (e) { done({error: String(e)}); });" % json.dumps(TAGS)
    )
    result = browser.execute_async_script(script)
    if "error" in result:
        raise RuntimeError("axe failed: " + result["error"])
    return result


def sign_in(browser, base, email, next_path="/staff"):
    """Signs a staff account in from the sign-in page (the browser check's accounts share a password)."""
    browser.get(base + "/sign-in?next=" + next_path)
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys("correct horse battery staple")
    browser.find_element(By.CSS_SELECTOR, "form[action^='/sign-in'] button").click()


def check_axe(browser, base, path, failures):
    """Opens `path` and runs axe on it, adding each violation to `failures`. Reported without
    the query string, which may hold a private edit key."""
    label = path.split("?")[0]
    browser.get(base + path)
    Axe(browser).inject()
    result = run_axe(browser)
    for v in result["violations"]:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
        failures.append(f"{label}: {v['id']} ({v['impact']}): {v['help']} at {targets}")
    print(f"axe {label}: {len(result['violations'])} violations, {len(result['passes'])} rules passed")


def main(base):
    failures = []
    browser = driver(1200, 900)
    try:
        for path in PAGES:
            check_axe(browser, base, path, failures)
    finally:
        browser.quit()

    # The search works from the keyboard with JavaScript off: focus the box, type, press Enter.
    plain = driver(1200, 900, javascript=False)
    try:
        plain.get(base + "/")
        box = plain.find_element(By.ID, "q")
        box.send_keys("NR25 6BW", Keys.ENTER)
        # Read the results page, not the home page that may still be there while it loads.
        WebDriverWait(plain, 60).until(lambda d: "/near" in d.current_url)
        text = plain.find_element(By.TAG_NAME, "main").text
        for expected in ["Nearest children's centres", "Holt Children's Centre", "Holt Library", "Straight-line"]:
            if expected not in text:
                failures.append(f"near-me form without JavaScript: '{expected}' not shown")
        print("near-me form without JavaScript: submitted and read the results")
    finally:
        plain.quit()

    # A proposal is made and edited with JavaScript off, and the form pages pass axe (with it on).
    plain = driver(1200, 900, javascript=False)
    checker = driver(1200, 900)
    try:
        plain.get(base + "/proposals/new?startFrom=decision-2019-01&newVersion=1")
        plain.find_element(By.ID, "title").send_keys("Browser check: keep Acle")
        plain.find_element(By.ID, "author").send_keys("Centres CI")
        plain.find_element(By.ID, "changeNote").send_keys("Acle stays open as a base")
        plain.find_element(By.CSS_SELECTOR, "form[action='/proposals/new'] button").click()
        WebDriverWait(plain, 60).until(lambda d: "/edit" in d.current_url)
        edit_url = plain.current_url
        if "/edit?key=" not in edit_url or "Keep this private link" not in plain.page_source:
            failures.append("making a proposal without JavaScript did not reach its edit page")
        else:
            plain.find_element(By.CSS_SELECTOR, "#decisions-0-decision option[value='base']").click()
            plain.find_element(By.ID, "decisions-0-reason").send_keys("Kept by the browser check")
            plain.find_element(By.CSS_SELECTOR, "form[action$='/edit'] button[type=submit]").click()
            WebDriverWait(plain, 60).until(lambda d: "/edit" not in d.current_url)
            text = plain.find_element(By.TAG_NAME, "main").text
            if "Browser check: keep Acle" not in text or "Open bases\n11" not in text.replace("\t", "\n"):
                failures.append("editing a proposal without JavaScript did not save the new base")
            for path in ["/proposals/new", edit_url.replace(base, "")]:
                check_axe(checker, base, path, failures)
        print("proposal form without JavaScript: made, edited and saved")
    finally:
        plain.quit()
        checker.quit()

    # The optimiser answers with JavaScript off, and its answer becomes a draft proposal.
    plain = driver(1200, 900, javascript=False)
    try:
        plain.get(base + "/optimiser")
        plain.find_element(By.CSS_SELECTOR, "#problem option[value='pmedian']").click()
        sites = plain.find_element(By.ID, "sites")
        sites.clear()
        sites.send_keys("7")
        plain.find_element(By.ID, "candidates-libraries").click()
        plain.find_element(By.CSS_SELECTOR, "form[action='/optimiser'] button").click()
        WebDriverWait(plain, 60).until(lambda d: "problem=pmedian" in d.current_url)
        text = plain.find_element(By.TAG_NAME, "main").text
        if "Shortest average time (p-median): 7 sites" not in text or "proven optimal" not in text:
            failures.append("the optimiser form without JavaScript did not show a proven answer")
        plain.find_element(By.CSS_SELECTOR, "form[action='/optimiser/draft'] button").click()
        WebDriverWait(plain, 60).until(lambda d: "/edit" in d.current_url)
        if "/edit?key=" not in plain.current_url or "Keep this private link" not in plain.page_source:
            failures.append("an optimiser answer did not become a draft proposal without JavaScript")
        print("optimiser form without JavaScript: answered and drafted")
    finally:
        plain.quit()

    # Staff sign in and out with JavaScript off; the staff page passes axe too.
    plain = driver(1200, 900, javascript=False)
    try:
        plain.get(base + "/staff")
        if "/sign-in?next=/staff" not in plain.current_url:
            failures.append("/staff did not send a visitor to the sign-in page")
        plain.find_element(By.ID, "email").send_keys("browser@example.org")
        plain.find_element(By.ID, "password").send_keys("correct horse battery staple")
        plain.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button").click()
        # The address changes before the new page is read in: wait for its text, not its URL.
        try:
            WebDriverWait(plain, 60).until(lambda d: "Signed in as Browser Check" in d.page_source)
            if "Planner" not in plain.page_source:
                failures.append("the staff page did not show the account's role")
        except TimeoutException:
            failures.append("signing in did not show the staff page")
        plain.find_element(By.CSS_SELECTOR, "form[action='/sign-out'] button").click()
        WebDriverWait(plain, 60).until(lambda d: "Signed in as" not in d.page_source)
        plain.get(base + "/staff")
        if "/sign-in" not in plain.current_url:
            failures.append("after signing out, /staff was still open")
        print("staff sign-in and sign-out without JavaScript: checked")
    finally:
        plain.quit()
    staff = driver(1200, 900)
    try:
        sign_in(staff, base, "admin@example.org")
        WebDriverWait(staff, 60).until(lambda d: "Signed in as Admin Check" in d.page_source)
        for path in ["/staff", "/staff/outbox", "/staff/accounts", "/staff/accounts/new", "/staff/audit",
                     "/staff/password"]:
            check_axe(staff, base, path, failures)
    finally:
        staff.quit()

    # A network editor closes a centre for a while with JavaScript off; the public page says so,
    # and a parent asks to be told of changes, also without JavaScript.
    plain = driver(1200, 900, javascript=False)
    centre = "/centres/cc-holt-children-s-centre"
    try:
        sign_in(plain, base, "editor@example.org", "/staff/directory/centre/cc-holt-children-s-centre")
        WebDriverWait(plain, 60).until(lambda d: "Temporarily closed" in d.page_source and "History" in d.page_source)
        plain.find_element(By.ID, "temporarily_closed").click()
        plain.find_element(By.ID, "closure_note").send_keys("Roof repairs until 5 January")
        plain.find_element(By.CSS_SELECTOR, "form[action='/staff/directory/centre/cc-holt-children-s-centre'] button").click()
        WebDriverWait(plain, 60).until(lambda d: "temporarily_closed: (empty)" in d.page_source)
        plain.get(base + centre)
        if "Roof repairs until 5 January" not in plain.page_source:
            failures.append(f"{centre} does not show the closure the editor saved")
        plain.get(base + "/watch?type=centre&id=cc-holt-children-s-centre")
        plain.find_element(By.ID, "email").send_keys("parent@example.org")
        plain.find_element(By.CSS_SELECTOR, "form[action='/watch'] button").click()
        try:
            WebDriverWait(plain, 60).until(lambda d: "Check your email" in d.page_source)
        except TimeoutException:
            failures.append("asking to watch a centre did not reach the check-your-email page")
        print("directory edit and watch request without JavaScript: checked")
    finally:
        plain.quit()
    editor = driver(1200, 900)
    try:
        sign_in(editor, base, "editor@example.org")
        WebDriverWait(editor, 60).until(lambda d: "Signed in as Editor Check" in d.page_source)
        for path in ["/staff/directory", "/staff/directory/centre/cc-holt-children-s-centre", "/staff/directory/session/new",
                     "/staff/directory/venue/lib-holt-library"]:
            check_axe(editor, base, path, failures)
    finally:
        editor.quit()

    # A petition is drafted, sent, approved and signed, all with JavaScript off; its pages pass axe.
    plain = driver(1200, 900, javascript=False)
    petition_path = None
    try:
        sign_in(plain, base, "organiser@example.org", "/staff/petitions/new")
        WebDriverWait(plain, 60).until(lambda d: "New petition" in d.page_source)
        plain.find_element(By.ID, "title").send_keys("Keep Holt Children's Centre open")
        plain.find_element(By.ID, "action").send_keys("Keep the centre in Holt open as a base.")
        plain.find_element(By.ID, "background").send_keys("Families in Holt would travel 25 minutes to the next base.")
        plain.find_element(By.CSS_SELECTOR, "form[action='/staff/petitions/new'] button").click()
        WebDriverWait(plain, 60).until(lambda d: "Send to the moderators" in d.page_source)
        petition_id = plain.current_url.rstrip("/").split("/")[-1]
        plain.find_element(By.XPATH, "//button[text()='Send to the moderators']").click()
        WebDriverWait(plain, 60).until(lambda d: "Waiting for a moderator" in d.page_source)
        plain.delete_all_cookies()  # the next person, on the same machine
        sign_in(plain, base, "moderator@example.org", "/staff/moderation/petitions/" + petition_id)
        WebDriverWait(plain, 60).until(lambda d: "Approve: open it for signatures" in d.page_source)
        plain.find_element(By.XPATH, "//button[text()='Approve: open it for signatures']").click()
        WebDriverWait(plain, 60).until(lambda d: "Nothing is waiting" in d.page_source)
        plain.delete_all_cookies()
        petition_path = "/petitions/" + petition_id
        plain.get(base + petition_path)
        plain.find_element(By.ID, "name").send_keys("Jo Bloggs")
        plain.find_element(By.ID, "email").send_keys("jo@example.org")
        plain.find_element(By.ID, "postcode").send_keys("NR25 6BW")
        plain.find_element(By.ID, "reason-live").click()
        plain.find_element(By.ID, "privacy").click()
        plain.find_element(By.CSS_SELECTOR, "form[action$='/sign'] button").click()
        try:
            WebDriverWait(plain, 60).until(lambda d: "Check your email" in d.page_source)
        except TimeoutException:
            failures.append("signing a petition without JavaScript did not reach the check-your-email page")
        print("petition drafted, moderated and signed without JavaScript: checked")
    finally:
        plain.quit()
    checker = driver(1200, 900)
    try:
        paths = ["/petitions"] + ([petition_path] if petition_path else [])
        for path in paths:
            check_axe(checker, base, path, failures)
        for email, paths in [("organiser@example.org", ["/staff/petitions", "/staff/petitions/new"]),
                             ("moderator@example.org", ["/staff/moderation", "/staff/moderation/abuse"])]:
            checker.delete_all_cookies()
            sign_in(checker, base, email, paths[0])
            WebDriverWait(checker, 60).until(lambda d: "/sign-in" not in d.current_url)
            for path in paths:
                check_axe(checker, base, path, failures)
    finally:
        checker.quit()


    # A consultation: written and launched by its manager; a parent reads the proposal's impact,
    # looks up their postcode and responds with JavaScript off; the paper form and the report
    # pass axe, and the report prints to a PDF that reads back (HTML to PDF, as a browser does).
    consultation_path = None
    manager = driver(1200, 900)
    try:
        sign_in(manager, base, "consultation@example.org", "/staff/consultations/new")
        WebDriverWait(manager, 60).until(lambda d: "New consultation" in d.page_source)
        manager.find_element(By.ID, "title").send_keys("Browser check: children's centres")
        manager.find_element(By.ID, "purpose").send_keys("Norfolk proposes seven bases and outreach.")
        manager.find_element(By.ID, "who_is_consulted").send_keys("Families with children under five")
        manager.find_element(By.ID, "other_channels").send_keys("Freepost CENTRES, or 0344 800 8020")
        today = manager.execute_script("return new Date().toISOString().slice(0, 10)")
        manager.execute_script("document.getElementById('opens_on').value = arguments[0]", today)
        manager.find_element(By.CSS_SELECTOR, "#proposal_id option[value='proposal-2018-09']").click()
        manager.find_element(By.CSS_SELECTOR, "form[action='/staff/consultations/new'] button").click()
        WebDriverWait(manager, 60).until(lambda d: "Add a question" in d.page_source)
        consultation_staff = manager.current_url.replace(base, "")
        questions = [
            ("respondent-type", "Who are you responding as?", "", True, ""),
            ("single-choice", "Do you use a children's centre?", "Yes\nNo", True, ""),
            ("long-text", "What would the change mean for you?", "", False, "q2=yes"),
            ("ranking", "Rank what matters most", "Distance\nOpening hours", False, ""),
            ("matrix", "How far do you agree?", "Outreach works", False, ""),
        ]
        for kind, text, options, required, show_if in questions:
            manager.get(base + consultation_staff + "/questions/new")
            manager.find_element(By.ID, "text").send_keys(text)
            manager.find_element(By.CSS_SELECTOR, f"#kind option[value='{kind}']").click()
            if options:
                manager.find_element(By.ID, "options").send_keys(options)
            if required:
                manager.find_element(By.ID, "required").click()
            if show_if:
                manager.find_element(By.CSS_SELECTOR, f"#showIf option[value='{show_if}']").click()
            manager.find_element(By.CSS_SELECTOR, "form[action$='/questions/new'] button").click()
            WebDriverWait(manager, 60).until(lambda d: "/questions/" not in d.current_url)
        manager.find_element(By.XPATH, "//button[text()='Launch']").click()
        WebDriverWait(manager, 60).until(lambda d: "Stage: <strong>Open</strong>" in d.page_source)
        consultation_path = consultation_staff.replace("/staff", "")
        for path in ["/staff/consultations", consultation_staff, consultation_staff + "/questions/new",
                     consultation_staff + "/questions/q1", consultation_staff + "/responses/new"]:
            check_axe(manager, base, path, failures)
    except TimeoutException:
        failures.append("a consultation manager could not write and launch a consultation")
    finally:
        manager.quit()
    if consultation_path:
        plain = driver(1200, 900, javascript=False)
        try:
            plain.get(base + consultation_path)
            if "What the proposal would change" not in plain.page_source:
                failures.append(f"{consultation_path}: the proposal's measured impact is not beside the questions")
            plain.find_element(By.ID, "postcode-q").send_keys("NR25 6BW", Keys.ENTER)
            WebDriverWait(plain, 60).until(lambda d: "Nearest open base today and under the proposal" in d.page_source)
            plain.find_element(By.ID, "q-q1-parent-carer").click()
            plain.find_element(By.ID, "q-q2-yes").click()
            plain.find_element(By.ID, "q-q3-input").send_keys("A 40-minute bus ride with two children.")
            plain.find_element(By.ID, "q-q4-rank-distance").send_keys("1")
            plain.find_element(By.ID, "q-q4-rank-opening-hours").send_keys("2")
            plain.find_element(By.ID, "q-q5-row-outreach-works-disagree").click()
            plain.find_element(By.ID, "quote_consent").click()
            plain.find_element(By.XPATH, "//button[text()='Send my response']").click()
            try:
                WebDriverWait(plain, 60).until(lambda d: "Your response number is" in d.page_source)
                if "A 40-minute bus ride with two children." not in plain.page_source:
                    failures.append("the thank-you page does not show a copy of the answers")
            except TimeoutException:
                failures.append("responding to a consultation without JavaScript did not reach the thank-you page")
            print("consultation written, launched and answered without JavaScript (postcode panel too): checked")
        finally:
            plain.quit()
        checker = driver(1200, 900)
        try:
            for path in ["/consultations", consultation_path, consultation_path + "?postcode=NR25+6BW",
                         consultation_path + "/paper-form"]:
                check_axe(checker, base, path, failures)
            sign_in(checker, base, "consultation@example.org", "/staff" + consultation_path + "/results")
            WebDriverWait(checker, 60).until(lambda d: "/sign-in" not in d.current_url)
            staff_base = "/staff" + consultation_path
            for path in [staff_base + "/results", staff_base + "/results?by=decile", staff_base + "/responses",
                         staff_base + "/responses/1", staff_base + "/coding", staff_base + "/coding/q3",
                         staff_base + "/report"]:
                check_axe(checker, base, path, failures)
            checker.get(base + staff_base + "/report")
            pdf = checker.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
            import base64, subprocess, tempfile
            with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
                f.write(base64.b64decode(pdf["data"]))
                f.flush()
                text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout
                pages = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
            for expected in ["consultation report", "Do you use a children", "Responses per 1,000 children under five"]:
                if expected not in text:
                    failures.append(f"the report printed to PDF does not read '{expected}'")
            print("consultation report printed to PDF and read back: " + [l for l in pages.splitlines() if l.startswith("Pages")][0])
        finally:
            checker.quit()

    # Nothing scrolls sideways on a phone (tables scroll inside themselves).
    phone = driver(390, 844)
    try:
        for path in ["/", "/centres/cc-holt-children-s-centre", "/near?q=NR25+6BW", "/map", "/data", "/proposals/decision-2019-01",
                     "/optimiser?sites=7", "/optimiser/frontier?up_to=10", "/consultations"]:
            phone.get(base + path)
            wide = phone.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
            if wide:
                failures.append(f"{path}: the page scrolls sideways on a 390-pixel-wide phone")
        print("phone width: checked")
    finally:
        phone.quit()

    for f in failures:
        print("FAIL", f)
    print(f"browser checks of {len(PAGES)} pages: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
