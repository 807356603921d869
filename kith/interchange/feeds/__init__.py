"""Importing Open Referral UK feeds (an API's address or a JSON file): read the whole feed, clean
each record, upsert it with provenance, and report what happened.

Where things are: reading.py (the feed as a whole: HTTP pages, files, which kind of document),
cleaning.py (single values), records.py (one record to Kith's fields, with warnings or a reason to
reject), writing.py (upsert by feed and external id, savepoints, provenance, audit, search index),
importer.py (a run, as a Job of kind "oruk_import"), report.py (the report as text), views.py.

What is decided, and said in each run's report:
- A feed that cannot be read as a whole (not JSON, cut short, HTML, an error status, too slow, the
  wrong shape) stops the import before anything is written.
- Rejected, with the reason: no id; an id already used earlier in the feed (the first is kept); no
  name; an organisation that is neither in the feed nor imported from it before (or rejected).
- Kept with a warning: an invalid email address or website is left out; text longer than Kith
  holds is cut at a word; a missing description is stated as missing; ages that are not 0 to 120,
  or a maximum under the minimum, are left out; phone numbers, opening times, addresses and
  service areas (GSS codes only) that Kith cannot use are left out; ORUK 1.0 names are read as
  their 3.0 equivalents.
- Needs and service types are matched to the directory's own terms (by id, taxonomy and code or
  name, code, then name); terms that match none are left out with a note, so that the directory's
  needs stay the ones people search by.
- Kept in Kith, never overwritten by a later import: verification, capacity (taken from Kith's
  kith_capacity extension only when the record is created), the organisation's type (guessed
  from its identifiers when created) and whether it is active.
- A record the feed no longer has is kept and marked "not seen since"; the parts of a service
  (phones, opening times and so on) that the feed drops are removed with it.
"""
