"""The demo workspace's data: clients, projects, the board, its cards, the time notes and the
12-week plan that ``fcc.store.demo`` seeds (kept apart from the code that writes it)."""

from __future__ import annotations

import datetime as dt

SEED = 2026
ACTOR = "demo"
ZONE = "Europe/Berlin"
UTC = dt.UTC
DAY, HOUR, MINUTE = dt.timedelta(days=1), dt.timedelta(hours=1), dt.timedelta(minutes=1)

# key, name, email, currency, hourly rate, rounding (minutes, mode, scope) or None to inherit
CLIENTS = (
    ("nordlicht", "Nordlicht Studio GmbH", "projekte@nordlicht-studio.de", "EUR", "95.00",
     (15, "up", "entry")),
    ("brightwave", "Brightwave Labs Inc.", "ops@brightwavelabs.com", "USD", "120.00", None),
    ("hollis", "Hollis & Finch Ltd", "accounts@hollisfinch.co.uk", "GBP", "85.00", None),
)
# key, client key (None: internal), name, own hourly rate, budget hours, weight in the time log
PROJECTS = (
    ("shop", "nordlicht", "Shop relaunch", None, "160.00", 5),
    ("care", "nordlicht", "Website care retainer", "80.00", None, 2),
    ("dash", "brightwave", "Analytics dashboard", "135.00", None, 4),
    ("book", "hollis", "Booking API v2", None, None, 3),
    ("admin", None, "Admin & bookkeeping", None, None, 2),
)
# name, WIP limit, is_done; ITEMS name them by the letters in COLUMN_KEYS.
COLUMNS = (("Backlog", None, False), ("Todo", 5, False), ("In progress", 2, False),
           ("Review", 3, False), ("Done", None, True))
COLUMN_KEYS = "BTIRD"  # Backlog, Todo, In progress, Review, Done
LANES = ("Expedite", "Standard", "Internal")
# key, project, type, parent key ("-": none), column letter, title. Parents come before their
# children. Todo (4 of 5) and Review (2 of 3) respect their WIP limits; In progress holds 3
# with a limit of 2: the demo shows a column over its limit.
ITEMS = tuple(
    (key, project, kind, None if parent == "-" else parent, column, title)
    for key, project, kind, parent, column, title in (
        line.split(maxsplit=5) for line in """
checkout      shop   epic   -           B  Checkout redesign
catalogue     shop   epic   -           D  Product catalogue migration
realtime      dash   epic   -           B  Realtime metrics
partnerapi    book   epic   -           B  Partner booking API v2
guest         shop   story  checkout    I  Guest checkout flow
address       shop   story  checkout    T  Address autocomplete
stripe        shop   story  checkout    R  Switch payment provider to Stripe
orderemail    shop   story  checkout    B  Order confirmation emails
csvimport     shop   story  catalogue   D  Import legacy product CSV
images        shop   story  catalogue   D  Product image pipeline
stream        dash   story  realtime    D  WebSocket event stream
visitors      dash   story  realtime    I  Live visitors widget
alerts        dash   story  realtime    B  Alert thresholds UI
oauth         book   story  partnerapi  D  OAuth2 client credentials
availability  book   story  partnerapi  R  Availability search endpoint
webhooks      book   story  partnerapi  T  Booking webhooks
openapi       book   story  partnerapi  B  OpenAPI documentation
staging       shop   task   -           D  Set up staging on Hetzner
centbug       shop   bug    -           D  Cart total off by one cent with discounts
safari        shop   bug    -           T  Safari: checkout button hidden behind cookie banner
safaridup     shop   bug    -           B  Checkout button not visible on iPhone
lighthouse    shop   task   -           B  Lighthouse performance pass
plausible     shop   task   -           B  Migrate analytics to Plausible
plugins       care   task   -           D  Update WordPress plugins
spam          care   bug    -           D  Contact form spam
tlsmon        care   task   -           B  TLS certificate expiry monitoring
restore       care   task   -           D  Monthly backup restore test
newsletter    care   bug    -           T  Newsletter signup returns 500 on mobile
querytune     dash   task   -           D  Tune queries for the 90-day range
tzchart       dash   bug    -           I  Daily chart shifted by one hour after DST
csvexport     dash   task   -           B  CSV export for reports
opsdocs       dash   task   -           D  Onboarding docs for the ops team
ratelimit     book   task   -           D  Rate limiting middleware
doublebook    book   bug    -           D  Double booking on concurrent requests
loadtest      book   task   -           B  Load test with k6
indexreview   book   task   -           D  Postgres index review
invoices      admin  task   -           D  Send the monthly invoices
vat           admin  task   -           T  Quarterly VAT return
portfolio     admin  task   -           B  Update portfolio site
insurance     admin  task   -           D  Renew professional liability insurance
blogpost      admin  task   -           B  Blog post: lessons from the Stripe migration
passwords     admin  task   -           B  Clean up the password manager
""".strip().splitlines()))
DELETED = {"plausible", "safaridup"}
ARCHIVED = {"spam", "indexreview"}
HIDDEN = DELETED | ARCHIVED
OVERDUE = {"vat": 3, "newsletter": 1}  # days past due
ITEM_RATES = {"doublebook": "150.00"}  # a rush fix billed above the client rate
DEPENDENCIES = (("oauth", "webhooks"), ("oauth", "availability"), ("stripe", "orderemail"),
                ("staging", "lighthouse"), ("stream", "visitors"), ("ratelimit", "loadtest"),
                ("availability", "openapi"))
COMMENTS = (
    ("stripe", "me", "Webhooks verified against Stripe's test clock; ready for review."),
    ("stripe", "Lena (Nordlicht)", "Can we keep PayPal as a fallback for the first month?"),
    ("guest", "me", "Guest orders create a shadow account; need the GDPR wording from Lena."),
    ("tzchart", "me", "Reproduced: the API buckets by UTC day, the chart by browser day."),
    ("tzchart", "Marcus (Brightwave)", "Customers in Sydney see it too, so it is not only DST."),
    ("availability", "me", "p95 is down to 180 ms with the new composite index."),
    ("doublebook", "me",
     "Fixed with SELECT ... FOR UPDATE on the slot row, plus a regression test."),
    ("webhooks", "Priya (Hollis & Finch)", "Partners need retries with backoff, at most 24 h."),
    ("vat", "me", "Waiting for the last Brightwave payment to clear."),
    ("newsletter", "me", "Only on iOS Safari 17: autofill focuses the honeypot field."),
)
ITEM_NOTES = ("{}", "{}: implementation", "{}: review feedback", "{}: pairing with the client",
              "{}: tests and cleanup")
OTHER_NOTES = (("Weekly sync call", ["meeting", "call"]), ("Email and Slack triage", ["admin"]),
               ("Sprint planning", ["meeting"]), ("Estimating change requests", ["meeting"]))
ADMIN_NOTES = (("Bookkeeping", ["admin"]), ("Invoicing", ["admin", "finance"]),
               ("Learning: PostgreSQL 17 release notes", ["learning"]))
DURATIONS = tuple(range(15, 181, 15))  # minutes
WORK_START, WORK_END = 8 * 60, 18 * 60 + 30  # minutes after local midnight
# kind, title, why, lag measure, lag target, lag actual, lead measure, lead target, tactics:
# (title, first week, last week, plan item templates formatted with w, km and client).
GOALS = (
    ("business", "Reach EUR 12k monthly recurring revenue",
     "Retainers smooth out cash flow and leave room for deep work.",
     "Monthly recurring revenue (EUR)", "12000", "9450", "Outreach conversations per week", "5",
     (("Pitch a care retainer to every active client", 1, 6,
       ("Pitch care retainer to {client}", "Update retainer pricing sheet (week {w})")),
      ("Publish a case study every two weeks", 1, 12,
       ("Draft case study #{w}", "Collect a client quote for case study #{w}")),
      ("Follow up on open proposals every Friday", 2, 12,
       ("Friday proposal follow-ups (week {w})", "Five outreach conversations (week {w})")))),
    ("personal", "Run a half marathon in under two hours",
     "Energy for long client days, and a goal away from the screen.",
     "Half marathon time (minutes)", "119", None, "Training runs per week", "3",
     (("Three runs a week, one of them long", 1, 12,
       ("Long run {km} km", "Intervals 6 x 800 m (week {w})", "Easy run 6 km (week {w})")),
      ("Lights out by 23:00 on weeknights", 1, 12,
       ("Lights out by 23:00 on four nights (week {w})",)))),
)
# Weeks 1-5 of the cycle: items planned and done (weeks 1-4 reviewed; week 5 is this week).
QUOTAS = (12, 9, 7, 8, 10)
DONE = (11, 7, 6, 7, 4)
REVIEWS = ("Strong start; retainer pitch landed well.", "Client fire drill ate Thursday.",
           "Back on track, skipped one long run.", "Good week, case study draft slipped.")

# --- what boards show beyond 0001's columns (demo_boards.py seeds it, with its own generator,
# so the time log and plan above stay as they were). No second board: its cards would join
# the timer picker's list, whose screenshots stay as they are. ------------------------------
CARD_TAGS = {
    "checkout": "black-friday", "guest": "frontend gdpr", "address": "frontend",
    "stripe": "payments backend", "orderemail": "email", "visitors": "frontend realtime",
    "alerts": "frontend", "availability": "backend performance", "webhooks": "backend",
    "openapi": "docs", "safari": "frontend mobile", "lighthouse": "performance",
    "newsletter": "mobile", "tzchart": "dst charts", "csvexport": "backend",
    "doublebook": "backend concurrency", "loadtest": "performance", "vat": "finance",
    "invoices": "finance", "insurance": "finance", "tlsmon": "ops", "restore": "ops",
    "staging": "ops", "blogpost": "writing", "portfolio": "writing",
}
# Card keys: the blocker, then what it blocks (added to DEPENDENCIES' seven).
MORE_DEPENDENCIES = (("stripe", "guest"), ("visitors", "alerts"))
