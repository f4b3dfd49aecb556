"""A small HTTP client for a running Centres server, used by the petition load benchmark and the
durability check: it goes through the same pages and forms a person uses (sign-in, CSRF tokens,
drafting, moderation), so those scripts need no back door into the database. Standard library only.
"""

import html.parser
import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "correct horse battery staple"


class _Forms(html.parser.HTMLParser):
    """Every form on a page: its action and the default value of each field."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"][a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            # The selected option, else the first: what a browser sends untouched.
            if "selected" in a or self._select not in self._form["fields"]:
                self._form["fields"][self._select] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self._form["buttons"].append((a["name"], a.get("value", "")))

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


class Browser:
    """A cookie-keeping client that fills in forms found on pages."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as r:
            return r.geturl(), r.read().decode()

    def submit(self, page_path, action_prefix, values, button=None):
        """Fills the form whose action starts with `action_prefix` on `page_path` and posts it.
        Returns (final URL, body)."""
        _, body = self.get(page_path)
        parser = _Forms()
        parser.feed(body)
        form = next((f for f in parser.forms if f["action"].startswith(action_prefix)), None)
        if form is None:
            raise RuntimeError(f"no form posting to {action_prefix} on {page_path}")
        fields = dict(form["fields"])
        fields.update(values)
        if button:
            fields[button[0]] = button[1]
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + form["action"], data=data, timeout=60) as r:
                return r.geturl(), r.read().decode()
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{form['action']} answered {e.code}: {e.read().decode()[:500]}") from None

    def sign_in(self, email):
        self.submit("/sign-in", "/sign-in", {"email": email, "password": PASSWORD})

    def csrf(self):
        """This client's CSRF cookie value (set by any page with a form)."""
        return next(c.value for c in self.cookies if c.name == "centres-csrf")


def open_petition(base, title="Keep the children's centres open"):
    """Drafts a petition as organiser@example.org, sends it to the moderators, approves it as
    moderator@example.org, and returns its id."""
    organiser = Browser(base)
    organiser.sign_in("organiser@example.org")
    url, _ = organiser.submit(
        "/staff/petitions/new", "/staff/petitions/new",
        {"title": title, "action": "Keep every children's centre open as a base.",
         "background": "Families would travel much further to the next base."})
    petition_id = url.rstrip("/").split("/")[-1]
    organiser.submit(f"/staff/petitions/{petition_id}", f"/staff/petitions/{petition_id}/state", {"action": "submit"})
    moderator = Browser(base)
    moderator.sign_in("moderator@example.org")
    moderator.submit(f"/staff/moderation/petitions/{petition_id}", f"/staff/moderation/petitions/{petition_id}",
                     {"decision": "approve"})
    return petition_id
