"""``vanthu web``: the secretariat's web page (Starlette + Jinja2, server-rendered HTML).

app.py builds the application; auth.py holds logins, sessions, CSRF and password hashing;
one views_*.py module per page; templates/ and static/ are bundled (no CDN, no framework).
Every page reads through the queries of models/, as the CLI does."""
