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
# --- the 12-week year (demo_plans.py seeds it with its own generator). Today falls in week 8:
# weeks 1-7 are reviewed, week 6's review set the midpoint lock, weeks 9-12 hold what the
# tactics put there. Everything below is what the plan verbs would have written for this story.
VISION = dict(
    title="An independent studio, fully booked with retainers",
    body="A small studio that picks its clients: long-term retainers with people I like, "
         "a four-day week, and one product of my own that pays for the quiet months.",
    three_year="By 2029: three retainer clients covering the fixed costs, Fridays for the "
               "product, a half marathon every spring and eight weeks off a year.",
)
# kind, title, why; measures: (kind, name, target, unit, source, period, scope: client keys),
# tactics: (title, first week, last week, card key, project key).
PLAN_GOALS = (
    ("business", "Make Nordlicht Studio a long-term retainer client",
     "Retainers smooth out cash flow and leave room for deep work.",
     (("lag", "Billed to Nordlicht", "12000", "EUR", "billed", "cycle", ("nordlicht",)),
      ("lead", "Hours on Nordlicht work", "15", "h", "hours", "week", ("nordlicht",)),
      ("lead", "Outreach conversations", "5", "", "manual", "week", ())),
     (("Weekly status email to every client", 1, 12, None, None),
      ("Five outreach conversations", 2, 12, None, None),
      ("Draft the care retainer offer for Nordlicht", 1, 2, None, "care"),
      ("Get the Stripe switch through review", 6, 8, "stripe", None),
      ("Publish the Stripe case study", 9, 10, "blogpost", None))),
    ("personal", "Run a half marathon in under two hours",
     "Energy for long client days, and a goal away from the screen.",
     (("lag", "Longest run", "21", "km", "manual", "cycle", ()),
      ("lead", "Training runs", "3", "runs", "manual", "week", ())),
     (("Three runs, one of them long", 1, 12, None, None),
      ("Lights out by 23:00 on weeknights", 1, 12, None, None),
      ("Race-pace tempo run", 7, 12, None, None))),
)
# Typed measure values: name -> weeks 1-8 (week 8's so far), or the cycle's value (week 0).
MEASURE_WEEKS = {"Outreach conversations": (3, 2, 3, 5, 4, 6, 5, 1),
                 "Training runs": (3, 3, 2, 3, 3, 3, 2, 1)}
MEASURE_CYCLE = {"Longest run": "17"}
# Ad-hoc items planned on a week's Monday, after the review: (title, goal kind, card key).
PLAN_ADDED = {
    1: (("Set up the retainer pricing sheet", "business", None),
        ("Book a physio check", "personal", None)),
    2: (("Follow up on the Hollis proposal", "business", None),
        ("Renew the liability insurance", None, "insurance")),
    3: (("Call the accountant about the VAT", None, None), ("Renew the domain names", None, None)),
    4: (("Move time tracking over to fcc", None, None),
        ("Outline the Stripe case study", "business", "blogpost"),
        ("Send the monthly invoices", None, "invoices")),
    5: (("Quarterly VAT return", None, "vat"),
        ("Get the GDPR wording for guest checkout", "business", "guest")),
    6: (("Fix the chart's DST shift", "business", "tzchart"),),
    7: (("Review the availability endpoint", "business", "availability"),),
    8: (("Demo the live visitors widget to Marcus", "business", "visitors"),),
}
# Planned during a week for a later one (before the midpoint lock, so it raised that quota).
PLAN_AHEAD = {6: ((7, "Prepare the Nordlicht retainer meeting", "business", None),)}
# Dropped in the middle of the week (Wednesday), which lowers the week's quota.
PLAN_DROPPED = {3: (("Call the accountant about the VAT", "Accountant on holiday until week 5"),)}
# Each week's review (on the next Monday): its text, and what became of each unfinished item:
# recommit (to the next week), drop (a reason) or break down (new items). Everything else of
# weeks 1-7 was done.
PLAN_REVIEWS = {
    1: ("Strong start: the retainer offer is half written.", ()),
    2: ("A Brightwave fire drill ate Thursday; outreach was the first thing to go.",
        (("Five outreach conversations", "drop", "Only two this week; the tactic carries on"),
         ("Follow up on the Hollis proposal", "recommit", None))),
    3: ("Back on track, but outreach keeps slipping.",
        (("Five outreach conversations", "drop", "Three of five; the measure has the count"),)),
    4: ("Good week. The case study outline was too big for one item.",
        (("Outline the Stripe case study", "break",
          ("Collect the Stripe numbers", "Ask Lena for a quote")),)),
    5: ("Black Friday prep crowded out the plan: too many items, plan fewer and finish them.",
        (("Quarterly VAT return", "recommit", None), ("Ask Lena for a quote", "recommit", None),
         ("Lights out by 23:00 on weeknights", "drop", "Two late deploys; the habit stays"))),
    6: ("Midpoint: four of six weeks at or near the bar. Weeks 7-12 are locked from here.",
        (("Quarterly VAT return", "recommit", None),)),
    7: ("Tempo run skipped for the calf; the Stripe review is stuck on the PayPal question.",
        (("Quarterly VAT return", "recommit", None),
         ("Race-pace tempo run", "drop", "Calf strain: easy runs only until the physio says so"),
         ("Get the Stripe switch through review", "break",
          ("Answer Lena's PayPal fallback question", "Merge the Stripe webhooks")))),
}
PLAN_DONE_NOW = ("Weekly status email to every client", "Answer Lena's PayPal fallback question")
# Journal notes: (week, day of the week from 0, local time, text); week 8's never after now.
PLAN_NOTES = (
    (1, 0, "07:45", "First week of the cycle. Retainers first, then the half marathon."),
    (1, 3, "21:10", "Long run 12 km felt easy; keep the pace honest."),
    (1, 4, "16:20", "Sent Lena the first draft of the care retainer offer."),
    (2, 1, "09:10", "Hollis wants the proposal split in two phases. Reworking it."),
    (2, 3, "18:30", "Brightwave outage: the whole day on the dashboard."),
    (3, 0, "08:40", "Three outreach calls booked for Thursday."),
    (3, 2, "12:15", "Accountant away until week 5: dropped the call, the VAT card stays."),
    (4, 1, "17:30", "Tracking time in fcc from today; the spreadsheet retires."),
    (4, 3, "20:05", "Case study outline is a week of work, not an item. Break it down."),
    (5, 2, "13:00", "Lena liked the retainer offer; she wants numbers from the Stripe switch."),
    (5, 4, "22:40", "Deploy ran late again. Plan fewer items, finish more of them."),
    (6, 1, "08:05", "Half the cycle gone. Nordlicht hours are behind the lead measure."),
    (6, 3, "16:10", "Planned week 7 ahead before the lock: the retainer meeting goes in."),
    (7, 2, "19:00", "Calf tight after the tempo run; physio on Friday."),
    (7, 5, "10:30", "17 km long run, slow and steady. New longest run."),
    (8, 0, "09:15", "The VAT return has rolled three times: do it first or drop it."),
)

# --- what boards show beyond 0001's columns (demo_boards.py seeds it, with its own generator,
# so the time log above stays as it was). No second board: its cards would join
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

# --- billing (demo_billing.py seeds it, with its own generator). The seller is the demo's
# freelancer; each client's billing details: address, tax id, payment terms (days), tax rate
# (percent, None: no tax line), reverse charge, needs an approved timesheet. -----------------
SELLER = dict(name="Mara Lindqvist Web Consulting",
              address="Lychener Straße 42\n10437 Berlin\nGermany", tax_id="DE301234567",
              email="hello@maralindqvist.dev",
              bank="GLS Bank\nIBAN DE12 4306 0967 1234 5678 00\nBIC GENODEM1GLS")
CLIENT_BILLING = {
    "nordlicht": dict(address="Torstraße 109\n10119 Berlin\nGermany", tax_id="DE287654321",
                      payment_terms=14, tax_rate="19.00", reverse_charge=False,
                      needs_approval=True),
    "brightwave": dict(address="2150 Shattuck Ave, Suite 700\nBerkeley, CA 94704\nUSA",
                       tax_id="", payment_terms=7, tax_rate=None, reverse_charge=False,
                       needs_approval=False),
    "hollis": dict(address="14 Clerkenwell Green\nLondon EC1R 0DP\nUnited Kingdom",
                   tax_id="GB 123 4567 89", payment_terms=30, tax_rate=None,
                   reverse_charge=True, needs_approval=False),
}
# Approvals of weekly timesheets: (client key, weeks ago, the client's answer, its note).
# Each is sent on the week's Sunday at 18:00 UTC and answered the next morning.
APPROVALS = (
    ("nordlicht", 3, "approved", "Thanks, all fine."),
    ("nordlicht", 2, "approved", "Approved."),
    ("nordlicht", 1, "approved", "Thanks, all fine."),
    ("brightwave", 1, "pending", ""),
    ("hollis", 1, "rejected", "Please split the webhook hours by endpoint."),
)
# Invoices: (client key, from an approval of this week ago | None, the weeks ago of its period
# (first, last), what became of it). ``paid``: issued the Monday after, paid on the next
# Friday; ``issued``: issued the Monday after; ``void``: issued, then voided on the
# Wednesday by a credit note; ``draft``: created once the approval came back.
INVOICES = (
    ("nordlicht", 3, (3, 3), "paid"),
    ("brightwave", None, (3, 3), "issued"),  # 7 days' terms: overdue by now
    ("nordlicht", 2, (2, 2), "void"),
    ("hollis", None, (3, 2), "issued"),  # 30 days' terms: not due yet
    ("nordlicht", 1, (1, 1), "draft"),
)
VOID_REASON = "Lena asked for the care retainer hours on an invoice of their own"
