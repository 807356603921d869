"""Directory: the place's services and where and when they run, in the shape of Open Referral UK
(HSDS 3.0) — service, location, service-at-location, address, contact, phone, schedule, service
area, cost option, language, funding, taxonomy, taxonomy term and attribute — with capacity
(accepting referrals, typical wait, referral route), public pages, the forms organisations keep
their records with, the LIO's verification queue, and the demo place."""
