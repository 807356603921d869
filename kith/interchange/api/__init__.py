"""The public Open Referral UK 3.0 read API: `to_oruk` serialisers, query-parameter forms, views and the OpenAPI document."""
